import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Every project runs with test/helpers/fixed-instant.ts, which moves the clock only when
// WARROOM_TEST_NOW is set: the tests that deal in dates run once more at each of these instants.
const project = (name: string, include: string[], env: Record<string, string> = {}) => ({
  plugins: [svelte()],
  test: {
    name,
    include,
    env,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's own deadline is one second: a socket event, a fetch and a render take longer than
    // that on a busy two-core machine (test/browser/kit.ts's WAIT, for the same reason).
    expect: { poll: { timeout: 15_000 } },
    setupFiles: ['test/helpers/fixed-instant.ts'],
  },
});

/**
 * Statistics, dashboard, report, roster, SLA and retention: what reads the date or the hour. Not
 * test/roster.test.ts (fixed dates, no clock) nor test/sla.test.ts (durations only, and the
 * longest to run); the SLA and roster rules themselves are in the shared and client tests here.
 */
const DATE_SENSITIVE = [
  'shared/stats.test.ts',
  'shared/roster.test.ts',
  'shared/sla.test.ts',
  'client/lib/dashboard.svelte.test.ts',
  'client/lib/report-format.test.ts',
  'client/lib/sla-view.test.ts',
  'client/lib/wall-view.test.ts',
  'test/stats.test.ts',
  'test/exports.test.ts',
  'test/privacy.test.ts',
  'test/browser/dashboard.browser.test.ts',
  'test/browser/ranges.browser.test.ts',
  'test/browser/roster-accounts.browser.test.ts',
  'test/browser/roster-week.browser.test.ts',
  'client/lib/roster-week.svelte.test.ts',
];

/**
 * 02:30 in summer time is 00:30 UTC, so an hour ago is another UTC date but the same Danish day;
 * 23:59 on the last day of the example rollout week crosses into the next Danish day (and out of
 * the week) a minute in; the morning after that week, its figures are all in the past.
 */
const INSTANTS = {
  'at 02:30 Danish time': '2026-06-17T02:30:00+02:00',
  'at 23:59 Danish time': '2026-12-04T23:59:00+01:00',
  'the day after the rollout week': '2026-12-05T10:00:00+01:00',
};

export default defineConfig({
  test: {
    // Once for the whole run (the root's, not each project's): the browser tests' build of the board.
    globalSetup: ['test/global-setup.ts'],
    projects: [
      project('real clock', ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts', 'test/**/*.test.ts']),
      ...Object.entries(INSTANTS).map(([name, now]) => project(name, DATE_SENSITIVE, { WARROOM_TEST_NOW: now })),
    ],
  },
});
