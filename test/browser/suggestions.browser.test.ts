// Answers before sending, in a real browser against the real server and redis-server: a
// superuser types a new case, the intake form shows the guide from the answer library that
// fits, "Det løste det" (by keyboard) records it without sending a case, and the lead's
// dashboard and evaluation report count it for that guide and that centre.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, INST, launch, openAs, postCase, ROOMY_LIMITS, tabTo, WAIT } from './kit.ts';

const GUIDE = { title: 'Billeder og albums: sådan ser forældre fotos fra turen', url: 'https://www.aula.dk/vejledninger/billeder' };
const TYPED = 'Forældre kan ikke se billederne fra turen';

let browser: Browser;
let stack: Stack;
let lead: Session;

beforeAll(async () => {
  browser = await launch();
  stack = await startStack({ env: ROOMY_LIMITS });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Leder' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
  lead = await login(stack.baseUrl, 'lene', 'lene-password');
  const made = await lead.request('POST', '/api/answers', { ...GUIDE, languages: ['da'], tags: ['billeder', 'album'] });
  expect(made.status).toBe(201);
  // A case today, so the dashboard's and the report's default range (the days with cases, or the rollout week) holds today.
  await postCase(lead, 'Printeren på kontoret mangler toner');
  expect((await lead.request('POST', '/api/answers', { title: 'Samtykker: sådan besvarer forældre dem', url: 'https://www.aula.dk/vejledninger/samtykker', languages: ['da'] })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('answers before sending in the browser', () => {
  it('shows the guide while the superuser types; "Det løste det" sends no case and the lead sees the deflection', async () => {
    const { context, page } = await openAs(browser, stack, 'sol');
    try {
      await page.getByLabel('Overskrift').fill(TYPED);
      const list = page.getByTestId('suggestions');
      await list.getByText(GUIDE.title).waitFor(WAIT);
      await expect.poll(() => page.getByTestId('suggestion-count').textContent(), WAIT).toContain('Forslag der måske løser problemet: 1.');
      expect(await list.getByRole('link', { name: /Åbn vejledningen/ }).getAttribute('href')).toBe(GUIDE.url);
      expect(await list.textContent()).not.toContain('Samtykker');
      expect(await axeSerious(page)).toEqual([]);

      // By keyboard, from the description field on.
      await page.getByLabel('Beskrivelse').focus();
      const solved = list.getByRole('button', { name: `Det løste det: ${GUIDE.title}` });
      await tabTo(page, solved);
      await page.keyboard.press('Enter');
      const message = page.getByTestId('deflected');
      await message.waitFor(WAIT);
      expect(await message.textContent()).toContain('Sagen blev ikke sendt');
      await expect.poll(() => message.evaluate((el) => el === document.activeElement), WAIT).toBe(true);
      expect(await page.getByLabel('Overskrift').inputValue()).toBe('');
      expect(await axeSerious(page)).toEqual([]);

      // No case was sent.
      const cases = (await lead.request('GET', '/api/cases')).body.cases as { title: string }[];
      expect(cases.filter((c) => c.title === TYPED)).toEqual([]);

      // In English too.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByLabel('Title').fill(TYPED);
      await list.getByRole('button', { name: `That solved it: ${GUIDE.title}` }).waitFor(WAIT);
    } finally {
      await context.close();
    }

    const dashboard = await openAs(browser, stack, 'lene', { hash: '/#/dashboard' });
    try {
      const panel = dashboard.page.getByTestId('dashboard-deflections');
      await expect.poll(() => panel.textContent(), WAIT).toContain('Henvendelser, som en superbruger ikke sendte, fordi et forslag løste problemet: 1.');
      expect(await panel.getByTestId('deflections-by-target').textContent()).toContain(GUIDE.title);
      expect(await panel.getByTestId('deflections-by-institution').textContent()).toContain('Børnehuset Solsikken');
    } finally {
      await dashboard.context.close();
    }

    const report = await openAs(browser, stack, 'lene', { hash: '/#/report', connected: false });
    try {
      const total = report.page.getByTestId('report-deflections-total');
      await total.waitFor(WAIT);
      expect((await total.textContent())?.trim()).toMatch(/^1\s+henvendelse blev ikke sendt/);
      expect(await report.page.getByTestId('report-deflections-by-target').textContent()).toContain(GUIDE.title);
      expect(await report.page.getByTestId('report-deflections-by-institution').textContent()).toMatch(/Børnehuset Solsikken\s*1/);
    } finally {
      await report.context.close();
    }
  }, 120_000);

  it('no Send while "Det løste det" is being recorded: a case is never both sent and counted as solved', { timeout: 60_000 }, async () => {
    const typed = TYPED;
    let release: (() => void) | null = null;
    const { context, page } = await openAs(browser, stack, 'sol', {
      before: async (ctx) => {
        await ctx.route('**/api/suggestions/deflections', (route) => {
          release = () => void route.continue();
        });
      },
    });
    try {
      await page.getByLabel('Overskrift').fill(typed);
      const list = page.getByTestId('suggestions');
      await list.getByRole('button', { name: `Det løste det: ${GUIDE.title}` }).click();
      await expect.poll(() => release !== null, WAIT).toBe(true);
      const send = page.getByRole('button', { name: 'Send henvendelse' });
      expect(await send.isDisabled()).toBe(true);
      // Enter in the title field submits the form too: nothing goes out either.
      await page.getByLabel('Overskrift').press('Enter');
      release!();
      await page.getByTestId('deflected').waitFor(WAIT);
      const cases = (await lead.request('GET', '/api/cases')).body.cases as { title: string }[];
      expect(cases.filter((c) => c.title === typed)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
