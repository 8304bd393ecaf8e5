// Refusals in Danish, end to end: a lost claim race, a roster overlap, an existing username and
// the login limit, each read on the screen with no English word from the server's message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { card, launch, logIn, newPage, openAs, postCase, WAIT } from './kit.ts';

let stack: Stack;
let browser: Browser;

/** Words of the server's English messages that no Danish screen has. */
const ENGLISH = /\b(the|is|already|claimed|by|shift|overlaps|their|exists|pick|another|username|must|too|many|attempts|try|again|seconds|refused|something|went|wrong|line)\b/i;

async function englishOn(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return text.split('\n').filter((line) => ENGLISH.test(line));
}

describe('refusals in Danish', () => {
  beforeAll(async () => {
    // A small per-username login budget, so the limit is met in a few tries; the rest log in once or twice.
    stack = await startStack({ env: { LOGIN_LIMIT_PER_USER: '3', LOGIN_LIMIT_PER_IP: '1000' } });
    await stack.addUser('lene', 'lene-password', 'lead', { name: 'Lene Leder' });
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Mikkelsen' });
    await stack.addUser('bo', 'bo-password', 'member', { name: 'Bo Berg' });
    await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Olsen', institution: 'bh-solsikken' });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a lost claim race names who has the case, in Danish', { timeout: 60_000 }, async () => {
    const annaApi = await login(stack.baseUrl, 'anna', 'anna-password');
    const reporterApi = await login(stack.baseUrl, 'sol', 'sol-password');
    // Bo's board holds back the live events of one case, so it still looks free when he clicks.
    let holdCaseId: string | null = null;
    // The board's connection, as the server names it; it is in the WebSocket's address.
    let sid: string | null = null;
    const { context, page } = await newPage(browser, {
      before: (ctx) =>
        ctx.routeWebSocket(/\/socket\.io\//, (ws) => {
          sid = new URL(ws.url()).searchParams.get('sid');
          const server = ws.connectToServer();
          ws.onMessage((m) => server.send(m));
          server.onMessage((m) => {
            const text = typeof m === 'string' ? m : m.toString();
            if (holdCaseId && text.includes('"case:event') && text.includes(`"caseId":"${holdCaseId}"`)) return;
            ws.send(m);
          });
        }),
    });
    page.setDefaultTimeout(WAIT.timeout);
    try {
      await page.goto(stack.baseUrl);
      await logIn(page, 'bo');
      // Only what comes over the WebSocket can be held back: wait until the board has moved onto it.
      const transport = () => [...stack.app.io.sockets.sockets.values()].find((s) => sid !== null && (s.conn as unknown as { id: string }).id === sid)?.conn.transport.name;
      await expect.poll(transport, WAIT).toBe('websocket');
      const id = await postCase(reporterApi, 'Billeder kan ikke uploades', { category: 'photos' });
      await card(page, id).waitFor();
      holdCaseId = id;
      expect((await annaApi.request('POST', `/api/cases/${id}/claim`)).status).toBe(200);
      await card(page, id).getByRole('button', { name: 'Tag sagen' }).click();
      const toast = page.getByTestId('toast');
      await expect.poll(() => toast.textContent(), WAIT).toContain('Tag sagen blev afvist: Sagen er allerede taget af Anna Mikkelsen.');
      expect(await englishOn(page)).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: '/tmp/danish-claim.png' });
      throw err;
    } finally {
      await context.close();
    }
  });

  it('a roster overlap names the person and the times, in Danish', { timeout: 60_000 }, async () => {
    const leadApi = await login(stack.baseUrl, 'lene', 'lene-password');
    expect((await leadApi.request('PUT', '/api/roster', { shifts: [{ username: 'bo', start: '2026-11-30 08:00', end: '2026-11-30 12:00' }] })).status).toBe(200);
    const { context, page } = await openAs(browser, stack, 'lene');
    page.setDefaultTimeout(WAIT.timeout);
    try {
      await page.getByRole('navigation', { name: 'Visning' }).getByRole('link', { name: 'Vagtplan' }).click();
      await page.getByRole('heading', { name: 'Vagtplan for udrulningsugen' }).waitFor();
      await page.getByLabel('Person').selectOption('bo');
      await page.getByLabel('Dato').fill('2026-11-30');
      await page.getByLabel('Fra').fill('10:00');
      await page.getByLabel('Til').fill('14:00');
      await page.getByRole('button', { name: 'Tilføj vagt' }).click();
      await expect
        .poll(() => page.getByText('Vagtplanen blev ikke gemt').textContent(), WAIT)
        .toBe('Vagtplanen blev ikke gemt: bo er allerede booket 2026-11-30 08:00–2026-11-30 12:00, så vagten 2026-11-30 10:00–2026-11-30 14:00 overlapper.');
      expect(await englishOn(page)).toEqual([]);

      // An existing username, on the lead's accounts page.
      await page.getByRole('link', { name: 'Brugere' }).click();
      await page.getByLabel('Brugernavn', { exact: true }).fill('anna');
      await page.getByLabel('Navn', { exact: true }).fill('Anna Igen');
      await page.locator('#acc-role').selectOption('member');
      await page.getByRole('button', { name: 'Opret og lav link' }).click();
      await expect.poll(() => page.getByRole('alert').first().textContent(), WAIT).toBe('Det lykkedes ikke: Brugernavnet «anna» findes allerede. Vælg et andet.');
      expect(await englishOn(page)).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: '/tmp/danish-accounts.png', fullPage: true });
      throw err;
    } finally {
      await context.close();
    }
  });

  it('the login limit says in Danish how long to wait', { timeout: 60_000 }, async () => {
    const { context, page } = await newPage(browser);
    try {
      await page.goto(stack.baseUrl);
      const alert = page.getByRole('alert');
      const tryLogin = async () => {
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
        await logIn(page, 'kim', 'not-the-password', { connected: false });
        return (await answered).status();
      };
      for (let i = 0; i < 3; i++) {
        expect(await tryLogin()).toBe(401);
        await expect.poll(() => alert.textContent(), WAIT).toBe('Forkert brugernavn eller adgangskode.');
      }
      expect(await tryLogin()).toBe(429);
      await expect.poll(() => alert.textContent(), WAIT).toMatch(/^For mange forsøg på at logge ind\. Prøv igen om \d+ sekunder\.$/);
      expect(await englishOn(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the intake shows how much of the description\'s 5,000 characters is used', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'sol', { connected: false });
    page.setDefaultTimeout(WAIT.timeout);
    try {
      const counter = page.getByTestId('description-count');
      await expect.poll(() => counter.textContent(), WAIT).toMatch(/^\s*0 af 5\.000 tegn\s*$/);
      await page.getByLabel('Beskrivelse').fill('x'.repeat(4990));
      await expect.poll(() => counter.textContent(), WAIT).toMatch(/^\s*4\.990 af 5\.000 tegn\s*$/);
    } finally {
      await context.close();
    }
  });
});
