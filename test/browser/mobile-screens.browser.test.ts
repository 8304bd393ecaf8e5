// The superuser's intake on a phone (390×844, touch, 3x): no sideways scrolling, no iOS zoom on
// focus (inputs at 16 px or more), tap targets of at least 44 px; sending a case and answering a
// question work. Then the README's screenshots (docs/screenshots/*.png), taken from the real app.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CASES } from '../../server/demo/demo-cases.ts';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { card, launch, move, openAs, postCase, WAIT } from './kit.ts';

const INST = 'bh-solsikken';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
// The README's committed pictures change only on purpose (UPDATE_SCREENSHOTS=1); every other run
// still takes them, into test/artifacts, so a broken view shows up here too.
const SHOTS = path.resolve(import.meta.dirname, process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots' : '../artifacts/screenshots');

/** Controls on the page smaller than 44×44 CSS px (text links inside a sentence excepted, as WCAG 2.5.8 does). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input:not([type=hidden]), select, textarea, summary, a[href]')) {
      if (!el.checkVisibility() || el.closest('.visually-hidden')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue;
      // Radio buttons and checkboxes count with their label.
      const label = (el as HTMLInputElement).labels?.[0]?.getBoundingClientRect();
      const h = Math.max(r.height, label?.height ?? 0);
      const w = Math.max(r.width, label?.width ?? 0);
      if (h < 44 || w < 44) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.id).trim().slice(0, 40)}" ${Math.round(w)}×${Math.round(h)}`);
    }
    return out;
  });
}

describe('the superuser on a phone, and the screenshots', () => {
  let stack: Stack;
  let browser: Browser;
  let reporterApi: Session;
  let annaApi: Session;

  beforeAll(async () => {
    // The rollout week around today, so the dashboard's default range holds the cases made here.
    const day = (offset: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date(Date.now() + offset * 86_400_000));
    stack = await startStack({ rollout: { rollout: { name: 'Aula go-live, dagtilbud', start: day(-1), end: day(3) } } });
    await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Mikkelsen' });
    await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Dahl', institution: INST });
    reporterApi = await login(stack.baseUrl, 'sol', 'sol-password');
    annaApi = await login(stack.baseUrl, 'anna', 'anna-password');
    // The pictures show Danish date and time fields where Chromium has the Danish widgets.
    browser = await launch({ uiLanguage: 'da' });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('sends a case and answers a question at 390×844, without sideways scroll, zoom or small targets', { timeout: 90_000 }, async () => {
    const asked = await postCase(reporterApi, 'Forældre kan ikke se stuens billeder');
    await move(annaApi, asked, 'claim');
    await move(annaApi, asked, 'wait', { reason: 'Hvilken stue drejer det sig om?' });
    const { context, page } = await openAs(browser, stack, 'sol', { context: PHONE });
    try {
      const entry = page.locator(`li[data-case-id="${asked}"]`);
      await entry.waitFor();
      // Measured once the page has all it loads: the case list and the catalog's name of the centre.
      await expect.poll(() => page.getByLabel('Institution').inputValue(), WAIT).toBe('Børnehuset Solsikken');
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
      const fonts = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('input, select, textarea')].map((el) => [el.id || el.tagName, parseFloat(getComputedStyle(el).fontSize)] as const),
      );
      expect(fonts.filter(([, size]) => size < 16)).toEqual([]);
      expect(await smallTargets(page)).toEqual([]);

      // Send a case with taps and the on-screen keyboard's text.
      await page.getByLabel('Overskrift').tap();
      await page.keyboard.type('Komme/gå-skærmen er sort');
      await page.getByLabel('Beskrivelse').fill('Skærmen ved indgangen viser ingenting siden kl. 7.');
      await page.getByRole('button', { name: 'Send henvendelse' }).tap();
      await page.getByText('Sendt. War room har modtaget').waitFor();
      await page.locator('li[data-case-id]', { hasText: 'Komme/gå-skærmen er sort' }).waitFor();

      // The team's question comes first, above the intake form, and the header counts it.
      const question = page.getByTestId('reporter-questions').locator(`li[data-question-for="${asked}"]`);
      await question.waitFor();
      await expect.poll(() => question.textContent(), WAIT).toContain('Hvilken stue drejer det sig om?');
      const questionBox = (await question.getByLabel('Dit svar').boundingBox())!;
      const formBox = (await page.getByLabel('Overskrift').boundingBox())!;
      expect(questionBox.y + questionBox.height).toBeLessThan(formBox.y);
      // Seen without scrolling on the phone.
      expect(questionBox.y + questionBox.height).toBeLessThan(844);
      const count = page.getByTestId('header-questions');
      await expect.poll(() => count.textContent(), WAIT).toMatch(/^\s*1\s+spørgsmål venter på dit svar\s*$/);
      // The case in the list points up to the question instead of repeating its answer box.
      expect(await entry.getByLabel('Dit svar').count()).toBe(0);

      // Answer the question the team asked.
      await question.getByLabel('Dit svar').fill('Stue Mariehønen.');
      await question.getByRole('button', { name: 'Send svar' }).tap();
      await expect.poll(() => entry.getAttribute('data-status')).toBe('claimed');
      await expect.poll(() => count.count(), WAIT).toBe(0);
      await expect.poll(() => page.getByTestId('reporter-questions').count(), WAIT).toBe(0);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await smallTargets(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('saves current screenshots for the README', { timeout: 120_000 }, async () => {
    mkdirSync(SHOTS, { recursive: true });
    const titles: Array<[string, Record<string, unknown>]> = [
      ['Forælder kan ikke logge ind med MitID', { priority: 'urgent', category: 'login' }],
      ['Beskeder til forældre kommer ikke frem', { category: 'messages' }],
      ['Billeder fra turen kan ikke uploades', { priority: 'high', category: 'photos' }],
      ['Kalenderen viser forkerte lukkedage', { category: 'calendar' }],
      ['Komme/gå viser tom liste på stue 2', { category: 'checkin' }],
      ['Samtykker vises ikke for søskende', { category: 'consents' }],
    ];
    const ids: string[] = [];
    for (const [title, extra] of titles) ids.push(await postCase(reporterApi, title, extra));
    await move(annaApi, ids[1], 'claim');
    // A question for the superuser: it shows first on their phone.
    await move(annaApi, ids[1], 'wait', { reason: 'Gælder det alle forældre på stuen, eller kun nogle?' });
    await move(annaApi, ids[2], 'claim');
    await move(annaApi, ids[3], 'claim');
    await move(annaApi, ids[3], 'escalate', { note: 'Meldt ind', vendorRef: 'NC-48213' });
    await move(annaApi, ids[4], 'claim');
    await move(annaApi, ids[4], 'resolve', { resolution: 'Tabletten genstartet; se vejledningsvideoen.' });

    // A rollout morning's load behind them: 60 more cases from across the centres, a third of
    // them taken, some waiting on their superuser, some solved.
    const leadApi = await login(stack.baseUrl, 'lene', 'lene-password');
    const centres = ['bh-solsikken', 'bh-maelkeboetten', 'vs-humlebien', 'bh-regnbuen', 'nbh-skovtrolden', 'bh-troldehoej', 'bh-kernehuset', 'vs-spiren'];
    const load: string[] = [];
    for (let i = 0; i < 60; i++) {
      const c = DEMO_CASES[i % DEMO_CASES.length];
      load.push(await postCase(leadApi, c.title, { description: c.description, priority: c.priority, institution: centres[i % centres.length] }));
    }
    for (const [i, id] of load.entries()) {
      if (i % 3 !== 0) continue;
      await move(i % 2 ? annaApi : leadApi, id, 'claim');
      if (i % 9 === 0) await move(i % 2 ? annaApi : leadApi, id, 'resolve', { resolution: 'Løst sammen med superbrugeren i telefonen.' });
      else if (i % 7 === 0) await move(i % 2 ? annaApi : leadApi, id, 'wait', { reason: 'Hvilken telefon og version af appen bruger forælderen?' });
    }
    await move(annaApi, ids[3], 'notes', { text: 'Leverandøren har bekræftet fejlen og arbejder på en rettelse.', visibility: 'internal' });

    // Someone on duty now and next, for the strip above the board and the wall screen.
    const hour = 3_600_000;
    const at = (h: number) => new Date(Math.floor(Date.now() / hour) * hour + h * hour).toISOString();
    const roster = await leadApi.request('PUT', '/api/roster', {
      shifts: [
        { username: 'anna', start: at(-2), end: at(4) },
        { username: 'lene', start: at(-1), end: at(3) },
        { username: 'anna', start: at(20), end: at(26) },
        { username: 'lene', start: at(5), end: at(11) },
      ],
    });
    expect(roster.status).toBe(200);

    const desktop = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 };
    const lead = await openAs(browser, stack, 'lene', { context: desktop });
    try {
      // Each picture is taken once its screen shows everything it loads.
      for (const id of ids) await card(lead.page, id).waitFor();
      await expect.poll(() => card(lead.page, ids[0]).textContent(), WAIT).toContain('Børnehuset Solsikken');
      await lead.page.getByTestId('on-duty').locator('li[data-username="anna"]').first().waitFor();
      await lead.page.getByTestId('online-now').getByText('Lene Holm').waitFor();
      await lead.page.screenshot({ path: path.join(SHOTS, 'board.png') });

      // The drawer of the escalated case: its moves, notes and history.
      await lead.page.goto(`${stack.baseUrl}/#/case/${ids[3]}`);
      const drawer = lead.page.getByRole('dialog', { name: 'Kalenderen viser forkerte lukkedage' });
      await drawer.getByTestId('timeline').locator('li[data-event-type="case.escalated"]').waitFor();
      await drawer.getByText('Leverandøren har bekræftet fejlen').first().waitFor();
      await lead.page.screenshot({ path: path.join(SHOTS, 'drawer.png') });
      await lead.page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      await lead.page.goto(`${stack.baseUrl}/#/dashboard`);
      const arrivals = (await leadApi.request('GET', '/api/stats')).body.arrivals.count as number;
      await expect.poll(async () => (await lead.page.getByTestId('fig-arrivals').textContent())?.trim(), WAIT).toBe(String(arrivals));
      await expect.poll(() => lead.page.locator('.uplot canvas').count(), WAIT).toBeGreaterThanOrEqual(2);
      await lead.page.screenshot({ path: path.join(SHOTS, 'dashboard.png') });

      // The roster's week, with the coverage per hour beside the cases that arrived.
      await lead.page.goto(`${stack.baseUrl}/#/roster`);
      await lead.page.getByTestId('coverage').waitFor();
      await lead.page.getByRole('table', { name: /Uge/ }).getByRole('button').first().waitFor();
      await lead.page.screenshot({ path: path.join(SHOTS, 'roster.png') });

      await lead.page.goto(`${stack.baseUrl}/tv`);
      await lead.page.getByTestId('wall-on-duty').locator('li[data-username="anna"]').waitFor();
      await lead.page.getByTestId('wall-latest').locator(`li[data-case-id="${load[load.length - 1]}"]`).waitFor();
      await lead.page.screenshot({ path: path.join(SHOTS, 'wall-screen.png') });
    } finally {
      await lead.context.close();
    }

    const phone = await openAs(browser, stack, 'sol', { context: { ...PHONE, deviceScaleFactor: 1 } });
    try {
      await phone.page.locator('li[data-case-id]').first().waitFor();
      await phone.page.getByTestId('reporter-questions').waitFor();
      await expect.poll(() => phone.page.getByLabel('Institution').inputValue(), WAIT).toBe('Børnehuset Solsikken');
      await phone.page.screenshot({ path: path.join(SHOTS, 'intake-phone.png') });
    } finally {
      await phone.context.close();
    }
  });
});
