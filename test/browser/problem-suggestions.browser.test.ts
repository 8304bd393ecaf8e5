// "Sandsynligvis: <problem>" in a real browser against the real server, intake and Redis: two
// centres' cases are linked to a problem with a notice, a third centre words the same fault
// differently, and its compact card and drawer suggest the problem; one click links it, and
// "not the same" dismisses it on another case. Both languages, axe clean.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { axeSerious, card, launch, openAs, postCase, ROOMY_LIMITS, WAIT } from './kit.ts';

const PHOTOS_A = { title: 'Kan ikke se billederne fra turen', description: 'Forældre på Mælkebøtten siger at billederne fra skovturen ikke kommer frem i albummet' };
const PHOTOS_B = { title: 'Fotos fra udflugten vises ikke', description: 'Albummet fra turen er tomt for forældrene, vi har lagt billeder op i går' };
const PARAPHRASE = { title: 'Tomt album efter turen', description: 'Forældre kan ikke se noget' };
const OTHER_PARAPHRASE = { title: 'Albummet fra turen er tomt', description: 'Forældrene kan ikke se billeder' };
const PROBLEM = 'Billeder fra ture vises ikke for forældre';
const NOTICE = 'Netcompany retter fejlen i aften; billederne kommer frem af sig selv.';

let browser: Browser;
let stack: Stack;
let anna: Session, sol: Session, regn: Session, bien: Session;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

// Each test has its own server and Redis, with the problem it suggests: a test that ran alone, or
// after one that linked, dismissed or unlinked that problem's cases, saw no suggestion at all.
beforeEach(async () => {
  stack = await startStack({ env: ROOMY_LIMITS });
  await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
  await stack.addUser('sol', 'sol-password', 'reporter', { institution: 'bh-solsikken' });
  await stack.addUser('regn', 'regn-password', 'reporter', { institution: 'bh-regnbuen' });
  await stack.addUser('bien', 'bien-password', 'reporter', { institution: 'vs-humlebien' });
  [anna, sol, regn, bien] = await Promise.all(['anna', 'sol', 'regn', 'bien'].map((u) => login(stack.baseUrl, u, `${u}-password`)));
});

afterEach(async () => {
  await stack?.close();
});

const post = (api: Session, institution: string, text: { title: string; description: string }) => postCase(api, text.title, { ...text, institution });
const drawerOf = (page: Page, title: string) => page.getByRole('dialog', { name: title });

/** Two centres' cases linked to PROBLEM, which has NOTICE: what a third centre's paraphrase is suggested. */
async function problemWithNotice() {
  const a = await post(sol, 'bh-solsikken', PHOTOS_A);
  const b = await post(regn, 'bh-regnbuen', PHOTOS_B);
  const created = await anna.request('POST', '/api/problems', { title: PROBLEM, caseIds: [a, b] });
  expect(created.status).toBe(201);
  const problemId = created.body.problem.id as string;
  expect((await anna.request('PUT', `/api/problems/${problemId}/notice`, { message: NOTICE })).status).toBe(200);
  return { a, b, problemId };
}

