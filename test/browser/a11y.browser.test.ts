// Accessibility in a real browser: axe-core (4.14) on every view people use, with cards and the
// dialogs open, must find no serious or critical violation; every drag-and-drop move has a
// button; keyboard focus is visible on buttons, links and cards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatRosterTime } from '../../shared/roster.ts';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, card, launch, move, openAs, postCase, WAIT } from './kit.ts';

const INST = 'bh-solsikken';

describe('accessibility (axe-core)', () => {
  let stack: Stack;
  let browser: Browser;
  let reporterApi: Session;
  let annaApi: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // The rollout week around today, so the dashboard's default range holds the cases made here on any date.
    const day = (offset: number) => formatRosterTime(new Date(Date.now() + offset * 86_400_000)).slice(0, 10);
    stack = await startStack({ rollout: { rollout: { name: 'Testuge', start: day(-1), end: day(3) } } });
    await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
    await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
    await stack.addUser('vaeg', 'vaeg-password', 'viewer', { name: 'Vægskærm' });
    reporterApi = await login(stack.baseUrl, 'sol', 'sol-password');
    annaApi = await login(stack.baseUrl, 'anna', 'anna-password');
    browser = await launch();
    // A card in every column and part, one urgent, one with a note and one with a problem.
    ids.fresh = await postCase(reporterApi, 'Forælder kan ikke logge ind med MitID', { priority: 'urgent', description: 'Siden siger fejl 500.' });
    ids.busy = await postCase(reporterApi, 'Billeder fra turen mangler', { priority: 'high' });
    ids.waits = await postCase(reporterApi, 'Kalender viser forkerte lukkedage');
    ids.vendor = await postCase(reporterApi, 'Beskeder forsvinder');
    ids.done = await postCase(reporterApi, 'Tjek-ud virker ikke på tablet');
    for (const id of [ids.busy, ids.waits, ids.vendor, ids.done]) await move(annaApi, id, 'claim');
    await move(annaApi, ids.busy, 'notes', { text: 'Ringer i morgen.', visibility: 'internal' });
    await move(annaApi, ids.waits, 'wait', { reason: 'Hvilken stue?' });
    await move(annaApi, ids.vendor, 'escalate', { note: 'Fejl i synk', vendorRef: 'NC-7' });
    await move(annaApi, ids.done, 'resolve', { resolution: 'Nulstillet tabletten.' });
    const problem = await annaApi.request('POST', '/api/problems', { title: 'MitID-login fejler', caseIds: [ids.fresh] });
    expect(problem.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const clean = async (page: Page, where: string) => {
    const found = await axeSerious(page);
    expect(found, `${where}: ${JSON.stringify(found, null, 1)}`).toEqual([]);
  };

  it('the login page', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'da-DK' });
    const page = await context.newPage();
    try {
      await page.goto(stack.baseUrl);
      await page.getByLabel('Brugernavn').waitFor();
      // The harness itself: a grey-on-white text and an unlabelled field are found.
      await page.evaluate(() => {
        const probe = document.createElement('div');
        probe.id = 'axe-probe';
        probe.innerHTML = '<p style="color:#ddd;background:#fff">faint</p><input type="text">';
        document.body.append(probe);
      });
      expect((await axeSerious(page)).map((v) => v.id).sort()).toEqual(['color-contrast', 'label']);
      await page.evaluate(() => document.getElementById('axe-probe')?.remove());
      await clean(page, 'login');
      // A failed login shows its message; that must pass too.
      await page.getByLabel('Brugernavn').fill('nobody');
      await page.getByLabel('Adgangskode').fill('wrong-password');
      await page.getByRole('button', { name: 'Log ind' }).click();
      await page.getByRole('alert').waitFor();
      await clean(page, 'login failed');
    } finally {
      await context.close();
    }
  });

  it('the board with cards, the case dialog, the resolve dialog and the shortcuts overlay', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'anna');
    try {
      for (const id of Object.values(ids)) await card(page, id).waitFor();
      await clean(page, 'board');

      const caseDialog = page.getByRole('dialog', { name: 'Billeder fra turen mangler' });
      await card(page, ids.busy).getByRole('button', { name: /^Åbn/ }).click();
      await caseDialog.waitFor();
      await clean(page, 'case dialog');
      await page.keyboard.press('Escape');
      await caseDialog.waitFor({ state: 'hidden' });

      const resolveDialog = page.getByRole('dialog', { name: 'Løs sagen' });
      await card(page, ids.busy).getByRole('button', { name: 'Løs' }).click();
      await resolveDialog.waitFor();
      await clean(page, 'resolve dialog');
      await page.keyboard.press('Escape');
      await resolveDialog.waitFor({ state: 'hidden' });

      const shortcuts = page.getByRole('dialog', { name: 'Tastaturgenveje' });
      await page.getByRole('button', { name: /Genveje/ }).click();
      await shortcuts.waitFor();
      await clean(page, 'shortcuts overlay');
      await page.keyboard.press('Escape');
      await shortcuts.waitFor({ state: 'hidden' });

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: /Resolved today/ }).waitFor();
      await clean(page, 'board in English');
    } finally {
      await context.close();
    }
  });

  it('the problems and answers views and the lead\'s board', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene');
    try {
      await card(page, ids.fresh).waitFor();
      await clean(page, "lead's board");
      await page.goto(`${stack.baseUrl}/#/problems`);
      await page.getByText('MitID-login fejler').first().waitFor();
      await clean(page, 'problems');
      await page.goto(`${stack.baseUrl}/#/answers`);
      // Checked once the library has loaded (it has no answers here), not while it says it loads.
      await page.locator('main').getByText('Ingen svar endnu.').waitFor();
      await clean(page, 'answers');
    } finally {
      await context.close();
    }
  });

  it('the superuser\'s intake form and case list (with a question waiting), and the poster', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'sol');
    try {
      await page.locator(`li[data-case-id="${ids.waits}"]`).waitFor();
      await clean(page, 'intake');
      // An empty submit shows the form's error.
      await page.getByRole('button', { name: 'Send henvendelse' }).click();
      await page.locator('#intake-title-problem').waitFor();
      await expect.poll(() => page.getByLabel('Overskrift').getAttribute('aria-invalid'), WAIT).toBe('true');
      await clean(page, 'intake with an error');
      await page.goto(`${stack.baseUrl}/#/poster/${INST}`);
      await page.locator('img, svg').first().waitFor();
      await clean(page, 'poster');
    } finally {
      await context.close();
    }
  });

  it('the dashboard and the wall screen (/tv)', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene');
    try {
      await page.goto(`${stack.baseUrl}/#/dashboard`);
      // Checked once the figures are in and both time charts are drawn.
      await page.getByTestId('fig-arrivals').waitFor();
      // The default range is the rollout week around today: the figures hold every case made here.
      const made = ((await annaApi.request('GET', '/api/cases')).body.cases as unknown[]).length;
      await expect.poll(() => page.getByTestId('fig-arrivals').textContent(), WAIT).toBe(String(made));
      await expect.poll(() => page.locator('.uplot canvas').count(), WAIT).toBeGreaterThanOrEqual(2);
      await clean(page, 'dashboard');
      await page.goto(`${stack.baseUrl}/tv`);
      // Checked once the board behind the wall screen has loaded and its cases are counted.
      await page.getByTestId('wall-unclaimed').waitFor();
      await clean(page, 'wall screen');
    } finally {
      await context.close();
    }
  });

  it('every drag-and-drop move has a button, and focus is visible on buttons, links and cards', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'anna');
    try {
      // Drops: new→in progress claim, in progress→new release, in progress→waiting wait,
      // waiting→in progress resume, any→resolved resolve, resolved→new reopen.
      // Compact cards keep one move; every move is a button in the case dialog.
      const buttons = async (id: string) => {
        await card(page, id).getByRole('button', { name: /^Åbn/ }).click();
        const moves = page.getByRole('dialog').locator('.case-actions button');
        await moves.first().waitFor();
        const texts = (await moves.allTextContents()).map((t) => t.trim());
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'hidden' });
        return texts;
      };
      await card(page, ids.fresh).waitFor();
      await expect.poll(() => buttons(ids.fresh), WAIT).toEqual(expect.arrayContaining(['Tag sagen', 'Løs']));
      await expect.poll(() => buttons(ids.busy), WAIT).toEqual(expect.arrayContaining(['Slip sagen', 'Spørg superbrugeren', 'Løs']));
      await expect.poll(() => buttons(ids.waits), WAIT).toEqual(expect.arrayContaining(['Genoptag', 'Løs']));
      await expect.poll(() => buttons(ids.done), WAIT).toEqual(expect.arrayContaining(['Genåbn']));

      // Keyboard focus: buttons, links and cards all get an outline.
      const outlined = (selector: string) =>
        page.evaluate((sel) => {
          const el = document.querySelector<HTMLElement>(sel);
          if (!el) return 'missing';
          el.focus({ focusVisible: true } as FocusOptions);
          const s = getComputedStyle(el);
          return el.matches(':focus-visible') ? `${s.outlineStyle} ${s.outlineWidth}` : 'not focus-visible';
        }, selector);
      await page.keyboard.press('Tab');
      for (const sel of ['article[data-case-id] button', 'a.skip-link', `article[data-case-id="${ids.fresh}"]`]) {
        const style = await outlined(sel);
        expect(style, sel).toMatch(/^solid [1-9]/);
      }
    } finally {
      await context.close();
    }
  });
});
