// Long columns draw only the cards in view, yet the keyboard focus follows a card wherever it goes
// (a claim moves it into another long column, the drawer closes after its column was scrolled), a
// card being dragged stays in the DOM however its column scrolls or fills with live cases, and a
// screen reader hears each card's place in the whole column as cases arrive and leave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, card, column, INST, launch, move, openAs, postCase, ROOMY_LIMITS, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;
let sol: Session;
let lene: Session;
const WIDE = { viewport: { width: 1440, height: 900 } };
const NEW = 300;
const CLAIMED = 150;

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

beforeAll(async () => {
  stack = await startStack({ env: ROOMY_LIMITS });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Dahl', institution: INST });
  sol = await login(stack.baseUrl, 'sol', 'sol-password');
  lene = await login(stack.baseUrl, 'lene', 'lene-password');
  const ids: string[] = [];
  await inBatches([...Array(NEW + CLAIMED).keys()], 20, async (i) => {
    ids[i] = await postCase(sol, `Lang kolonne ${i}: forældre kan ikke logge ind`);
  });
  await inBatches(ids.slice(NEW), 20, (id) => move(lene, id, 'claim'));
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

type Col = 'new' | 'in_progress';
const drawn = (page: Page, id: Col) => column(page, id).locator('article[data-case-id]');
const count = async (page: Page, id: Col) => Number((await column(page, id).getByRole('heading', { level: 2 }).locator('.count').textContent())?.trim());
const scroller = (page: Page, id: Col) => column(page, id).locator('[data-scroller]');
/** The case whose card (or a control in it) has the focus, with its column and place, or null. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement?.closest<HTMLElement>('article[data-case-id]');
    return el ? { id: el.dataset.caseId, column: el.closest('[data-column]')?.getAttribute('data-column'), place: el.closest('li')?.getAttribute('aria-posinset') } : null;
  });
/** Whether the card is drawn whole inside its column's view. */
const inView = (page: Page, id: string) =>
  card(page, id).evaluate((el) => {
    const box = el.closest('[data-scroller]')!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  });
/** The places screen readers hear in a column, in DOM order, and the size they hear. */
const places = (page: Page, id: Col) =>
  column(page, id)
    .locator('li[aria-posinset]')
    .evaluateAll((els) => els.map((li) => ({ id: li.getAttribute('data-vid'), place: Number(li.getAttribute('aria-posinset')), size: Number(li.getAttribute('aria-setsize')) })));

async function openBoard(page: Page) {
  await expect.poll(() => count(page, 'new'), { timeout: 30_000 }).toBeGreaterThanOrEqual(NEW - 10);
  await expect.poll(() => drawn(page, 'new').count(), WAIT).toBeGreaterThan(8);
  await expect.poll(() => drawn(page, 'in_progress').count(), WAIT).toBeGreaterThan(8);
}

/** Scrolls a column's own scroller to the end, then waits until its last card is drawn. */
async function scrollToEnd(page: Page, id: Col) {
  const last = async () => (await places(page, id)).at(-1)?.place;
  await expect
    .poll(async () => {
      await scroller(page, id).evaluate((el) => (el.scrollTop = el.scrollHeight));
      return (await last()) === (await count(page, id));
    }, WAIT)
    .toBe(true);
}

/** Starts a mouse drag of the card and waits until the board knows it (the other columns offer a drop). */
async function startDrag(page: Page, id: string) {
  const box = (await card(page, id).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height / 2 + 10, { steps: 3 });
  await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 30, { steps: 3 });
  await expect.poll(() => column(page, 'in_progress').getAttribute('class'), WAIT).toContain('droppable');
}

async function dropOn(page: Page, id: Col) {
  const box = (await column(page, id).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 60, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2, box.y + 80, { steps: 2 });
  await page.mouse.up();
}

describe('the focus in long columns', () => {
  it('a card claimed by keyboard far down a long column keeps the focus in its new long column, scrolled elsewhere', { timeout: 120_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await openBoard(page);
      // In progress is scrolled to its end: the top, where a claimed card lands, is not drawn.
      await scrollToEnd(page, 'in_progress');
      await scrollToEnd(page, 'new');
      const target = column(page, 'new').locator('li[aria-posinset]').nth(-20).locator('article');
      const id = (await target.getAttribute('data-case-id'))!;
      const place = Number(await column(page, 'new').locator(`li[data-vid="${id}"]`).getAttribute('aria-posinset'));
      expect(place).toBeGreaterThan(NEW - 40);
      const claimed = await count(page, 'in_progress');
      await target.focus();
      await expect.poll(() => focused(page), WAIT).toMatchObject({ id, column: 'new' });
      expect(await column(page, 'in_progress').locator('li[aria-posinset="1"]').count()).toBe(0);

      await page.keyboard.press('c');
      await expect.poll(() => count(page, 'in_progress'), WAIT).toBe(claimed + 1);
      await expect.poll(() => focused(page), WAIT).toEqual({ id, column: 'in_progress', place: '1' });
      expect(await card(page, id).getAttribute('data-status')).toBe('claimed');
      expect(await inView(page, id)).toBe(true);
      expect(await drawn(page, 'in_progress').count()).toBeLessThan(await count(page, 'in_progress'));
      // The keyboard goes on from there.
      await page.keyboard.press('j');
      await expect.poll(() => focused(page), WAIT).toMatchObject({ column: 'in_progress', place: '2' });
    } finally {
      await context.close();
    }
  });

  it('closing the drawer with Escape gives the focus back to its card after its column was scrolled far away', { timeout: 120_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await openBoard(page);
      const id = (await drawn(page, 'new').nth(3).getAttribute('data-case-id'))!;
      const title = (await card(page, id).locator('.title-button').getAttribute('title'))!;
      await card(page, id).focus();
      await page.keyboard.press('Enter');
      const drawer = page.getByRole('dialog', { name: title });
      await drawer.waitFor();
      // Behind the drawer the column scrolls to its end: the card leaves the DOM.
      await scrollToEnd(page, 'new');
      await expect.poll(() => card(page, id).count(), WAIT).toBe(0);

      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await expect.poll(() => focused(page), WAIT).toMatchObject({ id, column: 'new' });
      expect(await inView(page, id)).toBe(true);

      // Opened by its title, the card still drawn but scrolled out of view: the focus comes back to it, in view.
      await card(page, id).locator('.title-button').click();
      await drawer.waitFor();
      await scroller(page, 'new').evaluate((el, by) => (el.scrollTop += by), 500);
      await expect.poll(() => inView(page, id), WAIT).toBe(false);
      expect(await card(page, id).count()).toBe(1);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await expect.poll(() => focused(page), WAIT).toMatchObject({ id, column: 'new' });
      await expect.poll(() => inView(page, id), WAIT).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('dragging in long columns', () => {
  it('a card dragged while its column scrolls to the end stays drawn, and the drop moves that case', { timeout: 120_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await openBoard(page);
      const id = (await drawn(page, 'new').nth(2).getAttribute('data-case-id'))!;
      const place = Number(await column(page, 'new').locator(`li[data-vid="${id}"]`).getAttribute('aria-posinset'));
      const claimed = await count(page, 'in_progress');
      const dragged = await card(page, id).elementHandle();
      await startDrag(page, id);
      await scrollToEnd(page, 'new');
      // The same element, still in the DOM, at its own place in the column.
      expect(await dragged!.evaluate((el) => el.isConnected && el.classList.contains('dragging'))).toBe(true);
      expect(await column(page, 'new').locator(`li[data-vid="${id}"]`).getAttribute('aria-posinset')).toBe(String(place));
      const shown = await places(page, 'new');
      expect(shown.filter((p) => p.id !== id).every((p) => p.place > 50)).toBe(true);
      expect(await axeSerious(page)).toEqual([]);

      await dropOn(page, 'in_progress');
      await expect.poll(() => card(page, id).getAttribute('data-status'), WAIT).toBe('claimed');
      await expect.poll(() => count(page, 'in_progress'), WAIT).toBe(claimed + 1);
      await expect.poll(() => column(page, 'in_progress').getAttribute('class'), WAIT).not.toContain('droppable');
    } finally {
      await context.close();
    }
  });

  it('a card dragged while live urgent cases push it out of the drawn window stays drawn, and the drop moves that case', { timeout: 120_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await openBoard(page);
      const id = (await drawn(page, 'new').nth(4).getAttribute('data-case-id'))!;
      const place = Number(await column(page, 'new').locator(`li[data-vid="${id}"]`).getAttribute('aria-posinset'));
      const before = await count(page, 'new');
      const claimed = await count(page, 'in_progress');
      const dragged = await card(page, id).elementHandle();
      await startDrag(page, id);
      // Urgent cases sort first: the dragged card moves down past everything drawn.
      const URGENT = 60;
      const urgent: string[] = [];
      await inBatches([...Array(URGENT).keys()], 20, async (i) => {
        urgent[i] = await postCase(lene, `Akut ${i}: hele huset kan ikke logge ind`, { priority: 'urgent' });
      });
      await expect.poll(() => count(page, 'new'), WAIT).toBe(before + URGENT);
      expect(await dragged!.evaluate((el) => el.isConnected && el.classList.contains('dragging'))).toBe(true);
      await expect.poll(() => column(page, 'new').locator(`li[data-vid="${id}"]`).getAttribute('aria-posinset'), WAIT).toBe(String(place + URGENT));
      const shown = await places(page, 'new');
      expect(shown.every((p) => p.size === before + URGENT)).toBe(true);
      expect(shown.filter((p) => p.id !== id).every((p) => p.place <= URGENT)).toBe(true);

      await dropOn(page, 'in_progress');
      await expect.poll(() => card(page, id).getAttribute('data-status'), WAIT).toBe('claimed');
      await expect.poll(() => count(page, 'in_progress'), WAIT).toBe(claimed + 1);
      for (const u of urgent.slice(0, 3)) expect(await card(page, u).getAttribute('data-status')).toBe('new');
      await inBatches(urgent, 20, (u) => move(lene, u, 'claim'));
    } finally {
      await context.close();
    }
  });
});

describe('screen readers in long columns', () => {
  it('each drawn card keeps its place in the whole column as live cases arrive above it and leave, and axe stays clean', { timeout: 120_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await openBoard(page);
      // Halfway down, so cases arrive and leave above the drawn window.
      await scroller(page, 'new').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await expect.poll(async () => (await places(page, 'new'))[0]?.place ?? 0, WAIT).toBeGreaterThan(60);
      const consistent = async () => {
        const shown = await places(page, 'new');
        const total = await count(page, 'new');
        return shown.every((p, i) => p.size === total && (i === 0 || p.place === shown[i - 1].place + 1));
      };
      expect(await consistent()).toBe(true);
      const middle = (await places(page, 'new'))[10];
      const placeOf = () => column(page, 'new').locator(`li[data-vid="${middle.id}"]`).getAttribute('aria-posinset');

      const urgent: string[] = [];
      for (let i = 0; i < 3; i++) urgent.push(await postCase(sol, `Akut nu ${i}: ingen kan se beskeder`, { priority: 'urgent' }));
      await expect.poll(placeOf, WAIT).toBe(String(middle.place + 3));
      expect(await consistent()).toBe(true);

      for (const u of urgent) await move(lene, u, 'claim');
      await expect.poll(placeOf, WAIT).toBe(String(middle.place));
      expect(await consistent()).toBe(true);
      expect(await axeSerious(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
