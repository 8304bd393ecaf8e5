// The go-live waves in a real browser against the real server and redis-server: the board's
// "went live today" filter, the dashboard's go-live panel (live from the socket, with its table
// toggle and the centres with no case yet, in Danish and English) and the report's section.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { danishDay } from '../../shared/go-live-curve.ts';
import type { Stats } from '../../shared/stats-schemas.ts';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, card, launch, openAs, postCase, ROOMY_LIMITS, WAIT } from './kit.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const TODAY = danishDay(Date.now());
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
// bh-solsikken goes live today, bh-regnbuen went live two days ago, vs-humlebien goes live next week.
const WAVES: Record<string, string> = { 'bh-solsikken': TODAY, 'bh-regnbuen': addDays(TODAY, -2), 'vs-humlebien': addDays(TODAY, 7) };

let browser: Browser;
let stack: Stack;
let sol: Session;
let regn: Session;
const opened: BrowserContext[] = [];
let solCase: string;
let regnCase: string;

async function open(username: string, hash: string): Promise<Page> {
  const { context, page } = await openAs(browser, stack, username, { hash, connected: false });
  opened.push(context);
  return page;
}

beforeAll(async () => {
  browser = await launch();
  stack = await startStack({ env: ROOMY_LIMITS });
  const lead = await (async () => {
    await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
    return login(stack.baseUrl, 'lene', 'lene-password');
  })();
  // The go-live days set as the lead sets them, through the settings.
  const current = (await lead.request('GET', '/api/settings')).body;
  const institutions = current.institutions.map((i: { id: string }) => (WAVES[i.id] ? { ...i, goLive: WAVES[i.id] } : i));
  expect((await lead.request('PUT', '/api/settings', { ...current, institutions })).status).toBe(200);
  await stack.addUser('sol', 'sol-password', 'reporter', { institution: 'bh-solsikken' });
  await stack.addUser('regn', 'regn-password', 'reporter', { institution: 'bh-regnbuen' });
  [sol, regn] = await Promise.all([login(stack.baseUrl, 'sol', 'sol-password'), login(stack.baseUrl, 'regn', 'regn-password')]);
  solCase = await postCase(sol, 'Forælder kan ikke logge ind med MitID', { institution: 'bh-solsikken' });
  regnCase = await postCase(regn, 'Billeder vises ikke i appen', { institution: 'bh-regnbuen' });
}, 120_000);

afterAll(async () => {
  for (const c of opened) await c.close();
  await browser?.close();
  await stack?.close();
});

describe('go-live waves in the browser', () => {
  it('the board filter "went live today" shows only the cases from today’s wave, and keeps it in the address', async () => {
    const page = await open('lene', '/#/');
    await card(page, solCase).waitFor();
    await card(page, regnCase).waitFor();
    const toggle = page.getByLabel('Gik live i dag (1)');
    await toggle.check();
    await expect.poll(() => card(page, regnCase).count(), WAIT).toBe(0);
    expect(await card(page, solCase).count()).toBe(1);
    expect(page.url()).toContain('live=today');
    // Shared or reloaded, the address keeps the filter.
    await page.reload();
    await card(page, solCase).waitFor();
    await expect.poll(() => page.getByLabel('Gik live i dag (1)').isChecked(), WAIT).toBe(true);
    expect(await card(page, regnCase).count()).toBe(0);
    await toggle.uncheck();
    await card(page, regnCase).waitFor();
  });

  it('the dashboard shows the curve per centre and the centres with no case yet, and follows a new case live', async () => {
    const page = await open('lene', '/#/dashboard');
    const panel = page.locator('section[aria-labelledby="golive-title"]');
    await panel.getByRole('heading', { name: 'Go-live-kurven' }).waitFor(WAIT);
    const noCase = panel.getByTestId('golive-nocase');
    await expect.poll(() => noCase.textContent(), WAIT).toContain('Vuggestuen Humlebien');
    expect(await noCase.textContent()).not.toContain('Solsikken');
    expect(await noCase.textContent()).not.toContain('Regnbuen');
    // The chart has a line per wave that has gone live; the figures are in the table behind the toggle.
    expect(await panel.locator('.chart canvas').count()).toBeGreaterThan(0);
    await panel.getByText('Vis tallene som tabel').click();
    const table = panel.getByTestId('golive-table');
    const row = (name: RegExp) => table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name }) });
    // Regnbuen went live two days ago: its case today is on day 2.
    await expect.poll(async () => (await row(/Regnbuen/).locator('td').allTextContents()).slice(1), WAIT).toEqual(['0', '0', '0', '1', '1']);
    await expect.poll(async () => (await row(/Solsikken/).locator('td').allTextContents()).slice(1), WAIT).toEqual(['0', '1', '', '', '1']);

    // A new case reaches the open dashboard through the socket, no reload.
    await postCase(sol, 'Kalenderen mangler lukkedage', { institution: 'bh-solsikken' });
    await expect.poll(async () => (await row(/Solsikken/).locator('td').allTextContents()).slice(1), WAIT).toEqual(['0', '2', '', '', '2']);
    expect(await axeSerious(page)).toEqual([]);
    // For a person to look at.
    await mkdir(ARTIFACTS, { recursive: true });
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-go-live.png') });
  });

  it('speaks English when the board does', async () => {
    const page = await open('lene', '/#/dashboard');
    // Signed in (the session cookie set) before the reload; the login page spoke Danish.
    await page.getByRole('heading', { name: 'Go-live-kurven' }).waitFor(WAIT);
    // The language a person picked is kept in the browser.
    await page.evaluate(() => localStorage.setItem('warroom.lang', 'en'));
    await page.reload();
    const panel = page.locator('section[aria-labelledby="golive-title"]');
    await panel.getByRole('heading', { name: 'Go-live curve' }).waitFor(WAIT);
    await panel.getByRole('heading', { name: /No case yet/ }).waitFor();
    await page.goto(`${stack.baseUrl}/#/`);
    await page.getByLabel('Went live today (1)').waitFor(WAIT);
  });

  it('the report has the go-live waves and the centres with no case yet', async () => {
    const page = await open('lene', '/#/report');
    const table = page.getByTestId('report-golive');
    await table.waitFor(WAIT);
    const stats = (await (await login(stack.baseUrl, 'lene', 'lene-password')).request('GET', '/api/stats?bucket=day')).body as Stats;
    const centres = stats.goLive!.centres;
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-institution')))).toEqual(centres.map((c) => c.institution));
    expect(await table.locator('tr[data-institution="bh-solsikken"] td').last().textContent()).toBe('2');
    expect(await page.getByTestId('report-golive-nocase').textContent()).toContain('Vuggestuen Humlebien');
  });
});
