// The dashboard and the report when every case falls outside the rollout week (a board used
// after the week, or before it): by default both cover the days with cases, not the week's zeros;
// the report has the dashboard's range picker, keeps the range in its address, and its printed
// page states the range. In Danish and in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatRosterTime } from '../../shared/roster.ts';
import type { StatsRanges } from '../../shared/stats-schemas.ts';
import { parseInstant } from '../../shared/time-range.ts';
import { daPeriod } from '../../client/lib/report-format.ts';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { launch, move, openAs, postCase, ROOMY_LIMITS, WAIT } from './kit.ts';

const DAY = 24 * 3_600_000;
const danishDay = (offsetDays: number) => formatRosterTime(new Date(Date.now() + offsetDays * DAY)).slice(0, 10);

let browser: Browser;
let stack: Stack;
let lead: Session;
let ranges: StatsRanges;
const CASES = 3;

beforeAll(async () => {
  browser = await launch();
  // A rollout week that ended a fortnight ago: every case below arrives after it.
  stack = await startStack({ env: ROOMY_LIMITS, rollout: { rollout: { name: 'Testuge', start: danishDay(-20), end: danishDay(-14) } } });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Dahl', institution: 'bh-solsikken' });
  lead = await login(stack.baseUrl, 'lene', 'lene-password');
  const reporter = await login(stack.baseUrl, 'sol', 'sol-password');
  const ids = [];
  for (const title of ['Forælder kan ikke logge ind med MitID', 'Billeder vises ikke i appen', 'Beskeder kommer ikke frem']) ids.push(await postCase(reporter, title));
  await move(lead, ids[0], 'claim');
  await move(lead, ids[0], 'resolve', { resolution: 'Nulstillede adgangen.' });
  ranges = (await lead.request('GET', '/api/stats/ranges')).body;
  expect(ranges.basis).toBe('cases');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const text = async (page: Page, testid: string) => (await page.getByTestId(testid).textContent())?.trim();
const selectedPreset = (page: Page) => page.getByTestId('range-preset').locator('option:checked').textContent();
const hashQuery = (page: Page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');

describe('ranges that follow the data', () => {
  it('the dashboard shows the cases outside the rollout week by default', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { hash: '/#/dashboard' });
    try {
      await expect.poll(() => text(page, 'fig-arrivals'), WAIT).toBe(String(CASES));
      await expect.poll(() => text(page, 'fig-resolved'), WAIT).toBe('1');
      expect(await selectedPreset(page)).toBe('Fra første til seneste sag');
      // The rollout week is still one choice away, with its zeros.
      await page.getByTestId('range-preset').selectOption('rollout');
      await expect.poll(() => text(page, 'fig-arrivals'), WAIT).toBe('0');

      // In English: the same figures and the same choice, in the reader's language.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByTestId('range-preset').selectOption('cases');
      await expect.poll(() => text(page, 'fig-arrivals'), WAIT).toBe(String(CASES));
      expect(await selectedPreset(page)).toBe('First to latest case');
      await page.reload();
      await page.getByRole('heading', { name: 'Load overview' }).waitFor();
      await expect.poll(() => text(page, 'fig-arrivals'), WAIT).toBe(String(CASES));
      expect(await selectedPreset(page)).toBe('First to latest case');
    } finally {
      await context.close();
    }
  });

  it('the report follows the data, its picker changes the range, the address keeps it and the print states it', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { hash: '/#/report', connected: false });
    try {
      await page.getByRole('heading', { name: 'Evaluering af udrulningen' }).waitFor();
      await expect.poll(() => text(page, 'report-arrivals'), WAIT).toBe(String(CASES));
      expect(await selectedPreset(page)).toBe('Fra første til seneste sag');
      const casesPeriod = `Perioden ${daPeriod(ranges.cases!.from, ranges.cases!.to)}`;
      await expect.poll(() => text(page, 'report-period'), WAIT).toContain(`${casesPeriod}\u00a0(fra første til seneste sag)`);
      // The range is in the address, as GET /api/stats reads it.
      await expect.poll(() => hashQuery(page).get('from'), WAIT).toBe(formatRosterTime(new Date(ranges.cases!.from)).slice(0, 10));

      // The picker: the rollout week, with nothing in it.
      await page.getByTestId('range-preset').selectOption('rollout');
      await expect.poll(() => text(page, 'report-arrivals'), WAIT).toBe('0');
      const weekPeriod = `Perioden ${daPeriod(ranges.rollout.from, ranges.rollout.to)}\u00a0(udrulningsugen)`;
      await expect.poll(() => text(page, 'report-period'), WAIT).toContain(weekPeriod);
      await expect.poll(() => hashQuery(page).get('from'), WAIT).toBe(danishDay(-20));

      // Own dates: the day before the cases to the last case's day.
      await page.getByTestId('range-preset').selectOption('custom');
      const firstDay = formatRosterTime(new Date(ranges.cases!.from)).slice(0, 10);
      const lastDay = formatRosterTime(new Date(Date.parse(ranges.cases!.to) - 1)).slice(0, 10);
      const dayBefore = formatRosterTime(new Date(Date.parse(ranges.cases!.from) - 12 * 3_600_000)).slice(0, 10);
      await page.getByLabel('Fra og med').fill(dayBefore);
      await page.getByLabel('Til og med').fill(lastDay);
      await page.getByRole('button', { name: 'Vis', exact: true }).click();
      await expect.poll(() => text(page, 'report-arrivals'), WAIT).toBe(String(CASES));
      await expect.poll(() => hashQuery(page).get('from'), WAIT).toBe(dayBefore);
      expect(firstDay).not.toBe(dayBefore);

      // A link to the address opens the same range; a reload is such a link.
      const link = page.url();
      await page.reload();
      await page.getByRole('heading', { name: 'Evaluering af udrulningen' }).waitFor();
      expect(page.url()).toBe(link);
      await expect.poll(() => text(page, 'report-arrivals'), WAIT).toBe(String(CASES));
      const ownPeriod = `Perioden ${daPeriod(new Date(parseInstant(dayBefore)!).toISOString(), ranges.cases!.to)} · udskrevet`;
      await expect.poll(() => text(page, 'report-period'), WAIT).toContain(ownPeriod);

      // Printed: the picker and the toolbar are gone, the range is stated on the page.
      await page.emulateMedia({ media: 'print' });
      await expect.poll(() => page.getByTestId('range-preset').isVisible(), WAIT).toBe(false);
      expect(await page.getByTestId('report-period').isVisible()).toBe(true);
      expect(await text(page, 'report-period')).toContain(ownPeriod);
    } finally {
      await context.close();
    }
  });

  it('the report\'s picker speaks the board\'s language; the report itself stays Danish', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { hash: '/#/dashboard' });
    try {
      await page.getByRole('button', { name: 'English' }).click();
      await page.goto(`${stack.baseUrl}/#/report`);
      await page.getByRole('heading', { name: 'Evaluering af udrulningen' }).waitFor();
      await expect.poll(() => text(page, 'report-arrivals'), WAIT).toBe(String(CASES));
      expect(await selectedPreset(page)).toBe('First to latest case');
      await page.getByTestId('range-preset').selectOption('rollout');
      await expect.poll(() => text(page, 'report-arrivals'), WAIT).toBe('0');
      await expect.poll(() => text(page, 'report-period'), WAIT).toContain('(udrulningsugen)');
    } finally {
      await context.close();
    }
  });
});