describe('problem suggestions on the board', () => {
  it('the compact card and the drawer say which problem a case probably is; one click links it, "not the same" dismisses it', { timeout: 120_000 }, async () => {
    const { a, problemId } = await problemWithNotice();
    const c = await post(bien, 'vs-humlebien', PARAPHRASE);
    const d = await post(bien, 'vs-humlebien', OTHER_PARAPHRASE);

    const { context, page } = await openAs(browser, stack, 'anna', { hash: '/#/?density=compact' });
    try {
      const suggestion = card(page, c).getByTestId('problem-suggestion');
      await expect.poll(() => suggestion.textContent(), { timeout: 20_000 }).toContain(`Sandsynligvis: ${PROBLEM}`);
      await expect.poll(() => card(page, d).getByTestId('problem-suggestion').count(), WAIT).toBe(1);
      // The linked cases are the problem's, not suggested it.
      expect(await card(page, a).getByTestId('problem-suggestion').count()).toBe(0);
      const board = await axeSerious(page);
      expect(board, JSON.stringify(board, null, 1)).toEqual([]);

      // The drawer: the suggestion with the problem's notice, and "not the same".
      await card(page, d).getByRole('button', { name: /^Åbn/ }).click();
      const drawer = drawerOf(page, OTHER_PARAPHRASE.title);
      await drawer.waitFor();
      const inDrawer = drawer.getByTestId('problem-suggestion');
      await expect.poll(() => inDrawer.textContent(), WAIT).toContain(`Sandsynligvis: ${PROBLEM}`);
      expect(await inDrawer.textContent()).toContain(NOTICE);
      const danish = await axeSerious(page);
      expect(danish, JSON.stringify(danish, null, 1)).toEqual([]);
      await inDrawer.getByRole('button', { name: 'Ikke det samme' }).click();
      await expect.poll(() => inDrawer.count(), WAIT).toBe(0);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await expect.poll(() => card(page, d).getByTestId('problem-suggestion').count(), WAIT).toBe(0);

      // In English, the same suggestion in the drawer.
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
      await expect.poll(() => suggestion.textContent(), WAIT).toContain(`Probably: ${PROBLEM}`);
      await card(page, c).getByRole('button', { name: /^Open/ }).click();
      const english = drawerOf(page, PARAPHRASE.title);
      await english.waitFor();
      await expect.poll(() => english.getByTestId('problem-suggestion').textContent(), WAIT).toContain(`Probably: ${PROBLEM}`);
      expect(await english.getByTestId('problem-suggestion').textContent()).toContain('Not the same');
      const inEnglish = await axeSerious(page);
      expect(inEnglish, JSON.stringify(inEnglish, null, 1)).toEqual([]);
      await page.keyboard.press('Escape');
      await english.waitFor({ state: 'hidden' });

      // One click on the card links the case with the ordinary link move.
      await suggestion.getByRole('button', { name: `Link to problem: ${PROBLEM}` }).click();
      await expect.poll(() => card(page, c).getByTestId('problem-badge').count(), WAIT).toBe(1);
      expect(await suggestion.count()).toBe(0);
      const linked = (await anna.request('GET', `/api/cases/${c}`)).body.case;
      expect(linked).toMatchObject({ problem: { id: problemId, title: PROBLEM }, suggestion: null });
    } finally {
      await context.close();
    }
  });

  it("the drawer does not carry one case's refused link over to the next case it shows", { timeout: 120_000 }, async () => {
    await problemWithNotice();
    const [first, second] = [PARAPHRASE, OTHER_PARAPHRASE];
    const g = await post(bien, 'vs-humlebien', first);
    const h = await post(bien, 'vs-humlebien', second);
    const suggested = async (id: string) => (await anna.request('GET', `/api/cases/${id}`)).body.case.suggestion;
    await expect.poll(() => suggested(g), { timeout: 20_000 }).not.toBe(null);
    await expect.poll(() => suggested(h), WAIT).not.toBe(null);
    // Anna's board answers her link itself, with a refusal.
    const { context, page } = await openAs(browser, stack, 'anna', {
      before: (ctx) =>
        ctx.routeWebSocket(/\/socket\.io\//, (ws) => {
          const server = ws.connectToServer();
          ws.onMessage((m) => {
            const sent = /^42(\d+)\["case:link"/.exec(typeof m === 'string' ? m : m.toString());
            if (sent) ws.send(`43${sent[1]}${JSON.stringify([{ ok: false, error: { code: 'conflict', message: 'Refused' } }])}`);
            else server.send(m);
          });
          server.onMessage((m) => ws.send(m));
        }),
    });
    try {
      await card(page, g).getByRole('button', { name: /^Åbn/ }).click();
      const drawer = drawerOf(page, first.title);
      const inDrawer = drawer.getByTestId('problem-suggestion');
      await inDrawer.getByRole('button', { name: /^Knyt til/ }).click();
      await expect.poll(() => inDrawer.getByRole('alert').count(), WAIT).toBe(1);

      await page.evaluate((id) => (location.hash = `#/case/${id}`), h);
      const next = drawerOf(page, second.title).getByTestId('problem-suggestion');
      await expect.poll(() => next.textContent(), WAIT).toContain('Sandsynligvis:');
      expect(await next.getByRole('alert').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the comfortable card suggests it too: off while offline, "Ikke det samme" there, and a link can be undone', { timeout: 120_000 }, async () => {
    await problemWithNotice();
    const e = await post(bien, 'vs-humlebien', PARAPHRASE);
    const f = await post(bien, 'vs-humlebien', OTHER_PARAPHRASE);
    const suggested = async (id: string) => (await anna.request('GET', `/api/cases/${id}`)).body.case.suggestion as { problemId: string; title: string } | null;
    await expect.poll(() => suggested(e), { timeout: 20_000 }).not.toBe(null);
    await expect.poll(() => suggested(f), WAIT).not.toBe(null);
    const { title } = (await suggested(e))!;

    const { context, page } = await openAs(browser, stack, 'anna', { hash: '/#/?density=comfortable' });
    try {
      const onCard = card(page, e).getByTestId('problem-suggestion');
      await expect.poll(() => onCard.textContent(), { timeout: 20_000 }).toContain(`Sandsynligvis: ${title}`);
      expect(await card(page, e).getAttribute('data-density')).toBe(null);
      const link = onCard.getByRole('button', { name: `Knyt til ${title}` });
      const notSame = onCard.getByRole('button', { name: `Ikke det samme som ${title}` });

      // Without a connection nothing can be sent: the suggestion's buttons are off like the card's.
      await context.setOffline(true);
      await expect.poll(() => link.isDisabled(), WAIT).toBe(true);
      expect(await notSame.isDisabled()).toBe(true);
      await context.setOffline(false);
      await expect.poll(() => link.isDisabled(), { timeout: 30_000 }).toBe(false);

      // "Ikke det samme" on the card dismisses it.
      await card(page, f).getByTestId('problem-suggestion').getByRole('button', { name: /^Ikke det samme som/ }).click();
      await expect.poll(() => card(page, f).getByTestId('problem-suggestion').count(), WAIT).toBe(0);
      expect(await suggested(f)).toBe(null);

      // One click links; the card says so and offers to undo it, which unlinks.
      await link.click();
      const status = card(page, e).getByTestId('problem-linked');
      await expect.poll(() => status.textContent(), WAIT).toContain(`Knyttet til ${title}.`);
      expect((await anna.request('GET', `/api/cases/${e}`)).body.case.problem).toMatchObject({ title });
      await status.getByRole('button', { name: `Fortryd: fjern sagen fra ${title}` }).click();
      await expect.poll(async () => (await anna.request('GET', `/api/cases/${e}`)).body.case.problem, WAIT).toBe(null);
      await expect.poll(() => status.count(), WAIT).toBe(0);
    } finally {
      await context.close();
    }
  });
});
