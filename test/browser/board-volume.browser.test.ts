// The board at a rollout week's volume: compact cards, columns that scroll by themselves while
// the page stays put, "Løst i dag" in pages, and what nobody may miss (no connection, a refused
// move, a member's own cases in progress against their limit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, card, column, connection, INST, launch, move, openAs, postCase, ROOMY_LIMITS } from './kit.ts';

let stack: Stack;
let browser: Browser;
let sol: Session;
let lene: Session;
let mia: Session;
const fresh: string[] = [];
/** Every case in the order made: 0–109 new, 110–159 in progress, 160–179 waiting, 180–199 with the vendor, 200–225 resolved. */
const all: string[] = [];
const WIDE = { viewport: { width: 1440, height: 900 } };

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

beforeAll(async () => {
  stack = await startStack({ env: ROOMY_LIMITS, rollout: { wip: { default: 3 } } });
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Holm' });
  await stack.addUser('mia', 'mia-password', 'member', { name: 'Mia Madsen' });
  await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Dahl', institution: INST });
  sol = await login(stack.baseUrl, 'sol', 'sol-password');
  lene = await login(stack.baseUrl, 'lene', 'lene-password');
  mia = await login(stack.baseUrl, 'mia', 'mia-password');
  // 200 open cases (110 new, 50 in progress, 20 waiting, 20 with the vendor) and 26 resolved today.
  const long = 'Forældrene på stuen kan ikke se billederne. '.repeat(110);
  const ids: string[] = [];
  await inBatches([...Array(226).keys()], 20, async (i) => {
    ids[i] = await postCase(sol, `Sag ${i} fra rullen: billeder, beskeder og login`, { description: i % 10 === 0 ? long : '', priority: i % 17 === 0 ? 'urgent' : 'normal' });
  });
  all.push(...ids);
  fresh.push(...ids.slice(0, 110));
  const claimed = ids.slice(110);
  await inBatches(claimed, 20, (id) => move(lene, id, 'claim'));
  await inBatches(ids.slice(160, 180), 20, (id) => move(lene, id, 'wait', { reason: 'Hvilken stue drejer det sig om?' }));
  await inBatches(ids.slice(180, 200), 20, (id) => move(lene, id, 'escalate', { note: 'Fejl hos leverandøren', vendorRef: `NC-${id}` }));
  await inBatches(ids.slice(200), 20, (id) => move(lene, id, 'resolve', { resolution: 'Løst over telefonen' }));
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const cards = (page: Page) => page.locator('article[data-case-id]');
const densityButton = (page: Page, value: 'compact' | 'comfortable') => page.getByTestId('density').locator(`button[data-density="${value}"]`);

describe('the board at rollout-week volume', () => {
  it('shows compact cards by default; the header switches to comfortable, into the address, and the browser remembers it', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(220);
      expect(await card(page, fresh[0]).getAttribute('data-density')).toBe('compact');
      expect(await densityButton(page, 'compact').getAttribute('aria-pressed')).toBe('true');
      // A description of thousands of characters does not make its card taller than the others.
      const heights = await cards(page).evaluateAll((els) => els.slice(0, 30).map((e) => e.getBoundingClientRect().height));
      expect(Math.max(...heights)).toBeLessThan(80);

      await densityButton(page, 'comfortable').click();
      await expect.poll(() => card(page, fresh[0]).getAttribute('data-density')).toBeNull();
      expect(await card(page, fresh[0]).locator('.card-actions').count()).toBe(1);
      expect(decodeURIComponent(new URL(page.url()).hash)).toContain('density=comfortable');

      // A reload of the plain address keeps the choice made in this browser.
      await page.goto(stack.baseUrl + '/');
      await connection(page).getByText('Forbundet').waitFor();
      await card(page, fresh[0]).locator('.card-actions').waitFor();
      expect(await densityButton(page, 'comfortable').getAttribute('aria-pressed')).toBe('true');
      // The address wins over what the browser remembers.
      await page.goto(stack.baseUrl + '/#/?density=compact');
      await expect.poll(() => card(page, fresh[0]).getAttribute('data-density')).toBe('compact');
      // The filter keeps the density in the address.
      await page.getByRole('searchbox', { name: /Søg/ }).fill('rullen');
      await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toBe('#/?q=rullen&density=compact');
    } finally {
      await context.close();
    }
  });

  it('at 1440×900 with 200 open cases the page does not scroll, each column does, and 8 or more cards show whole in every column', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(220);
      expect(await page.evaluate(() => [document.documentElement.scrollHeight, window.innerHeight])).toEqual([900, 900]);
      for (const id of ['new', 'in_progress', 'waiting', 'resolved'] as const) {
        const whole = await column(page, id).evaluate((col) => {
          const box = col.querySelector('[data-scroller]')!.getBoundingClientRect();
          return [...col.querySelectorAll('article')].filter((a) => {
            const r = a.getBoundingClientRect();
            return r.top >= box.top && r.bottom <= box.bottom && r.bottom <= window.innerHeight;
          }).length;
        });
        expect(whole, id).toBeGreaterThanOrEqual(8);
      }

      // Scrolling the new column moves its cards only: the page, its heading with the count and the other columns stay.
      const scroller = column(page, 'new').locator('[data-scroller]');
      const firstOther = card(page, (await column(page, 'in_progress').locator('article').first().getAttribute('data-case-id'))!);
      const otherTop = await firstOther.evaluate((e) => e.getBoundingClientRect().top);
      await scroller.hover();
      await page.mouse.wheel(0, 2000);
      await expect.poll(() => scroller.evaluate((e) => e.scrollTop)).toBeGreaterThan(500);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const heading = column(page, 'new').getByRole('heading', { level: 2 });
      expect(await heading.textContent()).toContain('110');
      const headingBox = await heading.boundingBox();
      expect(headingBox!.y).toBeGreaterThanOrEqual(0);
      expect(await firstOther.evaluate((e) => e.getBoundingClientRect().top)).toBe(otherTop);
      // The Waiting column's two parts keep their own headings.
      expect(await column(page, 'waiting').locator('[data-part] h3').allTextContents()).toEqual([
        expect.stringContaining('20'),
        expect.stringContaining('20'),
      ]);
    } finally {
      await context.close();
    }
  });

  it('shows the latest 20 of "Løst i dag" and the rest on "vis alle"', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      const resolved = column(page, 'resolved');
      await expect.poll(() => resolved.locator('article').count(), { timeout: 30_000 }).toBe(20);
      expect(await resolved.getByRole('heading', { level: 2 }).textContent()).toContain('26');
      await resolved.getByRole('button', { name: 'Vis alle (6 mere)' }).click();
      await expect.poll(() => resolved.locator('article').count()).toBe(26);
      const found = await axeSerious(page);
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
      await resolved.getByRole('button', { name: /Vis kun de seneste 20/ }).click();
      await expect.poll(() => resolved.locator('article').count()).toBe(20);
    } finally {
      await context.close();
    }
  });

  it('without a connection turns every action button off and says so across the board, until it is back', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      await expect.poll(() => cards(page).count(), { timeout: 30_000 }).toBe(220);
      const actionButtons = page.locator('main button[data-action]');
      expect(await actionButtons.count()).toBeGreaterThan(100);
      expect(await page.locator('main button[data-action]:disabled').count()).toBe(0);
      const bar = page.getByTestId('offline-bar');
      expect(await bar.count()).toBe(0);

      await page.route('**/socket.io/**', (route) => route.abort());
      stack.app.io.disconnectSockets(true);
      await bar.waitFor();
      expect(await bar.textContent()).toContain('Knapperne er slået fra');
      expect(await page.locator('main button[data-action]:not(:disabled)').count()).toBe(0);
      expect(await page.locator('main button[data-action]:disabled').count()).toBe(await actionButtons.count());
      // The SLA figures stand still, and say so.
      const sla = card(page, fresh[0]).locator('[data-sla]');
      expect(await sla.getAttribute('data-sla-stale')).toBe('true');
      expect(await sla.textContent()).toContain('står stille');
      const found = await axeSerious(page);
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
      // A shortcut is refused on screen, not only to a screen reader.
      await page.keyboard.press('j');
      await page.keyboard.press('c');
      await page.getByTestId('toast').filter({ hasText: 'Ingen forbindelse: Tag sagen kan ikke sendes nu' }).waitFor();
      expect(await card(page, fresh[0]).getAttribute('data-status')).toBe('new');

      await page.unroute('**/socket.io/**');
      await connection(page).getByText('Forbundet').waitFor({ timeout: 30_000 });
      await bar.waitFor({ state: 'detached' });
      expect(await page.locator('main button[data-action]:disabled').count()).toBe(0);
      expect(await card(page, fresh[0]).locator('[data-sla]').getAttribute('data-sla-stale')).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('shows a member their cases in progress against their limit, and a refused claim over the board', { timeout: 60_000 }, async () => {
    await move(mia, fresh[100], 'claim');
    await move(mia, fresh[101], 'claim');
    const { context, page } = await openAs(browser, stack, 'mia', { context: WIDE });
    try {
      const wip = page.getByTestId('wip');
      await expect.poll(() => wip.textContent()).toContain('2/3');
      await card(page, fresh[102]).getByRole('button', { name: 'Tag sagen' }).click();
      await column(page, 'in_progress').locator(`article[data-case-id="${fresh[102]}"]`).waitFor();
      await expect.poll(() => wip.textContent()).toContain('3/3');
      expect(await wip.textContent()).toContain('grænsen er nået');

      await card(page, fresh[103]).getByRole('button', { name: 'Tag sagen' }).click();
      const toast = page.getByTestId('toast').filter({ hasText: 'Tag sagen blev afvist' });
      await toast.waitFor();
      expect(await toast.isVisible()).toBe(true);
      expect(await toast.textContent()).toContain('så mange sager i gang');
      expect(await card(page, fresh[103]).getAttribute('data-status')).toBe('new');

      // A drag into In progress is refused the same way: on screen, naming the dragged case.
      await card(page, fresh[104]).dragTo(column(page, 'in_progress'));
      const dropped = page.getByTestId('toast').filter({ hasText: 'Sag 104 fra rullen' });
      await dropped.waitFor();
      expect(await dropped.isVisible()).toBe(true);
      expect(await dropped.textContent()).toContain('Tag sagen blev afvist');
      expect(await dropped.textContent()).toContain('så mange sager i gang');
      expect(await card(page, fresh[104]).getAttribute('data-status')).toBe('new');
      expect(await column(page, 'in_progress').locator(`article[data-case-id="${fresh[104]}"]`).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  // Follows the test above: Mia has 3 of her 3 cases in progress.
  it('says the WIP count and the offline bar in English, with no Danish left in them', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'mia', { context: WIDE });
    try {
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
      const wip = page.getByTestId('wip');
      await expect.poll(() => wip.textContent()).toContain('Your cases in progress');
      const wipText = (await wip.textContent())!;
      for (const words of ['3/3', '3 of at most 3', 'limit reached']) expect(wipText).toContain(words);
      for (const words of ['Dine sager', 'af højst', 'grænsen']) expect(wipText).not.toContain(words);

      await page.route('**/socket.io/**', (route) => route.abort());
      stack.app.io.disconnectSockets(true);
      const bar = page.getByTestId('offline-bar');
      await bar.waitFor();
      const barText = (await bar.textContent())!;
      expect(barText).toContain('No connection to the server. The buttons are turned off and the SLA clocks stand still here until the connection is back.');
      for (const words of ['Ingen forbindelse', 'Knapperne', 'står stille', 'forbindelsen']) expect(barText).not.toContain(words);
      const found = await axeSerious(page);
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a compact card holds the priority mark, title, institution, SLA time or age, assignee initials and at most one marker, on two lines', { timeout: 60_000 }, async () => {
    // Urgent and in progress with Lene, with a note besides its similar cases; and urgent, new, with a description of thousands of characters.
    const claimed = all[119];
    const urgentNew = fresh[0];
    await move(lene, claimed, 'notes', { text: 'Ring til stuen i morgen.', visibility: 'internal' });
    const { context, page } = await openAs(browser, stack, 'lene', { context: WIDE });
    try {
      const taken = card(page, claimed);
      await expect.poll(() => taken.locator('.marker').count(), { timeout: 30_000 }).toBe(1);
      expect(await taken.getAttribute('data-density')).toBe('compact');
      expect(await taken.locator('.prio').textContent()).toBe('▲Prioritet: Akut');
      expect(await taken.locator('.title').textContent()).toContain('Sag 119 fra rullen: billeder, beskeder og login');
      expect(await taken.locator('.where').textContent()).toContain('Børnehuset Solsikken');
      expect(await taken.locator('[data-sla], time.age').count()).toBe(1);
      expect(await taken.locator('[data-sla], time.age').textContent()).toMatch(/\d/);
      expect(await taken.locator('.assignee').textContent()).toBe('LHAnsvarlig: Lene Holm');
      // Like every "Sag … fra rullen", it is similar to another: that one marker wins over its note's.
      expect(await taken.locator('.marker').getAttribute('class')).toContain('similar');
      // Its one next move, one click away; everything else is in the drawer.
      expect(await taken.locator('button[data-action]').allTextContents()).toEqual([expect.stringContaining('Løs')]);

      const untaken = card(page, urgentNew);
      expect(await untaken.locator('.prio').textContent()).toBe('▲Prioritet: Akut');
      expect(await untaken.locator('.where').textContent()).toContain('Børnehuset Solsikken');
      expect(await untaken.locator('[data-sla], time.age').count()).toBe(1);
      expect(await untaken.locator('.assignee').count()).toBe(0);
      expect(await untaken.locator('.marker').count()).toBeLessThanOrEqual(1);
      expect(await untaken.textContent()).not.toContain('Forældrene på stuen');
      expect(await untaken.locator('button[data-action]').allTextContents()).toEqual([expect.stringContaining('Tag sagen')]);

      // One or two lines: two rows, neither wrapping, the card under 80 px.
      for (const one of [taken, untaken]) {
        const rows = await one.evaluate((el) => [el.getBoundingClientRect().height, ...[...el.querySelectorAll(':scope > .line')].map((l) => l.getBoundingClientRect().height)]);
        expect(rows[0]).toBeLessThan(80);
        expect(rows.length - 1).toBe(2);
        for (const h of rows.slice(1)) expect(h).toBeLessThan(32);
      }
    } finally {
      await context.close();
    }
  });
});
