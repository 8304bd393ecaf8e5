// User text is never rendered as HTML: script-bearing titles, descriptions, notes, names,
// problem titles, notices and answer titles reach every screen as plain text. The browser
// context bypasses the page's CSP on purpose: the CSP would stop an injected handler anyway,
// and this test must fail if a component ever renders user text as markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { loginAll } from '../helpers/team.ts';
import { INST, launch, openAs as openAsIn, WAIT } from './kit.ts';

// Each payload sets window.__xss if it ever runs, and names itself in the text it leaves.
const payload = (n: number) => [
  `<img src=x onerror="window.__xss=(window.__xss||[]).concat(${n})">`,
  `<script>window.__xss=(window.__xss||[]).concat(${n + 100})</script>`,
  `<svg onload="window.__xss=(window.__xss||[]).concat(${n + 200})"></svg>`,
].join(' ');

let browser: Browser;
let stack: Stack;
let lead: Session, anna: Session, sol: Session;
let caseId: string;

beforeAll(async () => {
  browser = await launch();
  stack = await startStack();
  [lead, anna, sol] = await loginAll(stack, [
    ['lene', 'lead', { name: `Lene ${payload(1)}` }],
    ['anna', 'member', { name: `Anna ${payload(2)}` }],
    ['sol', 'reporter', { name: `Sofie ${payload(3)}`, institution: INST }],
  ]);
  caseId = (await sol.request('POST', '/api/cases', { title: `Titel ${payload(4)}`, description: `Beskrivelse ${payload(5)}`, institution: INST })).body.case.id;
  await anna.request('POST', `/api/cases/${caseId}/claim`);
  await anna.request('POST', `/api/cases/${caseId}/notes`, { text: `Intern ${payload(6)}`, visibility: 'internal' });
  await anna.request('POST', `/api/cases/${caseId}/wait`, { reason: `Spørgsmål ${payload(7)}` });
  const problem = (await anna.request('POST', '/api/problems', { title: `Problem ${payload(8)}`, caseIds: [caseId] })).body.problem;
  await anna.request('PUT', `/api/problems/${problem.id}/notice`, { message: `Kendt fejl ${payload(9)}` });
  // A script URL is refused at the door; a title full of markup is kept as text.
  const bad = await anna.request('POST', '/api/answers', { title: 'Ond', url: 'javascript:window.__xss=1', languages: ['da'] });
  expect(bad.status).toBe(400);
  await anna.request('POST', '/api/answers', { title: `Svar ${payload(10)}`, url: 'https://www.aula.dk/vejledning', languages: ['da'] });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Logs in with the CSP bypassed (see above), recording and dismissing every alert/confirm/prompt the page raises. */
async function openAs(username: string, hash = ''): Promise<{ page: Page; dialogs: string[] }> {
  const dialogs: string[] = [];
  const { page } = await openAsIn(browser, stack, username, {
    hash,
    context: { viewport: { width: 1500, height: 950 }, bypassCSP: true },
    before: async (context) => {
      context.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
    },
  });
  return { page, dialogs };
}

async function expectInert(page: Page, dialogs: string[]) {
  // An injected <img src=x onerror> fetched "x" before this probe does, so its handler has run by
  // the time the probe's own error comes (an injected <svg onload> runs as it is inserted).
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const probe = new Image();
        probe.onerror = probe.onload = () => resolve();
        probe.src = 'x';
      }),
  );
  expect(await page.evaluate(() => (window as unknown as { __xss?: number[] }).__xss ?? null)).toBeNull();
  expect(dialogs).toEqual([]);
  expect(await page.locator('main img[src="x"], main svg[onload], main script').count()).toBe(0);
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.filter((h) => /^\s*(javascript|data|vbscript):/i.test(h))).toEqual([]);
}

describe('hostile text in the browser', () => {
  it('the team board, the case view, the problems and the library show it as text and run nothing', async () => {
    const { page, dialogs } = await openAs('anna');
    const card = page.locator(`article[data-case-id="${caseId}"]`);
    await expect.poll(() => card.textContent(), WAIT).toContain('<img src=x onerror=');
    await expectInert(page, dialogs);
    await expect.poll(() => page.locator('body').textContent(), WAIT).toContain('Kendt fejl <img src=x');

    await card.getByRole('button', { name: /^Åbn/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent(), WAIT).toContain('Intern <img src=x');
    await expect.poll(() => dialog.textContent(), WAIT).toContain('<script>window.__xss');
    await expectInert(page, dialogs);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    for (const view of ['#/problems', '#/answers']) {
      await page.goto(`${stack.baseUrl}/${view}`);
      await page.locator('main').getByText(view === '#/problems' ? 'Problem <img' : 'Svar <img', { exact: false }).first().waitFor();
      await expectInert(page, dialogs);
    }
    await page.context().close();
  });

  it("the superuser's view shows the question and names as text and runs nothing", async () => {
    const { page, dialogs } = await openAs('sol');
    await expect.poll(() => page.locator('main').textContent(), WAIT).toContain('Spørgsmål <img src=x');
    await expectInert(page, dialogs);
    await page.context().close();
  });

  it('the lead views (accounts, dashboard) run nothing either', async () => {
    const { page, dialogs } = await openAs('lene');
    // Each view is checked once it shows Anna's name, markup and all, as text.
    const annaRow = { '#/accounts': 'main tr[data-username="anna"]', '#/dashboard': '[data-testid="member-load"] tr[data-username="anna"]' };
    for (const [view, row] of Object.entries(annaRow)) {
      await page.goto(`${stack.baseUrl}/${view}`);
      await expect.poll(() => page.locator(row).textContent(), WAIT).toContain('Anna <img src=x');
      await expectInert(page, dialogs);
    }
    expect(await page.locator('main').textContent()).not.toBeNull();
    await page.context().close();
  });
});
