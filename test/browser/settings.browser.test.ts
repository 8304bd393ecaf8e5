// The lead edits a help café on the settings screen: a wrong time is refused with the same
// words the server would use, the fixed one is saved, and the parents' poster shows it with
// the languages it offers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.ts';
import { launch, openAs, INST, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Leder' });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the settings screen', () => {
  it('the lead edits a help café and sees it on the poster', { timeout: 90_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'lene', { hash: '/#/settings' });
    try {
      await page.getByRole('heading', { name: 'Indstillinger for udrulningen' }).waitFor(WAIT);
      const cafe = page.getByRole('group', { name: 'Hjælpecafé 3' });
      // A day ahead of whatever today is, so the poster still lists it.
      const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      await cafe.getByLabel('Dato').fill(day);
      await cafe.getByLabel('Sted').fill('Ørkildskolen, aulaen');
      await cafe.getByLabel('Sprog').fill('ar, so');
      await cafe.getByLabel('Til').fill('15:00');
      await page.getByRole('button', { name: 'Gem indstillingerne' }).click();
      await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toContain('Hjælpecafé 3 › slut: skal ligge efter starten');
      expect(stack.app.services.settings.current.settings.support!.helpCafes[2].place).toBe('Tåsinge Forsamlingshus');

      await cafe.getByLabel('Til').fill('19:00');
      await page.getByRole('button', { name: 'Gem indstillingerne' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Gemt' }).textContent(), WAIT).toContain('version 2');

      await page.goto(`${stack.baseUrl}/#/poster/${INST}`);
      const poster = page.locator('article.poster');
      await expect.poll(() => poster.textContent(), WAIT).toContain('Ørkildskolen, aulaen');
      expect(await poster.textContent()).not.toContain('Tåsinge Forsamlingshus');
      // The languages typed on the settings screen, named on the poster in its own language.
      expect(await poster.locator('.cafes li').filter({ hasText: 'Ørkildskolen, aulaen' }).textContent()).toContain('Hjælp på: dansk, arabisk og somali');
    } finally {
      await context.close();
    }
  });
});
