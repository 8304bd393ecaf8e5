// Shared pieces of the browser tests added for issue 9 (attention, keyboard, languages,
// accessibility, the phone, screenshots): launching Debian's Chromium, logging in, axe-core.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { clockShift, shiftClock } from '../helpers/fixed-instant.ts';
import type { Session } from '../helpers/http.ts';
import type { Stack } from '../helpers/stack.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const INST = 'bh-solsikken';
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The attention test plays a sound without a real click first.
  '--autoplay-policy=no-user-gesture-required',
];
/** Server limits for a test with many logins and cases from one address in a few seconds: well past the budgets meant for people. */
export const ROOMY_LIMITS = { LOGIN_LIMIT_PER_USER: '1000', LOGIN_LIMIT_PER_IP: '1000', INTAKE_LIMIT_PER_USER: '1000' };
/**
 * The deadline for a read that waits for the page to reach the state it checks
 * (`expect.poll(read, WAIT)`): a socket event, a fetch and a render on a busy two-core machine
 * take far longer than expect.poll's own one second.
 */
export const WAIT = { timeout: 15_000 } as const;
export const AXE_PATH = path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');

/**
 * `uiLanguage` is the language of Chromium's own widgets (date and time fields, file pickers),
 * which the context's locale does not reach; Debian's Chromium has it only with chromium-l10n
 * installed, and speaks English without it.
 */
export function launch(opts: { uiLanguage?: string } = {}): Promise<Browser> {
  if (!opts.uiLanguage) return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...LAUNCH_ARGS, `--lang=${opts.uiLanguage}`],
    env: { ...process.env, LANGUAGE: opts.uiLanguage },
  });
}

export const connection = (page: Page) => page.locator('.app-header [role="status"]');
export const column = (page: Page, id: 'new' | 'in_progress' | 'waiting' | 'resolved') => page.locator(`[data-column="${id}"]`);
export const card = (page: Page, caseId: string) => page.locator(`article[data-case-id="${caseId}"]`);
export const unique = (word: string) => `${word}${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

export interface OpenOptions {
  /** Appended to the server's address before the login page opens: a hash route ('/#/report') or a path ('/tv'). */
  hash?: string;
  /** Context options on top of the defaults (1400×900, locale da-DK), e.g. another viewport or bypassCSP. */
  context?: BrowserContextOptions;
  /** Runs on the new context before its first page opens: routes, listeners (e.g. 'dialog'), storage. */
  before?: (context: BrowserContext) => Promise<void>;
  /**
   * Whether to wait for the header's "Forbundet" after logging in (the default). false returns as soon
   * as the form is submitted, for screens without the header, such as the wall screen at /tv.
   */
  connected?: boolean;
}

/** A fresh context with the defaults (1400×900, da-DK) and `opts.context` on top, and one page in it; no login. */
export async function newPage(browser: Browser, opts: Pick<OpenOptions, 'context' | 'before'> = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', ...opts.context });
  // At a fixed instant the page reads the same clock as this process and its server. Not
  // context.clock: Playwright runs in this process and would time its fake clock by the moved Date.
  if (clockShift() !== 0) await context.addInitScript(shiftClock, clockShift());
  await opts.before?.(context);
  const page = await context.newPage();
  return { context, page };
}

/** Fills in the login form the page shows (password `${username}-password` unless given) and waits for "Forbundet" unless `connected` is false. */
export async function logIn(page: Page, username: string, password = `${username}-password`, opts: Pick<OpenOptions, 'connected'> = {}): Promise<void> {
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  if (opts.connected ?? true) await connection(page).getByText('Forbundet').waitFor();
}

/** Opens the server (plus `opts.hash`) in a fresh context and logs in as `username` with `${username}-password`. */
export async function openAs(browser: Browser, stack: Stack, username: string, opts: OpenOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await newPage(browser, opts);
  await page.goto(stack.baseUrl + (opts.hash ?? ''));
  await logIn(page, username, undefined, opts);
  return { context, page };
}

export async function postCase(api: Session, title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.request('POST', '/api/cases', { title, institution: INST, ...extra }, { 'idempotency-key': crypto.randomUUID() });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.case.id as string;
}

export async function move(api: Session, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await api.request('POST', `/api/cases/${id}/${action}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.case;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core on the page as it is now; only serious and critical violations are returned. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  // The board's CSP forbids inline scripts (addScriptTag); evaluating the source through the
  // DevTools protocol is not a page script, so the CSP stays as it is in production.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${readFileSync(AXE_PATH, 'utf8')}\n;void 0`);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      nodes: (v.nodes as Array<{ target: unknown[]; failureSummary?: string }>).slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Presses Tab until the target has the focus, so a test reaches a control by keyboard only. */
export async function tabTo(page: Page, target: Locator, opts: { max?: number; back?: boolean } = {}): Promise<void> {
  for (let i = 0; i < (opts.max ?? 80); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const focused = await target.evaluateAll((els) => els.some((el) => el === document.activeElement));
    if (focused) return;
  }
  throw new Error(`Tab never reached ${target}`);
}
