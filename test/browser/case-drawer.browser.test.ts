// The case drawer: opened from a card by mouse or keyboard, or by its own address (#/case/<id>)
// in a fresh page; its history oldest first with who did what; the case's moves taken from it
// while the card moves on the board behind; others' presence; axe; both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, card, column, INST, launch, move, openAs, postCase, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;
let sol: Session;
let bo: Session;

beforeAll(async () => {
  stack = await startStack();
  await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
  await stack.addUser('bo', 'bo-password', 'member', { name: 'Bo Berg' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
  sol = await login(stack.baseUrl, 'sol', 'sol-password');
  bo = await login(stack.baseUrl, 'bo', 'bo-password');
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const hash = (page: Page) => decodeURIComponent(new URL(page.url()).hash);
const drawerOf = (page: Page, title: string) => page.getByRole('dialog', { name: title });
/** The timeline's entries as "type: text", oldest first. */
const timeline = (page: Page) =>
  page.getByTestId('timeline').locator('li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-event-type')}: ${li.querySelector('.what')?.textContent?.replace(/\s+/g, ' ').trim()}`));
const focusInDrawer = (page: Page) => page.evaluate(() => document.activeElement?.closest('dialog')?.getAttribute('data-testid') ?? null);

describe('the case drawer', () => {
  it('opens from a card by click and by keyboard, at its own address; Escape closes it back to the board and the card', { timeout: 90_000 }, async () => {
    const title = 'Forælder får ingen notifikationer i appen';
    const id = await postCase(sol, title, { description: 'Hun har slået notifikationer til på telefonen.' });
    const { context, page } = await openAs(browser, stack, 'anna', { hash: '/#/?density=compact' });
    try {
      await card(page, id).getByRole('button', { name: /^Åbn/ }).click();
      const drawer = drawerOf(page, title);
      await drawer.waitFor();
      await expect.poll(() => hash(page), WAIT).toBe(`#/case/${id}?density=compact`);
      await expect.poll(() => drawer.textContent(), WAIT).toContain('Hun har slået notifikationer til på telefonen.');
      // A native modal <dialog>: the browser makes the board behind it inert and Escape closes it.
      expect(await page.evaluate(() => document.querySelector('dialog[data-testid="case-drawer"]')?.matches(':modal'))).toBe(true);
      // The focus is in the drawer, and Tab keeps it there.
      await expect.poll(() => focusInDrawer(page), WAIT).toBe('case-drawer');
      for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
      expect(await focusInDrawer(page)).toBe('case-drawer');
      // It sits at the right edge, the full height of the window.
      const box = (await drawer.boundingBox())!;
      expect(box.x + box.width).toBeGreaterThan(1380);
      expect(Math.round(box.height)).toBe(900);

      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await expect.poll(() => hash(page), WAIT).toBe('#/?density=compact');
      await expect.poll(() => card(page, id).evaluate((el) => el.contains(document.activeElement)), WAIT).toBe(true);

      // By keyboard: the focused card opens with Enter.
      await card(page, id).focus();
      await page.keyboard.press('Enter');
      await drawer.waitFor();
      await expect.poll(() => hash(page), WAIT).toBe(`#/case/${id}?density=compact`);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await expect.poll(() => hash(page), WAIT).toBe('#/?density=compact');
    } finally {
      await context.close();
    }
  });

  it('shows who created, claimed, wrote and resolved the case, in order and live, while its moves are taken from the drawer', { timeout: 90_000 }, async () => {
    const title = 'Kalenderen viser ikke lukkedagene';
    const id = await postCase(sol, title);
    const { context, page } = await openAs(browser, stack, 'anna');
    try {
      await card(page, id).getByRole('button', { name: /^Åbn/ }).click();
      const drawer = drawerOf(page, title);
      await drawer.waitFor();
      await expect.poll(() => timeline(page), WAIT).toContain('case.created: Sofie Solsikke oprettede sagen');
      // From here on the history may not be read again: what follows comes live, from the board's stream.
      await page.route(`**/api/cases/${id}`, (route) => route.abort());

      // Claim: the card moves to In progress behind the drawer, which stays open with the new status.
      await drawer.locator('.case-actions').getByRole('button', { name: 'Tag sagen' }).click();
      await column(page, 'in_progress').locator(`article[data-case-id="${id}"]`).waitFor();
      await expect.poll(() => drawer.getByTestId('drawer-status').getAttribute('data-status'), WAIT).toBe('claimed');
      await expect.poll(() => timeline(page), WAIT).toContain('case.claimed: Anna Andersen tog sagen');

      // Someone else's move arrives live.
      await move(bo, id, 'notes', { text: 'Jeg kender fejlen fra Mariehønen.', visibility: 'internal' });
      await expect.poll(() => timeline(page), WAIT).toContain('case.note_added: Bo Berg skrev en note til teamet');
      // The card behind counts it, in words that fit one note.
      await expect.poll(() => card(page, id).locator('.marker.notes').getAttribute('title'), WAIT).toBe('1 note');
      // The note and its timeline entry tell the same Danish time, whatever the browser's zone (UTC here).
      const noteTime = (await page.getByTestId('timeline').locator('li[data-event-type="case.note_added"] time').textContent())!.trim();
      await expect.poll(() => drawer.locator('li.note').last().locator('.by').textContent(), WAIT).toContain(noteTime);

      // Resolve asks for the resolution in a dialog over the drawer.
      await drawer.locator('.case-actions').getByRole('button', { name: 'Løs', exact: true }).click();
      const prompt = page.getByRole('dialog', { name: 'Løs sagen' });
      await prompt.getByLabel('Hvad var løsningen?').fill('Lukkedagene var lagt i den forkerte kalender.');
      await prompt.getByRole('button', { name: 'Markér som løst' }).click();
      await prompt.waitFor({ state: 'hidden' });
      await column(page, 'resolved').locator(`article[data-case-id="${id}"]`).waitFor();
      await expect.poll(() => drawer.getByTestId('drawer-status').getAttribute('data-status'), WAIT).toBe('resolved');
      await expect.poll(() => timeline(page), WAIT).toContain('case.resolved: Anna Andersen løste sagen');
      const resolvedEntry = page.getByTestId('timeline').locator('li[data-event-type="case.resolved"]');
      await expect.poll(() => resolvedEntry.textContent(), WAIT).toContain('Lukkedagene var lagt i den forkerte kalender.');
      // Each entry has a time; the focus stayed in the drawer.
      expect(await resolvedEntry.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
      await expect.poll(() => focusInDrawer(page), WAIT).toBe('case-drawer');

      const order = (await timeline(page)).map((line) => line.split(':')[0]).filter((type) => ['case.created', 'case.claimed', 'case.note_added', 'case.resolved'].includes(type));
      expect(order).toEqual(['case.created', 'case.claimed', 'case.note_added', 'case.resolved']);
      // Nothing twice, though the claim came both as the command's answer and on the stream.
      const all = await timeline(page);
      expect(all.filter((l) => l.startsWith('case.claimed'))).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('corrects the category from the drawer, and the timeline says from what to what', { timeout: 90_000 }, async () => {
    const title = 'Forældre kan ikke se stuens billeder';
    const id = await postCase(sol, title, { category: 'staffapp' });
    const { context, page } = await openAs(browser, stack, 'anna', { hash: `/#/case/${id}` });
    try {
      const drawer = drawerOf(page, title);
      await drawer.waitFor();
      const select = drawer.getByLabel('Kategori', { exact: true });
      await expect.poll(() => select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent), WAIT).toBe('Personale-app');
      await select.selectOption({ label: 'Billeder og album' });
      await expect.poll(async () => (await bo.request('GET', `/api/cases/${id}`)).body.case.category, WAIT).toBe('photos');
      await expect.poll(() => timeline(page), WAIT).toContain('case.recategorised: Anna Andersen ændrede kategorien fra Personale-app til Billeder og album');
      await expect.poll(() => select.evaluate((el: HTMLSelectElement) => el.value), WAIT).toBe('photos');
    } finally {
      await context.close();
    }
    // A superuser's own list has no such control.
    const reporter = await openAs(browser, stack, 'sol', { hash: `/#/case/${id}` });
    try {
      await reporter.page.locator(`li[data-case-id="${id}"]`).waitFor();
      expect(await reporter.page.locator('#case-category').count()).toBe(0);
    } finally {
      await reporter.context.close();
    }
  });

  it("opens #/case/<id> in a fresh page, shows others' presence both ways, and says so for an unknown case", { timeout: 90_000 }, async () => {
    const title = 'Samtykker vises ikke for søskende';
    const id = await postCase(sol, title);
    const anna = await openAs(browser, stack, 'anna', { hash: `/#/case/${id}` });
    const other = await openAs(browser, stack, 'bo');
    try {
      const drawer = drawerOf(anna.page, title);
      await drawer.waitFor();
      expect(hash(anna.page)).toBe(`#/case/${id}`);
      await expect.poll(() => timeline(anna.page), WAIT).toContain('case.created: Sofie Solsikke oprettede sagen');

      // Bo's board shows that Anna has the case open.
      const viewers = card(other.page, id).getByTestId('viewers');
      await expect.poll(() => viewers.getAttribute('aria-label'), WAIT).toBe('Har sagen åben: Anna Andersen');
      // And once Bo opens it too, Anna's drawer shows him.
      await card(other.page, id).getByRole('button', { name: /^Åbn/ }).click();
      await drawerOf(other.page, title).waitFor();
      await expect.poll(() => drawer.getByTestId('viewers').getAttribute('aria-label'), WAIT).toBe('Har sagen åben: Bo Berg');

      // Closing a drawer opened by its link shows the board at #/.
      await anna.page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await expect.poll(() => hash(anna.page), WAIT).toBe('#/');
      await expect.poll(() => card(anna.page, id).evaluate((el) => el.contains(document.activeElement)), WAIT).toBe(true);

      // An address changed by hand opens that case; an unknown one says so.
      await anna.page.evaluate(() => (location.hash = '#/case/987654'));
      const missing = anna.page.getByRole('dialog', { name: 'Sagen blev ikke fundet' });
      await missing.waitFor();
      await expect.poll(() => missing.getByTestId('drawer-not-found').textContent(), WAIT).toBe('Sag #987654 findes ikke, eller du har ikke adgang til den.');
      const found = await axeSerious(anna.page);
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
      await anna.page.keyboard.press('Escape');
      await missing.waitFor({ state: 'hidden' });
      await expect.poll(() => hash(anna.page), WAIT).toBe('#/');
    } finally {
      await anna.context.close();
      await other.context.close();
    }
  });

  it('passes axe with the drawer open, and speaks English after switching language', { timeout: 90_000 }, async () => {
    const title = 'Beskeder til forældre forsvinder';
    const id = await postCase(sol, title, { description: 'Beskeden forsvinder efter afsendelse.' });
    await move(bo, id, 'claim');
    await move(bo, id, 'wait', { reason: 'Hvilken forælder drejer det sig om?' });
    const { context, page } = await openAs(browser, stack, 'anna');
    try {
      await card(page, id).getByRole('button', { name: /^Åbn/ }).click();
      const drawer = drawerOf(page, title);
      await drawer.waitFor();
      await expect.poll(() => timeline(page), WAIT).toContain('case.waiting: Bo Berg spurgte superbrugeren');
      const found = await axeSerious(page);
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
      await card(page, id).getByRole('button', { name: /^Open/ }).click();
      await drawer.waitFor();
      await expect.poll(() => timeline(page), WAIT).toEqual(
        expect.arrayContaining(['case.created: Sofie Solsikke created the case', 'case.claimed: Bo Berg claimed the case', 'case.waiting: Bo Berg asked the superuser']),
      );
      const text = (await drawer.textContent()) ?? '';
      for (const words of ['History', 'Status', 'Waiting on the superuser', 'Notes', 'Description', `Case #${id}`]) expect(text).toContain(words);
      for (const words of ['Forløb', 'oprettede', 'Beskrivelse', 'Noter']) expect(text).not.toContain(words);
      const english = await axeSerious(page);
      expect(english, JSON.stringify(english, null, 1)).toEqual([]);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      await page.evaluate(() => (location.hash = '#/case/987654'));
      const missing = page.getByRole('dialog', { name: 'Case not found' });
      await missing.waitFor();
      expect(await missing.getByTestId('drawer-not-found').textContent()).toBe('Case #987654 does not exist, or you do not have access to it.');
    } finally {
      await context.close();
    }
  });

  it('lists the similar cases the intake found, each opening in the drawer', { timeout: 90_000 }, async () => {
    const description = 'Forældrene godkender i MitID-appen, men Aula sender dem tilbage til forsiden.';
    const firstTitle = 'Forældre kommer ikke ind med MitID';
    const first = await postCase(sol, firstTitle, { description });
    const secondTitle = 'Forælder kommer ikke ind i Aula med MitID';
    const second = await postCase(sol, secondTitle, { description: `${description} Det sker for flere forældre i dag.` });
    const { context, page } = await openAs(browser, stack, 'anna', { hash: `/#/case/${second}` });
    try {
      const drawer = drawerOf(page, secondTitle);
      await drawer.waitFor();
      const similar = drawer.getByRole('list', { name: 'Lignende sager' });
      const link = similar.getByRole('link', { name: `#${first} ${firstTitle}` });
      await link.waitFor({ timeout: 20_000 });
      expect(await similar.getByRole('link', { name: new RegExp(`^#${second}\\b`) }).count()).toBe(0);
      await link.click();
      await drawerOf(page, firstTitle).waitFor();
      await expect.poll(() => hash(page), WAIT).toBe(`#/case/${first}`);
      await expect.poll(() => timeline(page), WAIT).toContain('case.created: Sofie Solsikke oprettede sagen');
    } finally {
      await context.close();
    }
  });

  it("a superuser's page has no drawer: the case's address shows their own list, without the team's notes", { timeout: 60_000 }, async () => {
    const id = await postCase(sol, 'Billeder kan ikke uploades fra turen');
    await move(bo, id, 'notes', { text: 'Kun for teamet: ring til Netcompany.', visibility: 'internal' });
    const { context, page } = await openAs(browser, stack, 'sol', { hash: `/#/case/${id}` });
    try {
      const entry = page.locator(`li[data-case-id="${id}"]`);
      await entry.waitFor();
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await page.locator('body').textContent()).not.toContain('Kun for teamet');
    } finally {
      await context.close();
    }
  });
});
