// The wall screen at /tv at the sizes televisions and laptops have, with long Danish titles and a
// full list of recurring problems: every panel's text stays inside its panel, an empty breach
// panel lists the longest-waiting cases instead of repeating the zero above it, the newest cases
// show their priority, and the team and signed-out visitors are not stranded there.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Session } from '../helpers/http.ts';
import { login } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { INST, launch, logIn, move, newPage, openAs, postCase, ROOMY_LIMITS, WAIT } from './kit.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const HOUR = 3_600_000;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];
const CENTRES = ['bh-maelkeboetten', 'vs-humlebien', 'bh-regnbuen', 'nbh-skovtrolden', 'bh-troldehoej'];

/** Real phrasing from centres on their first Aula morning: long, with names and devices in them. */
const LONG_TITLES = [
  'Forældre på Rødstuen kan ikke se billederne fra turen til skoven i appen efter opdateringen i går, hverken på iPhone eller Android',
  'Pædagogerne i vuggestuegruppen får fejlbesked "Noget gik galt" når de vil tjekke børn ind om morgenen på afdelingens fælles iPad',
  'Kontaktoplysningerne for halvdelen af forældrene til børnene på Solsikkestuen mangler efter overførslen fra det gamle system',
  'Beskeder til alle forældre i institutionen bliver ikke leveret, og vi har ingen kvittering for at de er sendt ud til nogen',
  'Kalenderen viser de forkerte lukkedage omkring jul og nytår, og forældrene tror derfor at vi holder lukket mellem jul og nytår',
  'Medarbejdere med delt stilling mellem to børnehuse kan kun se det ene hus i personaleappen og kan ikke skifte mellem dem',
  'Samtykker om billeder på hjemmesiden er nulstillet for alle børn, så vi ikke må vise nogen billeder før forældrene har svaret',
  'En far med to børn i forskellige institutioner får beskederne fra begge steder blandet sammen i én tråd og bliver forvirret',
];
const PROBLEMS = [
  'Billeder fra stuerne vises ikke i forældreappen efter opdateringen til version 2.14 på både iPhone og Android-telefoner',
  'Indtjekning på fælles iPad fejler med "Noget gik galt" om morgenen i alle vuggestuegrupper der bruger den delte enhed',
  'Kontaktoplysninger mangler efter overførslen fra det gamle forældreintrasystem for børn indskrevet efter sommerferien',
  'Gruppebeskeder til alle forældre leveres ikke og giver ingen kvittering eller fejlbesked til den medarbejder der sender',
  'Lukkedage i kalenderen er flyttet en dag frem for alle institutioner i kommunen efter importen af den fælles ferieplan',
];

