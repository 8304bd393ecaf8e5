// 6. Big board: a board of N open cases. How long the API snapshot takes, how long until
// the board is interactive in headless Chromium, and whether it stays responsive while
// events arrive (50 a second: 25 new cases, each followed by its intake enrichment).
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { installProbe } from '../browser/page-probe.ts';
import { sleep, within } from '../lib/clock.ts';
import { Histogram, round, rounded } from '../lib/histogram.ts';
import { JsonClient } from '../lib/http.ts';
import { machineMeter } from '../lib/machine-load.ts';
import { onCleanup } from '../lib/procs.ts';
import { summarizeProfile } from '../lib/profile-summary.ts';
import { summarizeTrace } from '../lib/trace-summary.ts';
import type { Ctx } from './context.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function waitForQueue(ctx: Ctx, maxMs: number): Promise<number> {
  const until = Date.now() + maxMs;
  let depth = await ctx.redis.queueDepth();
  while (depth > 0 && Date.now() < until) {
    await sleep(250);
    depth = await ctx.redis.queueDepth();
  }
  return depth;
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'];

async function startProfile(cdp: CDPSession | null, browser: Browser, page: Page) {
  if (!cdp) return;
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
}

async function stopProfile(ctx: Ctx, cdp: CDPSession | null, browser: Browser, name: string) {
  if (!cdp || !ctx.profileDir) return null;
  const trace = summarizeTrace((await browser.stopTracing()).toString('utf8'));
  const { profile } = await cdp.send('Profiler.stop');
  const file = path.join(ctx.profileDir, name);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, JSON.stringify(profile));
  return { file: path.relative(process.cwd(), file), ...summarizeProfile(file, 12), trace };
}

/**
 * Waits until a page expression is true. Playwright's waitForFunction compiles its predicate
 * with eval inside the page, which the board's Content-Security-Policy (script-src 'self')
 * forbids; page.evaluate goes through the DevTools protocol, which CSP does not govern.
 */
async function pollPage(page: Page, expression: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const left = Math.max(1, until - Date.now());
    const ok = await within(page.evaluate(expression) as Promise<boolean>, left, expression).catch(() => false);
    if (ok) return true;
    await sleep(100);
  }
  return false;
}

type PageNumbers = { interactiveAt: number | null; firstCardAt: number | null; domContentLoaded: number; snapshotAt: number | null; longTasks: [number, number][] };

