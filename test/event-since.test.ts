// The since check is one rule: GET /api/events, the feed and the board's socket give the same
// verdict for the same id, on a full log, a trimmed one and one purged empty.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardClient } from './helpers/clients.ts';
import { connectFeed } from './helpers/clients.ts';
import type { Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

type Verdict = 'ok' | 'invalid' | 'gone';
const INST = 'bh-solsikken';
const NEWER = '99999999999999-0';

let stack: Stack;
let lead: Session;

beforeAll(async () => {
  stack = await startStack();
  [lead] = await loginAll(stack, [['lead', 'lead']]);
});
afterAll(() => stack?.close());

async function viaRest(since: string): Promise<Verdict> {
  const res = await lead.request('GET', `/api/events?since=${encodeURIComponent(since)}`);
  const verdicts: Record<number, Verdict> = { 200: 'ok', 400: 'invalid', 410: 'gone' };
  expect(verdicts[res.status], `GET /api/events?since=${since}: ${res.status} ${JSON.stringify(res.body)}`).toBeDefined();
  if (res.status !== 200) expect(res.body.error.message, since).toMatch(/since/);
  return verdicts[res.status];
}

async function viaFeed(since: string): Promise<Verdict> {
  const feed = connectFeed(stack.baseUrl, lead.cookie, since);
  try {
    await feed.opened;
    return 'ok';
  } catch (err) {
    const status = /feed refused: (\d+)/.exec((err as Error).message)?.[1];
    const verdicts: Record<string, Verdict> = { '400': 'invalid', '410': 'gone' };
    expect(verdicts[status ?? ''], `feed since=${since}: ${(err as Error).message}`).toBeDefined();
    return verdicts[status!];
  } finally {
    feed.ws.close();
  }
}

/**
 * The board's answers: refused at the handshake or sent `sync:ready` and hung up on (reload),
 * `sync:reset` (gone), or `sync:ready` and still there when a command comes back (ok).
 */
function viaSocket(since: string): Promise<Verdict> {
  const socket: BoardClient = io(stack.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: lead.cookie }, auth: { lastEventId: since }, reconnection: false });
  return new Promise<Verdict>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket lastEventId=${since}: no verdict within 10 s`)), 10_000);
    const settle = (verdict: Verdict) => {
      clearTimeout(timer);
      resolve(verdict);
    };
    socket.on('connect_error', (err) => (err.message === 'invalid lastEventId' ? settle('invalid') : reject(err)));
    socket.on('sync:reset', () => settle('gone'));
    socket.on('disconnect', (reason) => (reason === 'io server disconnect' ? settle('invalid') : undefined));
    socket.on('sync:ready', () => {
      // A hang-up right after sync:ready arrives before the answer to anything sent after it.
      (socket.emit as (...args: unknown[]) => void)('probe:nothing', () => settle('ok'));
    });
  }).finally(() => socket.close());
}

async function verdicts(cases: [string, Verdict][]) {
  for (const [since, expected] of cases) {
    const seen = { rest: await viaRest(since), feed: await viaFeed(since), socket: await viaSocket(since) };
    expect(seen, `since=${since}`).toEqual({ rest: expected, feed: expected, socket: expected });
  }
}

async function settledLog(): Promise<string[]> {
  // The intake's enrichments follow the cases; the log's ends are read once they are in.
  const enriched = async () => ((await lead.request('GET', '/api/cases')).body as { cases: { enrichedAt: string | null }[] }).cases.every((c) => c.enrichedAt);
  await expect.poll(enriched, { timeout: 10_000, interval: 50 }).toBe(true);
  const ids = (await lead.request('GET', '/api/events')).body.events.map((e: { id: string }) => e.id) as string[];
  expect(ids.length).toBeGreaterThan(2);
  return ids;
}

describe('the since check gives one verdict over REST, feed and socket', () => {
  it('on a full log: "0-0" and kept ids are fine; newer or malformed ids are invalid', async () => {
    for (let i = 0; i < 3; i++) expect((await lead.request('POST', '/api/cases', { title: `Sag ${i}`, institution: INST })).status).toBe(201);
    const ids = await settledLog();
    await verdicts([
      ['0-0', 'ok'],
      [ids[0], 'ok'],
      [ids[ids.length - 1], 'ok'],
      [NEWER, 'invalid'],
      ['latest', 'invalid'],
      ['1-2-3', 'invalid'],
    ]);
  });

  it('on a trimmed log: "0-0" and ids before the kept log are gone; the newest is fine', async () => {
    const ids = await settledLog();
    await stack.app.services.redis.sendCommand(['XTRIM', 'wr:events', 'MAXLEN', '1']);
    await verdicts([
      ['0-0', 'gone'],
      [ids[0], 'gone'],
      [ids[ids.length - 1], 'ok'],
      [NEWER, 'invalid'],
    ]);
  });

  it('on a log purged empty: "0-0" (what the snapshot says) is fine, an older end is invalid', async () => {
    const ids = (await lead.request('GET', '/api/events')).body.events.map((e: { id: string }) => e.id) as string[];
    await stack.app.services.redis.sendCommand(['XTRIM', 'wr:events', 'MAXLEN', '0']);
    expect((await lead.request('GET', '/api/cases')).body.lastEventId).toBe('0-0');
    await verdicts([
      ['0-0', 'ok'],
      [ids[ids.length - 1], 'invalid'],
    ]);
  });
});
