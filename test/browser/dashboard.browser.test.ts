// The lead's dashboard, the wall screen at /tv and the evaluation report in a real browser
// (Debian's Chromium via playwright-core) against the real server and redis-server, with cases
// created, claimed and resolved, and a roster booked, before the pages open. The figures on
// screen are checked against GET /api/stats; screenshots and the report's PDF are kept in
// test/artifacts/ for a person to look at.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatRosterTime } from '../../shared/roster.ts';
import { login, request, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { INST, launch, move, openAs as openAsIn, postCase, ROOMY_LIMITS, WAIT } from './kit.ts';

const OTHER = 'bh-regnbuen';
const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A Danish date some days from now: the rollout week is set around today, so the cases fall in it. */
const danishDate = (offsetDays: number) => formatRosterTime(new Date(Date.now() + offsetDays * DAY)).slice(0, 10);

let browser: Browser;
let stack: Stack;
let lead: Session;
let reporter: Session;
let anna: Session;
let bo: Session;
let urgentId: string;

/** Opens `url` in a fresh browser context and signs in on the login page it shows (without waiting for the header). */
function openAs(username: string, url: string, viewport = { width: 1500, height: 1000 }): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP only so the test can inject axe-core; the board itself runs under the server's CSP.
  return openAsIn(browser, stack, username, { hash: url, connected: false, context: { viewport, acceptDownloads: true, bypassCSP: true } });
}

const text = async (page: Page, testid: string) => (await page.getByTestId(testid).textContent())?.trim();

