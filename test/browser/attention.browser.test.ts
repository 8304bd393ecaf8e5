// Attention without noise, in a real browser: a new urgent case or an SLA breach beeps (Web Audio)
// and shows a browser notification on a team board once the member turned alerts on; nothing when
// muted, for a replayed catch-up or for the member's own case. And the tab title counts the
// unclaimed cases, live. Nothing is stubbed but two spies around the browser's own constructors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { login, type Session } from '../helpers/http.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { card, column, connection, launch, move, openAs, postCase, unique, WAIT } from './kit.ts';

const INST = 'bh-solsikken';

// Counts every Notification made and every tone started, then lets the browser do the real thing.
const SPIES = () => {
  const log = { notes: [] as Array<{ title: string; body?: string; tag?: string }>, tones: 0 };
  (window as unknown as { __alerts: typeof log }).__alerts = log;
  const Real = window.Notification;
  if (Real) {
    class Spy extends Real {
      constructor(title: string, options?: NotificationOptions) {
        log.notes.push({ title, body: options?.body, tag: options?.tag });
        super(title, options);
      }
    }
    window.Notification = Spy as typeof Notification;
  }
  const real = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    log.tones++;
    return real.call(this);
  };
};

const alerts = (page: Page) => page.evaluate(() => (window as unknown as { __alerts: { notes: Array<{ title: string; body?: string; tag?: string }>; tones: number } }).__alerts);

