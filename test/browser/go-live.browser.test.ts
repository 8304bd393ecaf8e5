// The go-live waves in a real browser against the real server and redis-server: the board's
// "went live today" filter, the dashboard's go-live panel (live from the socket, with its table
// toggle and the centres with no case yet, in Danish and English) and the report's section.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { danishDay, daysBetween } from '../../shared/go-live-curve.ts';
import type { Stats } from '../../shared/stats-schemas.ts';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, card, launch, openAs, postCase, ROOMY_LIMITS, WAIT } from './kit.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
// bh-solsikken goes live today, bh-regnbuen went live two days ago, vs-humlebien goes live next week.
const waves = (today: string): Record<string, string> => ({ 'bh-solsikken': today, 'bh-regnbuen': addDays(today, -2), 'vs-humlebien': addDays(today, 7) });

let browser: Browser;
let stack: Stack;
let lead: Session;
/** The Danish day each case was posted on, by centre. */
const posted: Record<string, string[]> = { 'bh-solsikken': [], 'bh-regnbuen': [] };
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

/**
 * Sets the go-live days from the server's day, as the lead sets them, through the settings, right
 * before a test looks: a run that crosses midnight in Copenhagen still finds "today" where it was set.
 */
async function wavesFromServerDay(): Promise<string> {
  const today = ((await lead.request('GET', '/api/stats?bucket=day')).body as Stats).goLive!.today;
  const set = waves(today);
  const current = (await lead.request('GET', '/api/settings')).body;
  const institutions = current.institutions.map((i: { id: string }) => (set[i.id] ? { ...i, goLive: set[i.id] } : i));
  expect((await lead.request('PUT', '/api/settings', { ...current, institutions })).status).toBe(200);
  return today;
}

async function postOn(as: Session, title: string, institution: string): Promise<string> {
  const id = await postCase(as, title, { institution });
  posted[institution].push(danishDay(Date.now()));
  return id;
}

/** A centre's row in the go-live table after its go-live day: before, day 0 … day 2, total. */
function expectedRow(institution: string, today: string): string[] {
  const goLive = waves(today)[institution];
  const days = posted[institution];
  const counts = Array.from({ length: daysBetween(goLive, today) + 1 }, (_, d) => String(days.filter((p) => p === addDays(goLive, d)).length));
  const columns = 3; // bh-regnbuen's day 0, 1 and 2
  return [String(days.filter((p) => p < goLive).length), ...counts, ...Array(columns - counts.length).fill(''), String(days.length)];
}

beforeAll(async () => {
  browser = await launch();
  stack = await startStack({ env: ROOMY_LIMITS });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
  lead = await login(stack.baseUrl, 'lene', 'lene-password');
  await wavesFromServerDay();
  await stack.addUser('sol', 'sol-password', 'reporter', { institution: 'bh-solsikken' });
  await stack.addUser('regn', 'regn-password', 'reporter', { institution: 'bh-regnbuen' });
  [sol, regn] = await Promise.all([login(stack.baseUrl, 'sol', 'sol-password'), login(stack.baseUrl, 'regn', 'regn-password')]);
  solCase = await postOn(sol, 'Forælder kan ikke logge ind med MitID', 'bh-solsikken');
  regnCase = await postOn(regn, 'Billeder vises ikke i appen', 'bh-regnbuen');
}, 120_000);

afterAll(async () => {
  for (const c of opened) await c.close();
  await browser?.close();
  await stack?.close();
});

describe('go-live waves in the browser', () => {
  it('the board filter "went live today" shows only the cases from today’s wave, and keeps it in the address', async () => {
    await wavesFromServerDay();
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
    const today = await wavesFromServerDay();
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
    // Regnbuen went live two days ago: its case today is on day 2 (['0', '0', '0', '1', '1']).
    await expect.poll(async () => (await row(/Regnbuen/).locator('td').allTextContents()).slice(1), WAIT).toEqual(expectedRow('bh-regnbuen', today));
    await expect.poll(async () => (await row(/Solsikken/).locator('td').allTextContents()).slice(1), WAIT).toEqual(expectedRow('bh-solsikken', today));

    // A new case reaches the open dashboard through the socket, no reload.
    await postOn(sol, 'Kalenderen mangler lukkedage', 'bh-solsikken');
    await expect.poll(async () => (await row(/Solsikken/).locator('td').allTextContents()).slice(1), WAIT).toEqual(expectedRow('bh-solsikken', today));
    expect(await axeSerious(page)).toEqual([]);
    // For a person to look at.
    await mkdir(ARTIFACTS, { recursive: true });
    await panel.screenshot({ path: path.join(ARTIFACTS, 'dashboard-go-live.png') });
  });

  it('speaks English when the board does', async () => {
    await wavesFromServerDay();
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
