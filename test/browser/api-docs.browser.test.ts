// The API's reference page (/api/docs, Swagger UI served by the server itself) renders its
// operations in a real browser under the app's content security policy, with no violation and
// no console error: no inline script, no outside host.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_PATH } from '../../server/docs/api-docs.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { launch, newPage, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the reference page at /api/docs', () => {
  it('renders the operations with no CSP violation', async () => {
    const { context, page } = await newPage(browser, {
      before: async (ctx) => {
        await ctx.addInitScript(() => {
          const w = window as unknown as { cspViolations: string[] };
          w.cspViolations = [];
          addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
      },
    });
    try {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(stack.baseUrl + DOCS_PATH);
      await page.locator('.opblock-summary-path[data-path="/api/cases"]').first().waitFor(WAIT);
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
