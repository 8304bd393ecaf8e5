// Long columns at rollout-week volume: only the cards in view (and a margin) are in the DOM, yet
// the keyboard walks the whole column, drag and drop still moves cards, a screen reader hears
// each card's place in the whole list, and "Løst i dag" pages older resolved cases from the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Actor, Case } from '../../shared/case.ts';
import { CaseService } from '../../server/services/case-service.ts';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, card, column, INST, launch, move, openAs, postCase, ROOMY_LIMITS } from './kit.ts';

let stack: Stack;
let browser: Browser;
let sol: Session;
let lene: Session;
const WIDE = { viewport: { width: 1440, height: 900 } };
const NEW = 190;
const CLAIMED = 130;
const OLD_RESOLVED = 45;
const DAY = 24 * 3600_000;
/** The old resolved cases, newest resolution first, as the history must list them. */
let history: string[] = [];

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

beforeAll(async () => {
  stack = await startStack({ env: ROOMY_LIMITS });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Dahl', institution: INST });
  sol = await login(stack.baseUrl, 'sol', 'sol-password');
  lene = await login(stack.baseUrl, 'lene', 'lene-password');
  // Cases resolved days ago, each at its own minute: the history, not the board.
  const account = (await stack.app.services.users.get('lene'))!;
  const actor: Actor = { id: account.id, username: account.username, name: account.name, role: 'lead', institution: null };
  let clock = new Date();
  const timed = new CaseService({ store: stack.app.services.store, settings: stack.app.services.settings, now: () => clock });
  const start = Date.now() - 5 * DAY;
  const old: Case[] = [];
  for (let i = 0; i < OLD_RESOLVED; i++) {
    clock = new Date(start + i * 60_000);
    const created = await timed.create({ title: `Gammel sag ${i} om samtykker`, institution: INST }, actor);
    if (!created.ok) throw new Error(created.error.message);
    clock = new Date(start + DAY + i * 60_000);
    const resolved = await timed.handle(created.case.id, { type: 'resolve', resolution: 'Løst sidste uge' }, actor);
    if (!resolved.ok) throw new Error(resolved.error.message);
    old.push(resolved.case);
  }
  history = old.map((c) => c.id).reverse();

  const ids: string[] = [];
  await inBatches([...Array(NEW + CLAIMED).keys()], 20, async (i) => {
    ids[i] = await postCase(sol, `Rullesag ${i}: login, beskeder og billeder`);
  });
  await inBatches(ids.slice(NEW), 20, (id) => move(lene, id, 'claim'));
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const heading = (page: Page, id: 'new' | 'in_progress' | 'resolved') => column(page, id).getByRole('heading', { level: 2 });
const drawn = (page: Page, id: 'new' | 'in_progress') => column(page, id).locator('article[data-case-id]');

async function openBoard(page: Page) {
  await expect.poll(() => heading(page, 'new').textContent(), { timeout: 30_000 }).toContain(String(NEW));
  await expect.poll(() => drawn(page, 'new').count()).toBeGreaterThan(8);
}

describe('long columns', () => {
  it('keep a window of cards in the DOM, each with its place in the whole column; scrolling draws the others', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await openBoard(page);
      const inDom = await drawn(page, 'new').count();
      expect(inDom).toBeLessThan(NEW);
      expect(await drawn(page, 'in_progress').count()).toBeLessThan(CLAIMED);
      // The page itself still does not scroll.
      expect(await page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight])).toEqual([900, 900]);
      const items = column(page, 'new').locator('li[aria-posinset]');
      expect(await items.first().getAttribute('aria-setsize')).toBe(String(NEW));
      expect(await items.first().getAttribute('aria-posinset')).toBe('1');
      const topIds = await drawn(page, 'new').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.caseId));

      const scroller = column(page, 'new').locator('[data-scroller]');
      await scroller.hover();
      for (let i = 0; i < 40; i++) {
        await page.mouse.wheel(0, 3000);
        const atEnd = await scroller.evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 2);
        if (atEnd) break;
      }
      await expect.poll(() => items.last().getAttribute('aria-posinset')).toBe(String(NEW));
      const endIds = await drawn(page, 'new').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.caseId));
      expect(endIds.filter((id) => topIds.includes(id))).toEqual([]);
      expect(await drawn(page, 'new').count()).toBeLessThan(NEW);
      // The last card is drawn whole inside the column's view.
      const inView = await column(page, 'new').evaluate((col) => {
        const box = col.querySelector('[data-scroller]')!.getBoundingClientRect();
        const last = col.querySelector('li[aria-posinset]:last-child article')!.getBoundingClientRect();
        return last.top >= box.top - 1 && last.bottom <= box.bottom + 1;
      });
      expect(inView).toBe(true);
      expect(await axeSerious(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('with the comfortable cards, the window follows their measured heights to the last card', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await page.goto(stack.baseUrl + '/#/?density=comfortable');
      await expect.poll(() => heading(page, 'new').textContent(), { timeout: 30_000 }).toContain(String(NEW));
      await column(page, 'new').locator('article[data-case-id]:not([data-density])').first().waitFor();
      expect(await drawn(page, 'new').count()).toBeLessThan(NEW);
      const scroller = column(page, 'new').locator('[data-scroller]');
      const items = column(page, 'new').locator('li[aria-posinset]');
      await scroller.hover();
      for (let i = 0; i < 80; i++) {
        await page.mouse.wheel(0, 4000);
        const atEnd = await scroller.evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 2);
        if (atEnd && (await items.last().getAttribute('aria-posinset')) === String(NEW)) break;
      }
      await expect.poll(() => items.last().getAttribute('aria-posinset')).toBe(String(NEW));
      // No blank space: the drawn cards cover the column's view.
      const covered = await column(page, 'new').evaluate((col) => {
        const box = col.querySelector('[data-scroller]')!.getBoundingClientRect();
        const cards = [...col.querySelectorAll('article')].map((a) => a.getBoundingClientRect());
        return cards.some((r) => r.top <= box.top + 40) && cards.some((r) => r.bottom >= box.bottom - 40);
      });
      expect(covered).toBe(true);
      expect(await drawn(page, 'new').count()).toBeLessThan(NEW);
      const found = await axeSerious(page);
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the keyboard walks from the first card down past the drawn window to the last, and back up', { timeout: 120_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await openBoard(page);
      await page.keyboard.press('j');
      const focusedPlace = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          return el instanceof HTMLElement && el.matches('article[data-case-id]') ? [el.closest('[data-column]')?.getAttribute('data-column'), el.closest('li')?.getAttribute('aria-posinset')] : null;
        });
      await expect.poll(focusedPlace).toEqual(['new', '1']);
      for (let i = 1; i < NEW; i++) await page.keyboard.press('ArrowDown');
      await expect.poll(focusedPlace).toEqual(['new', String(NEW)]);
      expect(await drawn(page, 'new').count()).toBeLessThan(NEW);
      // The focused card is in view.
      const visible = await page.evaluate(() => {
        const el = document.activeElement!;
        const box = el.closest('[data-scroller]')!.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      });
      expect(visible).toBe(true);
      // Across to In progress at the same row: far below what that column has drawn, so it scrolls there too.
      await page.keyboard.press('ArrowRight');
      await expect.poll(focusedPlace).toEqual(['in_progress', String(CLAIMED)]);
      for (let i = 1; i < CLAIMED; i++) await page.keyboard.press('k');
      await expect.poll(focusedPlace).toEqual(['in_progress', '1']);
    } finally {
      await context.close();
    }
  });

  it('drag and drop still moves a card from a long column', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await openBoard(page);
      const id = (await drawn(page, 'new').nth(2).getAttribute('data-case-id'))!;
      await card(page, id).dragTo(column(page, 'in_progress'));
      await column(page, 'in_progress').locator(`article[data-case-id="${id}"]`).waitFor();
      expect(await card(page, id).getAttribute('data-status')).toBe('claimed');
      await expect.poll(() => heading(page, 'in_progress').textContent()).toContain(String(CLAIMED + 1));
      await move(lene, id, 'release');
      await column(page, 'new').locator(`article[data-case-id="${id}"]`).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('"Løst i dag" and the history before it', () => {
  it('pages the cases resolved before today from the server, newest first, in Danish and English', { timeout: 90_000 }, async () => {
    const resolvedToday = await postCase(sol, 'Løst i dag: kalenderen');
    await move(lene, resolvedToday, 'claim');
    await move(lene, resolvedToday, 'resolve', { resolution: 'Vist hvordan' });
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      const resolved = column(page, 'resolved');
      await resolved.locator(`article[data-case-id="${resolvedToday}"]`).waitFor({ timeout: 30_000 });
      // The board holds none of the old ones.
      expect(await resolved.locator('article').count()).toBe(1);
      const part = resolved.locator('[data-part="history"]');
      const pages: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('resolvedBefore=')) pages.push(r.url());
      });
      await resolved.getByRole('button', { name: 'Vis tidligere løste' }).click();
      await expect.poll(() => part.locator('article').count()).toBe(20);
      expect(await part.getByRole('heading', { level: 3 }).textContent()).toContain('Løst før i dag');
      await resolved.getByRole('button', { name: 'Vis flere' }).click();
      await expect.poll(() => part.locator('article').count()).toBe(40);
      await resolved.getByRole('button', { name: 'Vis flere' }).click();
      await expect.poll(() => part.locator('article').count()).toBe(OLD_RESOLVED);
      await part.getByText('Ikke flere løste sager').waitFor();
      expect(await resolved.getByRole('button', { name: 'Vis flere' }).count()).toBe(0);
      expect(await part.locator('article').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.caseId))).toEqual(history);
      // Three pages from the server, the first from the start of today, the next from its cursor.
      expect(pages).toHaveLength(3);
      expect(new URL(pages[0]).searchParams.get('limit')).toBe('20');
      expect(new Date(new URL(pages[0]).searchParams.get('resolvedBefore')!).getHours()).toBe(0);
      expect(await axeSerious(page)).toEqual([]);

      // Fewer again, and in English the same history says so in English.
      await resolved.getByRole('button', { name: 'Vis kun de seneste 20' }).click();
      await expect.poll(() => part.count()).toBe(0);
      await page.locator('.lang-option[lang="en"]').click();
      await resolved.getByRole('button', { name: 'Show earlier resolved' }).click();
      await expect.poll(() => part.locator('article').count()).toBe(20);
      expect(await part.getByRole('heading', { level: 3 }).textContent()).toContain('Resolved before today');
      await resolved.getByRole('button', { name: 'Show more' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