describe('attention on the team board', () => {
  let stack: Stack;
  let browser: Browser;
  let reporterApi: Session;
  let annaApi: Session;

  beforeAll(async () => {
    // A high-priority case must be claimed within 3 s here, so a breach happens within the test.
    stack = await startStack({ rollout: { sla: { high: { claimMinutes: 0.05 } } } });
    await stack.addUser('anna', 'anna-password', 'member', { name: 'Anna Andersen' });
    await stack.addUser('sol', 'sol-password', 'reporter', { name: 'Sofie Solsikke', institution: INST });
    reporterApi = await login(stack.baseUrl, 'sol', 'sol-password');
    annaApi = await login(stack.baseUrl, 'anna', 'anna-password');
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /**
   * A normal case from the superuser, waited for on the board: it never alerts, and its event
   * comes after every event before it, so whatever those were to raise has been raised by now.
   */
  async function later(page: Page): Promise<void> {
    const id = await postCase(reporterApi, unique('Almindelig sag bagefter '));
    await card(page, id).waitFor();
  }

  async function openMember(): Promise<{ context: BrowserContext; page: Page }> {
    return openAs(browser, stack, 'anna', {
      before: async (context) => {
        await context.grantPermissions(['notifications'], { origin: stack.baseUrl });
        await context.addInitScript(SPIES);
      },
    });
  }

  it('is muted until turned on; then a reporter\'s urgent case and an SLA breach beep and notify; muted again, nothing', { timeout: 90_000 }, async () => {
    const { context, page } = await openMember();
    try {
      const toggle = page.getByRole('button', { name: 'Varsler' });
      await expect.poll(() => toggle.getAttribute('aria-pressed'), WAIT).toBe('false');

      const quiet = await postCase(reporterApi, unique('Akut men lydløs '), { priority: 'urgent' });
      await card(page, quiet).waitFor();
      await later(page);
      expect(await alerts(page)).toEqual({ notes: [], tones: 0 });

      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-pressed'), WAIT).toBe('true');
      await expect.poll(() => page.evaluate(() => localStorage.getItem('warroom.attention')), WAIT).toBe('on');

      // A normal case: no alert. An urgent one: a beep and a notification naming it.
      const normal = await postCase(reporterApi, unique('Almindelig sag '));
      await card(page, normal).waitFor();
      const title = unique('Ingen kan logge ind på stue 1 ');
      const urgent = await postCase(reporterApi, title, { priority: 'urgent' });
      await card(page, urgent).waitFor();
      await expect.poll(async () => (await alerts(page)).notes.length, WAIT).toBe(1);
      const first = await alerts(page);
      expect(first.notes[0]).toMatchObject({ title: 'Ny akut sag', tag: `warroom-urgent-${urgent}` });
      expect(first.notes[0].body).toContain(title);
      expect(first.notes[0].body).toContain('Børnehuset Solsikken');
      expect(first.tones).toBeGreaterThan(0);

      // The member's own urgent case is no news to her.
      const own = await postCase(annaApi, unique('Min egen akutte sag '), { priority: 'urgent' });
      await card(page, own).waitFor();
      await later(page);
      expect((await alerts(page)).notes).toHaveLength(1);

      // A high case not claimed within 3 s breaches its SLA: that alerts too.
      const late = await postCase(reporterApi, unique('Kalender er tom '), { priority: 'high' });
      await expect.poll(async () => (await alerts(page)).notes.map((n) => n.tag), { timeout: 20_000 }).toContain(`warroom-breach-${late}`);
      expect((await alerts(page)).notes.find((n) => n.tag === `warroom-breach-${late}`)?.title).toBe('Frist overskredet');
      await move(annaApi, late, 'claim');

      // Muted: nothing, neither sound nor notification.
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-pressed'), WAIT).toBe('false');
      const before = await alerts(page);
      const muted = await postCase(reporterApi, unique('Akut mens der er slukket '), { priority: 'urgent' });
      await card(page, muted).waitFor();
      await later(page);
      expect(await alerts(page)).toEqual(before);
    } finally {
      await context.close();
    }
  });

  it('a case replayed in the catch-up after a lost connection does not alert; the next live one does', { timeout: 90_000 }, async () => {
    const { context, page } = await openMember();
    try {
      await page.evaluate(() => localStorage.setItem('warroom.attention', 'on'));
      await page.reload();
      await connection(page).getByText('Forbundet').waitFor();
      await expect.poll(() => page.getByRole('button', { name: 'Varsler' }).getAttribute('aria-pressed'), WAIT).toBe('true');

      await page.route('**/socket.io/**', (route) => route.abort());
      stack.app.io.disconnectSockets(true);
      await connection(page).getByText('Genopretter forbindelse').waitFor();
      const missed = await postCase(reporterApi, unique('Akut under afbrydelse '), { priority: 'urgent' });
      await page.unroute('**/socket.io/**');
      await connection(page).getByText('Forbundet').waitFor({ timeout: 30_000 });
      await card(page, missed).waitFor();

      // The next urgent case alerts, and alone: the one replayed before it raised nothing.
      const live = await postCase(reporterApi, unique('Akut efter afbrydelse '), { priority: 'urgent' });
      await card(page, live).waitFor();
      await expect.poll(async () => (await alerts(page)).notes.map((n) => n.tag), WAIT).toEqual([`warroom-urgent-${live}`]);
    } finally {
      await context.close();
    }
  });

  it('a superuser\'s page has no alerts toggle', { timeout: 60_000 }, async () => {
    const { context, page } = await openAs(browser, stack, 'sol');
    try {
      await page.getByRole('button', { name: 'Send henvendelse' }).waitFor();
      // The header is drawn (openAs waited for its "Forbundet"), without the toggle.
      expect(await page.getByTestId('attention-toggle').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the tab title shows the unclaimed count and follows it live', { timeout: 60_000 }, async () => {
    const { context, page } = await openMember();
    try {
      const unclaimed = async () => (await annaApi.request('GET', '/api/cases')).body.cases.filter((c: { status: string }) => c.status === 'new').length;
      const expectTitle = async () => {
        const n = await unclaimed();
        await expect.poll(() => page.title(), WAIT).toBe(n > 0 ? `(${n}) War room` : 'War room');
        return n;
      };
      const start = await expectTitle();
      const id = await postCase(reporterApi, unique('Tæller i fanen '));
      await column(page, 'new').locator(`article[data-case-id="${id}"]`).waitFor();
      expect(await expectTitle()).toBe(start + 1);
      await move(annaApi, id, 'claim');
      expect(await expectTitle()).toBe(start);
      // Claim every open case: the count goes away.
      const open = (await annaApi.request('GET', '/api/cases')).body.cases.filter((c: { status: string }) => c.status === 'new');
      for (const c of open) await move(annaApi, c.id, 'claim');
      await expect.poll(() => page.title(), WAIT).toBe('War room');
      await page.getByRole('button', { name: 'English' }).click();
      const again = await postCase(reporterApi, unique('Endnu en '));
      await card(page, again).waitFor();
      await expect.poll(() => page.title(), WAIT).toBe('(1) War room');
    } finally {
      await context.close();
    }
  });
});
