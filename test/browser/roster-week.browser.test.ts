// The roster as a week in a real browser: a night shift booked through the form shows on both
// its days in the week grid, is moved by keyboard in the editor, and the coverage per hour
// counts it beside the cases that arrived; in Danish with no English word, and axe-clean.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatRosterTime } from '../../shared/roster.ts';
import { addDays, danishDay, mondayOf } from '../../client/lib/roster-week.ts';
import { login } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, INST, launch, openAs, tabTo, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;

// Words of the English roster screen that no Danish one has.
const ENGLISH = ['the', 'and', 'of', 'shift', 'shifts', 'week', 'previous', 'next', 'edit', 'save', 'cancel', 'coverage', 'hour', 'cases', 'people', 'booking', 'thin', 'nobody', 'day', 'from', 'moved', 'loading', 'remove', 'add'];

async function englishOn(page: Page): Promise<string[]> {
  const text = await page.locator('main, [role="main"], body').first().innerText();
  const labels = await page.locator('[aria-label]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const found = new Set<string>();
  for (const line of [...text.split('\n'), ...labels]) {
    for (const w of line.split(/[^\p{L}]+/u)) if (ENGLISH.includes(w.toLowerCase())) found.add(`"${w}" in: ${line.slice(0, 100)}`);
  }
  return [...found];
}

describe('the roster as a week', () => {
  beforeAll(async () => {
    stack = await startStack();
    await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Leder' });
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
    await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Olsen', institution: INST });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('books 22:00–06:00 through the form, shows it on both days, moves it, and counts it beside the arrivals', { timeout: 120_000 }, async () => {
    // Seven cases now: the hour most of them arrived in (at least four, should an hour turn meanwhile) is the one to find in the coverage.
    const reporter = await login(stack.baseUrl, 'sol', 'sol-password');
    const perHour = new Map<string, number>();
    for (let i = 0; i < 7; i++) {
      const res = await reporter.request('POST', '/api/cases', { title: `Aula viser ikke beskeder ${i}`, institution: INST }, { 'idempotency-key': crypto.randomUUID() });
      expect(res.status).toBe(201);
      const hour = formatRosterTime(res.body.case.createdAt).slice(0, 13);
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    const [busiest, arrived] = [...perHour].sort((a, b) => b[1] - a[1])[0];
    const [arrivalDay, arrivalHour] = busiest.split(' ');
    // The night and the morning after in one week: a Sunday's night shift would end in the next.
    const day = mondayOf(addDays(arrivalDay, 1)) === mondayOf(arrivalDay) ? arrivalDay : addDays(arrivalDay, -1);
    const morning = addDays(day, 1);

    const { context, page } = await openAs(browser, stack, 'lene');
    page.setDefaultTimeout(WAIT.timeout);
    try {
      await page.getByRole('navigation', { name: 'Visning' }).getByRole('link', { name: 'Vagtplan' }).click();
      await page.getByRole('heading', { name: 'Vagtplan for udrulningsugen' }).waitFor();

      await page.getByLabel('Person', { exact: true }).selectOption('anna');
      await page.getByLabel('Dato', { exact: true }).fill(day);
      await page.getByLabel('Fra', { exact: true }).fill('22:00');
      await page.getByLabel('Til', { exact: true }).fill('06:00');
      await expect.poll(() => page.getByTestId('shift-next-day').textContent(), WAIT).toBe('(næste dag)');
      await page.getByRole('button', { name: 'Tilføj vagt' }).click();

      // The grid turns to the booked week; the shift is on the evening and on the morning after.
      const anna = page.locator('tr[data-username="anna"]');
      const on = (date: string) => anna.locator(`td[data-day="${date}"] button`);
      await expect.poll(() => on(day).textContent(), WAIT).toContain('22:00–06:00 →');
      await expect.poll(() => on(morning).textContent(), WAIT).toContain('← 22:00–06:00');
      expect(await page.locator(`li[data-username="anna"]`).textContent()).toContain('22:00–06:00 (næste dag)');

      // The coverage of that day counts Anna from 22:00.
      const coverage = page.getByTestId('coverage');
      const cell = (hour: string, col: number) => coverage.locator(`tr[data-hour="${hour}"] td`).nth(col);
      await expect.poll(() => cell('22:00', 0).textContent(), WAIT).toBe('1');
      expect(await cell('21:00', 0).textContent()).toBe('0');

      // Moved an hour earlier, by keyboard: Tab to the block, Enter, new times, Enter.
      await tabTo(page, on(day), { max: 150 });
      await page.keyboard.press('Enter');
      const editor = page.getByTestId('shift-editor');
      await editor.getByRole('heading', { name: 'Ret vagt for Anna Andersen' }).waitFor();
      await editor.getByLabel('Starttid', { exact: true }).fill('21:00');
      await editor.getByLabel('Sluttid', { exact: true }).fill('05:00');
      await expect.poll(() => editor.textContent(), WAIT).toContain('(næste dag)');
      expect(await englishOn(page)).toEqual([]);
      expect(await axeSerious(page)).toEqual([]);
      await editor.getByLabel('Sluttid', { exact: true }).press('Enter');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Vagten er flyttet' }).textContent(), WAIT).toBe(`Vagten er flyttet til ${day} 21:00–${morning} 05:00.`);
      await expect.poll(() => on(day).textContent(), WAIT).toContain('21:00–05:00 →');
      await expect.poll(() => on(morning).textContent(), WAIT).toContain('← 21:00–05:00');
      expect(await editor.count()).toBe(0);
      // The coverage follows the move at once.
      await expect.poll(() => cell('21:00', 0).textContent(), WAIT).toBe('1');

      // The morning after: Anna until 05:00; the hour the cases came in is thin if nobody had them.
      await page.getByLabel('Dag', { exact: true }).selectOption(morning);
      await expect.poll(() => cell('04:00', 0).textContent(), WAIT).toBe('1');
      expect(await cell('05:00', 0).textContent()).toBe('0');
      await page.getByLabel('Dag', { exact: true }).selectOption(arrivalDay);
      const arrivals = `${arrivalHour}:00`;
      await expect.poll(() => cell(arrivals, 1).textContent(), WAIT).toBe(String(arrived));
      // At most one person on shift: four cases or more is more than three each.
      expect(await coverage.locator(`tr[data-hour="${arrivals}"]`).textContent()).toContain('Tynd bemanding');

      expect(await englishOn(page)).toEqual([]);
      expect(await axeSerious(page)).toEqual([]);

      // Both languages are complete: the same screen in English.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Coverage per hour' }).waitFor();
      await page.getByRole('button', { name: 'Next week →' }).waitFor();
      await page.getByLabel('From', { exact: true }).fill('23:00');
      await page.getByLabel('To', { exact: true }).fill('01:00');
      await expect.poll(() => page.getByTestId('shift-next-day').textContent(), WAIT).toBe('(next day)');
      const text = await page.locator('body').innerText();
      expect(text).not.toMatch(/[æøå]|Uge |Dækning|På vagt|Tynd/);
    } catch (err) {
      // What the screen showed when it failed, for a person to look at.
      await page.screenshot({ path: path.resolve(import.meta.dirname, '../artifacts/roster-week-failed.png'), fullPage: true });
      throw err;
    } finally {
      await context.close();
    }
  });

  it('opens the grid on the rollout week from the config when today is outside it and the cases are not in it', { timeout: 120_000 }, async () => {
    // A rollout two weeks ahead; the one case arrives today. The statistics' default range follows
    // the cases, so a grid that took its week from there would open on this week.
    const monday = mondayOf(addDays(danishDay(Date.now()), 14));
    const ahead = await startStack({ rollout: { rollout: { name: 'Aula go-live', start: monday, end: addDays(monday, 4) } } });
    try {
      await ahead.addUser('lene', 'lene-password', 'lead', { name: 'Lene Leder' });
      await ahead.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Olsen', institution: INST });
      const reporter = await login(ahead.baseUrl, 'sol', 'sol-password');
      const res = await reporter.request('POST', '/api/cases', { title: 'Aula viser ikke beskeder', institution: INST }, { 'idempotency-key': crypto.randomUUID() });
      expect(res.status).toBe(201);

      const { context, page } = await openAs(browser, ahead, 'lene');
      page.setDefaultTimeout(WAIT.timeout);
      try {
        await page.getByRole('navigation', { name: 'Visning' }).getByRole('link', { name: 'Vagtplan' }).click();
        // Today is not in the rollout week, so the coverage shows its Monday.
        await expect.poll(() => page.getByLabel('Dag', { exact: true }).inputValue(), WAIT).toBe(monday);
      } finally {
        await context.close();
      }
    } finally {
      await ahead.close();
    }
  });
});