let browser: Browser;
let stack: Stack;
let reporter: Session;
let lead: Session;
let urgentId: string;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await launch();
  stack = await startStack({
    env: ROOMY_LIMITS,
    // Nothing breaches during the test: the breach panel is the empty one.
    rollout: { sla: { urgent: { claimMinutes: 600, resolveMinutes: 600 }, normal: { claimMinutes: 600, resolveMinutes: 600 } } },
  });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
  await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
  await stack.addUser('vaeg', 'vaeg-password', 'viewer', { name: 'Vægskærm' });
  [reporter, lead] = await Promise.all([login(stack.baseUrl, 'sol', 'sol-password'), login(stack.baseUrl, 'lene', 'lene-password')]);
  const anna = await login(stack.baseUrl, 'anna', 'anna-password');

  const unclaimed: string[] = [];
  for (const title of LONG_TITLES) unclaimed.push(await postCase(reporter, title));
  // Five named problems, each with cases from two centres and one of them open: a full list.
  for (const [i, title] of PROBLEMS.entries()) {
    const a = await postCase(lead, `${title} (${CENTRES[i]})`, { institution: CENTRES[i] });
    const b = await postCase(lead, `${title} – samme fejl her`, { institution: CENTRES[(i + 1) % CENTRES.length] });
    await move(anna, b, 'claim');
    const res = await lead.request('POST', '/api/problems', { title, caseIds: [a, b] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  await move(anna, unclaimed[0], 'claim');
  urgentId = await postCase(reporter, 'Ingen forældre kan logge ind med MitID i appen i dag, heller ikke dem der kunne i går', { priority: 'urgent' });
  const now = Date.now();
  const shifts = ['anna', 'lene'].map((username) => ({ username, start: new Date(now - HOUR).toISOString(), end: new Date(now + 3 * HOUR).toISOString() }));
  expect((await lead.request('PUT', '/api/roster', { shifts })).status).toBe(200);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Every piece of text on the wall that is not wholly inside its panel, or wider than its own box. */
function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const wall = document.querySelector('.wall') as HTMLElement;
    const main = wall.querySelector('main') as HTMLElement;
    if (main.getBoundingClientRect().bottom > window.innerHeight + 0.5) out.push('the panels reach below the screen');
    if (main.scrollHeight > main.clientHeight + 1 || main.scrollWidth > main.clientWidth + 1) out.push('the panels need more room than the screen has');
    for (const panel of wall.querySelectorAll<HTMLElement>('main section')) {
      const name = panel.querySelector('h2')?.textContent?.trim() ?? '?';
      if (panel.scrollHeight > panel.clientHeight + 1) out.push(`${name}: content ${panel.scrollHeight}px high in ${panel.clientHeight}px`);
      if (panel.scrollWidth > panel.clientWidth + 1) out.push(`${name}: content ${panel.scrollWidth}px wide in ${panel.clientWidth}px`);
      const box = panel.getBoundingClientRect();
      const style = getComputedStyle(panel);
      const inner = {
        top: box.top + parseFloat(style.borderTopWidth),
        bottom: box.bottom - parseFloat(style.borderBottomWidth),
        left: box.left + parseFloat(style.borderLeftWidth),
        right: box.right - parseFloat(style.borderRightWidth),
      };
      for (const el of panel.querySelectorAll<HTMLElement>('h2, p, ul, li, span')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // hidden: an item that did not fit whole
        const label = `${name}: "${(el.textContent ?? '').trim().slice(0, 50)}"`;
        if (r.bottom > inner.bottom + 0.5 || r.top < inner.top - 0.5 || r.right > inner.right + 0.5 || r.left < inner.left - 0.5) out.push(`${label} is outside its panel`);
        if (getComputedStyle(el).display !== 'inline' && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) out.push(`${label} overflows its own box (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
      }
    }
    return out;
  });
}

const visibleItems = (page: Page, testid: string) => page.getByTestId(testid).locator('li:visible').count();

describe('the wall screen', () => {
  it('fits every panel at 1280×720, 1440×900 and 1920×1080, lists the longest-waiting cases when nothing is breached and shows priorities', { timeout: 120_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'vaeg', { hash: '/tv', connected: false, context: { viewport: SIZES[0] } });
    try {
      await page.getByTestId('wall-unclaimed').waitFor();
      await expect.poll(() => page.getByTestId('wall-recurring').locator('li').count(), WAIT).toBe(5);
      await expect.poll(() => page.getByTestId('wall-breaches').textContent(), WAIT).toBe('0');
      // The empty breach panel does not say "none" beside a 0: it lists who has waited longest.
      const waiting = page.getByTestId('wall-waiting-list');
      await waiting.waitFor();
      expect(await waiting.getAttribute('data-kind')).toBe('unclaimed');
      await expect(page.getByText('Ingen sager over fristen').count()).resolves.toBe(0);
      await expect.poll(() => waiting.locator('li').first().textContent(), WAIT).toContain(LONG_TITLES[1].slice(0, 30));
      // The newest case is urgent, and says so.
      const newest = page.getByTestId('wall-latest').locator('li').first();
      await expect.poll(() => newest.getAttribute('data-case-id'), WAIT).toBe(urgentId);
      expect(await newest.getByTestId('wall-priority').textContent()).toContain('Akut');

      for (const size of SIZES) {
        await page.setViewportSize(size);
        // The panels are fitted a frame after the resize: wait for the new size to be laid out first.
        await expect.poll(() => page.evaluate(() => [innerWidth, innerHeight]), WAIT).toEqual([size.width, size.height]);
        await expect.poll(() => overflows(page), { ...WAIT, message: `${size.width}×${size.height}` }).toEqual([]);
        if (size.width === 1920) await expect.poll(() => visibleItems(page, 'wall-recurring'), WAIT).toBeGreaterThanOrEqual(3);
        await page.screenshot({ path: path.join(ARTIFACTS, `tv-${size.width}x${size.height}.png`) });
        await expect.poll(() => overflows(page), { ...WAIT, message: `${size.width}×${size.height} after fitting` }).toEqual([]);
        // Fitting hides whole items, but never all of them.
        for (const list of ['wall-waiting-list', 'wall-recurring', 'wall-latest', 'wall-on-duty']) {
          expect(await visibleItems(page, list), `${list} at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(1);
        }
      }
    } finally {
      await context.close();
    }
  });

  it('shows the wall to a lead and a member who open /tv', { timeout: 60_000 }, async () => {
    for (const who of ['lene', 'anna']) {
      const { context, page } = await openAs(browser, stack, who, { hash: '/tv', connected: false, context: { viewport: SIZES[1] } });
      try {
        await expect.poll(() => page.getByTestId('wall-unclaimed').textContent(), { ...WAIT, message: who }).toMatch(/^\d+$/);
        await page.getByTestId('wall-recurring').waitFor();
      } finally {
        await context.close();
      }
    }
  });

  it('gives a signed-out visitor a login form at /tv, and a superuser a way to sign in as someone else', { timeout: 60_000 }, async () => {
    const { context, page } = await newPage(browser, { context: { viewport: SIZES[0] } });
    try {
      await page.goto(`${stack.baseUrl}/tv`);
      await page.getByLabel('Brugernavn').waitFor();
      await logIn(page, 'sol', undefined, { connected: false });
      // A superuser is not the wall's audience; the screen says so and offers the login again.
      const teamOnly = page.getByTestId('wall-team-only');
      await teamOnly.waitFor();
      await teamOnly.getByRole('button', { name: 'Log ind som en anden' }).click();
      await logIn(page, 'vaeg', undefined, { connected: false });
      await page.getByTestId('wall-unclaimed').waitFor();
      expect(new URL(page.url()).pathname).toBe('/tv');
    } finally {
      await context.close();
    }
  });
});
