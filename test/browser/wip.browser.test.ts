// The WIP limit on the board: a member at their limit who takes one more case is told why on
// the board, in their language, and the case stays new for someone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { card, column, launch, move, openAs, postCase, INST, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;
let sol: Session;
let mona: Session;

beforeAll(async () => {
  stack = await startStack({ rollout: { wip: { default: 1 } } });
  await stack.addUser('mona', 'mona-password', 'member', { name: 'Mona Mikkelsen' });
  await stack.addUser('sol', 'sol-password', 'reporter', { institution: INST });
  sol = await login(stack.baseUrl, 'sol', 'sol-password');
  mona = await login(stack.baseUrl, 'mona', 'mona-password');
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the WIP limit on the board', () => {
  it('refuses the claim beyond the limit over the board, and the case stays new', { timeout: 60_000 }, async () => {
    const first = await postCase(sol, 'Forældre kan ikke se billeder');
    const second = await postCase(sol, 'Beskeder kommer ikke frem');
    await move(mona, first, 'claim');
    const { context, page } = await openAs(browser, stack, 'mona');
    try {
      await card(page, second).getByRole('button', { name: 'Tag sagen' }).click();
      const alert = page.getByTestId('toast');
      await expect.poll(() => alert.textContent(), WAIT).toContain('så mange sager i gang');
      expect(await column(page, 'new').locator(`article[data-case-id="${second}"]`).count()).toBe(1);
      expect((await mona.request('GET', `/api/cases/${second}`)).body.case.status).toBe('new');
      // Setting the first case waiting frees the place.
      await move(mona, first, 'wait', { reason: 'Hvilken stue?' });
      await card(page, second).getByRole('button', { name: 'Tag sagen' }).click();
      await column(page, 'in_progress').locator(`article[data-case-id="${second}"]`).waitFor();
    } finally {
      await context.close();
    }
  });
});