export async function bigBoard(ctx: Ctx) {
  const { cases, casesPerSec, stormMs, catchUpMs, snapshotRepeats } = ctx.params.bigBoard;
  const base = ctx.server.baseUrl;
  const member = ctx.users.members[0];

  ctx.log(`big board: seeding ${cases} open cases`);
  const seed = await ctx.intake.call<{ ok: number; failed: number; ms: number }>(
    'seed',
    { baseUrl: base, cookie: ctx.users.intake.cookie, count: cases, concurrency: 32, institutions: ctx.institutions },
    180_000,
  );
  const leftInQueue = await waitForQueue(ctx, 60_000);

  const api = new JsonClient(base, member.cookie);
  const snapshot = new Histogram();
  let snapshotCases = 0;
  let snapshotBytes = 0;
  for (let i = 0; i < snapshotRepeats; i++) {
    const r = await api.request('GET', '/api/cases', undefined, {}, 60_000);
    if (r.status !== 200) throw new Error(`GET /api/cases: ${r.status}`);
    snapshot.add(r.ms);
    snapshotCases = r.body.cases.length;
    snapshotBytes = r.bytes;
  }
  api.close();

  ctx.log('big board: opening it in headless Chromium');
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    // The bench's own cleanup closes the browser; Playwright's handlers would exit first.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const removeCleanup = onCleanup('chromium', () => browser.close());
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
    const [name, value] = member.cookie.split(';')[0].split('=');
    await context.addCookies([{ name, value, url: base, httpOnly: true, sameSite: 'Lax' }]);
    // esbuild (via tsx) may wrap named functions in __name(); the page has no such helper.
    await context.addInitScript({ content: `var __name = (f) => f;\n(${installProbe.toString()})(${cases});` });
    const page = await context.newPage();
    const cdp = ctx.profileDir ? await context.newCDPSession(page) : null;

    await startProfile(cdp, browser, page);
    const loadMachine = machineMeter();
    await page.goto(base, { waitUntil: 'commit', timeout: 30_000 });
    if (!(await pollPage(page, 'Boolean(window.__bench && window.__bench.interactiveAt !== null)', 90_000))) {
      throw new Error('the big board did not become interactive within 90 s');
    }
    const load = (await page.evaluate(`(() => {
      const b = window.__bench;
      const nav = performance.getEntriesByType('navigation')[0];
      // The board's snapshot: when its last byte arrived, to time what the page does with it.
      const snap = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/cases');
      return { interactiveAt: b.interactiveAt, firstCardAt: b.firstCardAt, domContentLoaded: nav ? nav.domContentLoadedEventEnd : -1, snapshotAt: snap ? snap.responseEnd : null, longTasks: b.longTasks.slice() };
    })()`)) as PageNumbers;
    const loadOthers = loadMachine().othersPct;
    const loadProfile = await stopProfile(ctx, cdp, browser, 'browser-load.cpuprofile');
    const loadLong = load.longTasks.filter(([start]) => start <= (load.interactiveAt ?? Infinity));

    ctx.log(`big board: ${casesPerSec * 2} events/s for ${stormMs / 1000} s while typing`);
    await sleep(500);
    await startProfile(cdp, browser, page);
    const stormMachine = machineMeter();
    const stormStart = (await page.evaluate(`(() => {
      const b = window.__bench;
      b.keyDelays.length = 0; b.taskDelays.length = 0; b.start();
      return performance.now();
    })()`)) as number;
    const intakeRun = ctx.intake.call<{ ok: number; sent: number; achievedRate: number }>(
      'open-loop',
      { baseUrl: base, cookie: ctx.users.intake.cookie, rate: casesPerSec, durationMs: stormMs, maxInFlight: 200, institutions: ctx.institutions, stampTitle: true },
      stormMs + 60_000,
    );
    // A key press every 250 ms, as someone typing in a dialog would, for as long as the storm lasts.
    let presses = 0;
    const typing = (async () => {
      const until = Date.now() + stormMs;
      while (Date.now() < until && presses < 200) {
        await page.keyboard.press('Shift', { delay: 0 });
        presses++;
        await sleep(250);
      }
    })();
    const [intake] = await Promise.all([intakeRun, typing]);
    const stormEnded = Date.now();
    const expectedCards = cases + intake.ok;
    // How far behind the board fell: the time it needs after the last case to count them all.
    // A long column draws only the cards in view, so the board's counts say what it holds.
    const allShown = await pollPage(page, `window.__bench.count() >= ${expectedCards}`, catchUpMs);
    const catchUpMsTaken = Date.now() - stormEnded;
    const storm = (await page.evaluate(`(() => {
      const b = window.__bench;
      b.watching = false;
      return { end: performance.now(), longTasks: b.longTasks.slice(), keyDelays: b.keyDelays.slice(), taskDelays: b.taskDelays.slice(), appeared: b.appeared.slice(),
               counted: b.counted.slice(), cards: b.count(), cardsInDom: document.querySelectorAll('article[data-case-id]').length };
    })()`)) as { end: number; longTasks: [number, number][]; keyDelays: number[]; taskDelays: number[]; appeared: number[]; counted: number[]; cards: number; cardsInDom: number };
    const stormOthers = stormMachine().othersPct;
    const stormProfile = await stopProfile(ctx, cdp, browser, 'browser-storm.cpuprofile');

    const stormLong = storm.longTasks.filter(([start]) => start >= stormStart);
    const hist = (xs: number[]) => xs.reduce((h, x) => (h.add(x), h), new Histogram());
    const busyMs = stormLong.reduce((s, [, d]) => s + d, 0);
    return {
      cases,
      seed: { ok: seed.ok, failed: seed.failed, ms: seed.ms, queueLeft: leftInQueue },
      snapshot: { ...rounded(snapshot.summary()), cases: snapshotCases, kb: Math.round(snapshotBytes / 1024) },
      load: {
        interactiveMs: round(load.interactiveAt ?? NaN, 0),
        firstCardMs: round(load.firstCardAt ?? NaN, 0),
        snapshotArrivedMs: round(load.snapshotAt ?? NaN, 0),
        afterSnapshotMs: round((load.interactiveAt ?? NaN) - (load.snapshotAt ?? NaN), 0),
        domContentLoadedMs: round(load.domContentLoaded, 0),
        longTasks: loadLong.length,
        longestTaskMs: round(Math.max(0, ...loadLong.map(([, d]) => d)), 0),
        othersCpuPct: loadOthers,
        profile: loadProfile,
      },
      storm: {
        eventsPerSec: casesPerSec * 2,
        seconds: stormMs / 1000,
        casesSent: intake.sent,
        cardsAtEnd: storm.cards,
        cardsInDom: storm.cardsInDom,
        allShown,
        caughtUpAfterMs: allShown ? catchUpMsTaken : null,
        keyPresses: presses,
        inputDelay: rounded(hist(storm.keyDelays).summary()),
        taskDelay: rounded(hist(storm.taskDelays).summary()),
        intakeToCard: rounded(hist(storm.appeared).summary()),
        eventToCount: rounded(hist(storm.counted).summary()),
        longTasks: stormLong.length,
        longestTaskMs: round(Math.max(0, ...stormLong.map(([, d]) => d)), 0),
        mainThreadBusyPct: round((busyMs / Math.max(1, storm.end - stormStart)) * 100, 0),
        othersCpuPct: stormOthers,
        profile: stormProfile,
      },
    };
  } finally {
    removeCleanup();
    await browser.close().catch(() => {});
  }
}