const AXE = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');
/** WCAG 2 A and AA problems axe-core finds inside `selector` (contrast included), as readable lines. */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: string, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(sel, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  }, selector);
  return violations;
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launch();
  stack = await startStack({
    env: ROOMY_LIMITS,
    rollout: {
      rollout: { name: 'Testuge', start: danishDate(-1), end: danishDate(4) },
      // Urgent cases must be claimed within 3 seconds, so one left alone is soon in breach.
      sla: { urgent: { claimMinutes: 0.05, resolveMinutes: 600 }, normal: { claimMinutes: 600, resolveMinutes: 600 } },
    },
  });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
  await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
  await stack.addUser('bo', 'bo-password', 'member', { name: 'Bo Berg' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
  await stack.addUser('vaeg', 'vaeg-password', 'viewer', { name: 'Vægskærm' });
  [lead, reporter, anna, bo] = await Promise.all([
    login(stack.baseUrl, 'lene', 'lene-password'),
    login(stack.baseUrl, 'sol', 'sol-password'),
    login(stack.baseUrl, 'anna', 'anna-password'),
    login(stack.baseUrl, 'bo', 'bo-password'),
  ]);

  // Five cases: two claimed by Anna (one resolved), one by Bo, one left new, one urgent left to breach.
  const ids = [];
  for (const title of ['Forælder kan ikke logge ind med MitID', 'Billeder vises ikke i appen', 'Beskeder kommer ikke frem', 'Kalenderen mangler lukkedage']) {
    ids.push(await postCase(reporter, title));
  }
  await move(anna, ids[0], 'claim');
  await move(anna, ids[0], 'resolve', { resolution: 'Nulstillede adgangen; virker nu.' });
  await move(anna, ids[1], 'claim');
  await move(bo, ids[2], 'claim');
  // The lead may send a case for any centre: this one comes from a second institution.
  urgentId = await postCase(lead, 'Ingen kan tjekke børn ind', { priority: 'urgent', institution: OTHER });

  // A known problem with two cases, one still open: it recurs on the wall and in the report.
  const problem = await lead.request('POST', '/api/problems', { title: 'MitID-login fejler efter opdatering', caseIds: [ids[0], ids[1]] });
  expect(problem.status, JSON.stringify(problem.body)).toBe(201);

  // Anna is on duty now, Bo later today.
  const now = Date.now();
  const shifts = [
    { username: 'anna', start: new Date(now - HOUR).toISOString(), end: new Date(now + 3 * HOUR).toISOString() },
    { username: 'bo', start: new Date(now + 4 * HOUR).toISOString(), end: new Date(now + 8 * HOUR).toISOString() },
  ];
  const roster = await lead.request('PUT', '/api/roster', { shifts });
  expect(roster.status, JSON.stringify(roster.body)).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

// No skip when Chromium is missing: .ci/run installs it, and a missing browser must fail loudly.
describe('dashboard, wall screen and report in the browser', () => {
  it('shows the live figures from the server and counts a new case without a reload', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs('lene', '/#/dashboard');
    try {
      await page.getByRole('heading', { name: 'Overblik over belastningen' }).waitFor();
      await page.getByTestId('fig-arrivals').waitFor({ timeout: 15_000 });
      const stats = (await lead.request('GET', '/api/stats')).body;
      expect(stats.arrivals.count).toBe(5);
      await expect.poll(() => text(page, 'fig-arrivals'), WAIT).toBe(String(stats.arrivals.count));
      await expect.poll(() => text(page, 'fig-resolved'), WAIT).toBe(String(stats.answers.resolutions));
      await expect.poll(() => text(page, 'fig-escalations'), WAIT).toBe(String(stats.escalations.cases));
      // Load per member: the same open claims and resolutions as the server counts.
      for (const m of stats.members as { username: string; openClaims: number; resolved: number }[]) {
        const cells = page.locator(`[data-testid="member-load"] tr[data-username="${m.username}"] td`);
        await expect.poll(async () => (await cells.allTextContents()).slice(0, 2), { ...WAIT, message: m.username }).toEqual([String(m.openClaims), String(m.resolved)]);
      }
      // The time series are drawn by uPlot; the heat map and the durations are tables.
      await expect.poll(() => page.locator('.uplot canvas').count(), WAIT).toBeGreaterThanOrEqual(2);
      await expect.poll(() => page.getByTestId('heat-map').locator('tbody tr').count(), WAIT).toBe(stats.arrivals.byInstitution.length);
      const normalClaims = page.locator('[data-testid="durations-claim"] tr[data-priority="normal"] td').first();
      await expect.poll(() => normalClaims.textContent(), WAIT).toBe(String(stats.timeToClaim.byPriority.normal.count));

      // The chart's text alternative: its figures as a table, on request. The table is built once
      // the details element has opened, which the browser reports a moment after the click.
      const arrivalsPanel = page.locator('section[aria-labelledby="arrivals-title"]');
      await arrivalsPanel.getByText('Vis tallene som tabel').click();
      const perHour = arrivalsPanel.locator('details tbody tr td:nth-child(2)');
      await expect.poll(async () => (await perHour.allTextContents()).reduce((sum, n) => sum + Number(n), 0), WAIT).toBe(stats.arrivals.count);

      // The export buttons download the chosen range.
      const exportLink = page.getByTestId('export-cases-csv');
      await expect.poll(() => exportLink.getAttribute('href'), WAIT).toContain('/api/export/cases?');
      const exportHref = await exportLink.getAttribute('href');
      const download = await page.request.get(stack.baseUrl + exportHref!);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-disposition']).toContain('attachment');
      expect((await download.text()).split('\r\n').filter(Boolean).length).toBe(1 + stats.arrivals.count);

      // A new case reaches the figures over the socket: no reload, no polling.
      const before = Number(await text(page, 'fig-arrivals'));
      await postCase(reporter, 'Forældre får ingen notifikationer');
      await expect.poll(() => text(page, 'fig-arrivals'), { timeout: 10_000 }).toBe(String(before + 1));
      expect((await lead.request('GET', '/api/stats')).body.arrivals.count).toBe(before + 1);
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
      expect(await axeViolations(page, '.dashboard')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('serves /tv and shows the wall screen to the viewer: unclaimed, breaches, on duty, latest', { timeout: 90_000 }, async () => {
    const plain = await request(stack.baseUrl, 'GET', '/tv');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toContain('text/html');

    const { context, page } = await openAs('vaeg', '/tv', { width: 1920, height: 1080 });
    try {
      await page.getByTestId('wall').waitFor();
      const cases = (await lead.request('GET', '/api/cases')).body.cases as { id: string; status: string }[];
      const unclaimed = cases.filter((c) => c.status === 'new').length;
      await expect.poll(() => text(page, 'wall-unclaimed'), WAIT).toBe(String(unclaimed));
      // The urgent case's claim target was three seconds: it is in breach by now.
      await page.locator(`[data-testid="wall-breach-list"] li[data-case-id="${urgentId}"]`).waitFor({ timeout: 20_000 });
      await expect.poll(async () => Number(await text(page, 'wall-breaches')), WAIT).toBeGreaterThanOrEqual(1);
      const onDuty = page.getByTestId('wall-on-duty');
      await expect.poll(() => onDuty.locator('li[data-username="anna"]').textContent(), WAIT).toContain('Anna Andersen');
      // The same list that shows Anna now: Bo's shift starts later.
      expect(await onDuty.locator('li[data-username="bo"]').count()).toBe(0);
      await expect.poll(() => page.getByTestId('wall-latest').locator('li').first().getAttribute('data-case-id'), WAIT).toBe(
        [...cases].sort((a, b) => Number(b.id) - Number(a.id))[0].id,
      );
      await expect.poll(() => page.getByTestId('wall-recurring').textContent(), WAIT).toContain('MitID-login fejler efter opdatering');
      // Read-only and without menus: no buttons, no navigation.
      expect(await page.getByRole('button').count()).toBe(0);
      expect(await page.getByRole('navigation').count()).toBe(0);

      // Live: a claim on another board takes the count down at once.
      const newest = cases.find((c) => c.status === 'new' && c.id !== urgentId)!;
      await move(bo, newest.id, 'claim');
      await expect.poll(() => text(page, 'wall-unclaimed'), WAIT).toBe(String(unclaimed - 1));
      await page.screenshot({ path: path.join(ARTIFACTS, 'tv.png') });
      expect(await axeViolations(page, '.wall')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('prints the evaluation report with the volumes from the statistics', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs('lene', '/#/report');
    try {
      await page.getByRole('heading', { name: 'Evaluering af udrulningen' }).waitFor();
      const stats = (await lead.request('GET', '/api/stats?bucket=day')).body;
      await expect.poll(() => text(page, 'report-arrivals'), WAIT).toBe(String(stats.arrivals.count));
      const days = page.getByTestId('report-by-day').locator('tbody tr');
      await expect.poll(() => days.count(), WAIT).toBe(stats.buckets.length);
      for (const [i, b] of (stats.buckets as { start: string }[]).entries()) {
        await expect.poll(() => page.locator(`[data-testid="report-by-day"] tr[data-day="${b.start}"] td`).first().textContent(), WAIT).toBe(String(stats.arrivals.total[i]));
      }
      const institution = page.locator(`[data-testid="report-by-institution"] tr[data-institution="${INST}"] td`).first();
      await expect.poll(() => institution.textContent(), WAIT).toBe(String(stats.arrivals.byInstitution.find((r: { institution: string }) => r.institution === INST).count));
      const problemRow = page.getByTestId('report-problems').locator('tbody tr', { hasText: 'MitID-login fejler efter opdatering' });
      await expect.poll(() => problemRow.locator('td').first().textContent(), WAIT).toBe('2');
      await expect.poll(() => page.getByTestId('report-escalations').textContent(), WAIT).toContain(`af ${stats.arrivals.count} henvendelser`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
      expect(await axeViolations(page, '.report-page')).toEqual([]);
      await page.pdf({ path: path.join(ARTIFACTS, 'report.pdf'), format: 'A4', printBackground: true });
      // How the print styles lay it out, for a person to look at beside the PDF: no toolbar, no frame.
      const print = page.getByRole('button', { name: 'Udskriv eller gem som PDF' });
      await print.waitFor();
      await page.emulateMedia({ media: 'print' });
      await expect.poll(() => print.isVisible(), WAIT).toBe(false);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-print.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
