// Events are stored lean (what changed and the version after, no copy of the case), yet every
// reader of the log still gets each event with the case after it; entries written in the
// first format (with a full copy of the case) are read as they are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import type { Case } from '../shared/case.ts';
import type { CaseEvent, EventDraft } from '../shared/events.ts';
import { evolve } from '../shared/evolve.ts';
import { connectBoard, connectFeed } from './helpers/clients.ts';
import type { Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { startTestRedis } from './helpers/redis.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
const OLD_ID = '1';
const OLD_TITLE = 'Emils mor kan ikke logge ind OLD-SECRET-TITLE';
const OLD_NOTE = 'Ringede til Pia OLD-SECRET-NOTE';

type RedisClient = ReturnType<typeof createClient>;
let stack: Stack;
let redis: RedisClient;
let lead: Session, anna: Session, sol: Session;
/** The stream ids of the entries written in the first format, oldest first. */
let oldIds: string[] = [];
let oldCases: Case[] = [];

const entryBytes = (message: Record<string, string>) => Object.entries(message).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

/** Writes case 1 and its events as the first format's script did: every entry with the case after it. */
async function writeFirstFormat(client: RedisClient) {
  const sol = { id: '3', username: 'sol', name: 'Sofie Dahl' };
  const anna = { id: '2', username: 'anna', name: 'Anna Andersen' };
  const t0 = Date.now() - 60_000;
  const at = (i: number) => new Date(t0 + i * 1000).toISOString();
  const drafts: EventDraft[] = [
    { type: 'case.created', caseId: OLD_ID, at: at(0), actor: sol, data: { title: OLD_TITLE, description: 'Fra før opgraderingen', institution: INST, category: null, priority: 'normal' } },
    { type: 'case.enriched', caseId: OLD_ID, at: at(1), actor: { id: 'system', username: 'system', name: 'Intake' }, data: { category: 'login', tags: ['mitid'] } },
    { type: 'case.note_added', caseId: OLD_ID, at: at(2), actor: anna, data: { noteId: 1, text: OLD_NOTE, visibility: 'internal' } },
    { type: 'case.claimed', caseId: OLD_ID, at: at(3), actor: anna, data: {} },
  ];
  let state: Case | null = null;
  for (const d of drafts) {
    state = evolve(state, d);
    oldCases.push(state);
    const id = await client.xAdd('wr:events', '*', {
      type: d.type,
      caseId: d.caseId,
      at: d.at,
      actor: JSON.stringify(d.actor),
      data: JSON.stringify(d.data),
      case: JSON.stringify(state),
    });
    oldIds.push(id);
    await client.rPush(`wr:case-events:${OLD_ID}`, id);
  }
  await client.hSet(`wr:case:${OLD_ID}`, { v: String(state!.version), json: JSON.stringify(state) });
  await client.zAdd('wr:cases', { score: t0, value: OLD_ID });
  await client.set('wr:seq:case', OLD_ID);
}

beforeAll(async () => {
  const testRedis = await startTestRedis();
  redis = createClient({ url: testRedis.url });
  await redis.connect();
  await writeFirstFormat(redis);
  // The server starts on a log that already holds entries of the first format, as after an upgrade.
  stack = await startStack({ redis: testRedis });
  [lead, anna, sol] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: INST }],
  ]);
});
afterAll(async () => {
  await redis?.quit();
  await stack?.close();
});

const newest = async () => (await redis.xRevRange('wr:events', '+', '-', { COUNT: 1 }))![0];

describe('entries of the first format', () => {
  it('are read with their case through GET /api/events, GET /api/cases/:id, the socket catch-up and the feed', async () => {
    const events = (await lead.request('GET', '/api/events')).body.events as CaseEvent[];
    const old = events.filter((e) => e.caseId === OLD_ID);
    expect(old.map((e) => e.id)).toEqual(oldIds);
    expect(old.map((e) => e.case)).toEqual(oldCases);

    const detail = (await lead.request('GET', `/api/cases/${OLD_ID}`)).body;
    expect(detail.case).toEqual(oldCases[3]);
    expect(detail.events.map((e: { version: number }) => e.version)).toEqual([1, 2, 3, 4]);
    expect(detail.events.every((e: object) => !('case' in e))).toBe(true);

    const board = connectBoard(stack.baseUrl, lead.cookie, { lastEventId: '0-0' });
    await board.synced;
    expect(board.events.filter((e) => e.caseId === OLD_ID).map((e) => e.case)).toEqual(oldCases);
    board.socket.close();

    // The superuser's feed: the internal note keeps its place, without its text.
    const feed = connectFeed(stack.baseUrl, sol.cookie, '0-0');
    await feed.opened;
    await feed.waitFor((es) => es.filter((e) => e.caseId === OLD_ID).length === 4);
    const seen = feed.events.filter((e) => e.caseId === OLD_ID);
    expect(seen.map((e) => e.case.version)).toEqual([1, 2, 3, 4]);
    expect(seen[2]).toMatchObject({ type: 'case.note_added', data: { text: '' } });
    expect(seen.every((e) => e.case.notes.length === 0 && e.case.title === OLD_TITLE)).toBe(true);
    feed.ws.close();
  });

  it('a change to an old case is stored lean and reaches boards with the case, also folded from the old entries', async () => {
    const board = connectBoard(stack.baseUrl, lead.cookie, { lastEventId: (await lead.request('GET', '/api/cases')).body.lastEventId });
    await board.synced;
    const res = await anna.request('POST', `/api/cases/${OLD_ID}/notes`, { text: 'Ny note efter opgraderingen', visibility: 'reporter' });
    expect(res.status).toBe(200);
    const stored = await newest();
    expect(stored.message).toMatchObject({ f: '2', type: 'case.note_added', caseId: OLD_ID, v: '5' });
    expect(stored.message).not.toHaveProperty('case');
    await board.waitFor((es) => es.some((e) => e.id === stored.id));
    expect(board.events.find((e) => e.id === stored.id)!.case).toEqual(res.body.case);
    board.socket.close();

    const second = await anna.request('POST', `/api/cases/${OLD_ID}/notes`, { text: 'Og en til', visibility: 'internal' });
    expect(second.status).toBe(200);
    // Without what this process knew, the first new event's case is folded from the case's
    // own entries (the hash is two versions on by now).
    stack.app.services.store.states.forget();
    const page = (await lead.request('GET', `/api/events?since=${oldIds[3]}`)).body.events as CaseEvent[];
    const ofOld = page.filter((e) => e.caseId === OLD_ID);
    expect(ofOld.map((e) => e.case.version)).toEqual([5, 6]);
    expect(ofOld[0].case.notes.map((n) => n.text)).toEqual([OLD_NOTE, 'Ny note efter opgraderingen']);
    expect(ofOld[1].case).toEqual(second.body.case);
    expect(ofOld[1].case).toEqual((await lead.request('GET', `/api/cases/${OLD_ID}`)).body.case);
  });

  it('an erasure redacts the copy in old entries and the data of new ones', async () => {
    expect((await lead.request('POST', `/api/cases/${OLD_ID}/erase`)).status).toBe(200);
    const raw = JSON.stringify(await redis.xRange('wr:events', '-', '+'));
    expect(raw).not.toContain('OLD-SECRET');
    expect(raw).not.toContain('Ny note efter opgraderingen');
    const events = (await lead.request('GET', '/api/events')).body.events as CaseEvent[];
    const last = events.filter((e) => e.caseId === OLD_ID).at(-1)!;
    expect(last.case.title).toBe('[slettet]');
    expect(last.case.notes.every((n) => n.text === '[slettet]')).toBe(true);
  });
});

describe('an event stored lean', () => {
  // 200 notes of 1,250 characters fill a case to its limits (200 notes, 256 KB of text).
  it("does not grow with the case's history: 200 notes of 1,250 characters", async () => {
    const c = (await sol.request('POST', '/api/cases', { title: 'Mange noter', institution: INST })).body.case as Case;
    // The intake's enrichment first, so the newest entry after each note is that note.
    await expect.poll(async () => (await lead.request('GET', `/api/cases/${c.id}`)).body.case.enrichedAt, { timeout: 15_000 }).not.toBeNull();
    const memory = async () => Number(await redis.sendCommand(['MEMORY', 'USAGE', 'wr:events', 'SAMPLES', '0']));
    const streamBefore = await memory();
    const usedBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    const sizes: number[] = [];
    const ids: string[] = [];
    let after!: Case;
    for (let i = 1; i <= 200; i++) {
      const text = `${String(i).padStart(3, '0')} ${'x'.repeat(1246)}`;
      const res = await anna.request('POST', `/api/cases/${c.id}/notes`, { text, visibility: 'internal' });
      expect(res.status).toBe(200);
      after = res.body.case;
      const entry = await newest();
      sizes.push(entryBytes(entry.message));
      ids.push(entry.id);
    }
    expect(after.notes).toHaveLength(200);
    expect(sizes[0]).toBeLessThan(4096);
    expect(sizes[199]).toBeLessThan(4096);
    expect(Math.abs(sizes[199] - sizes[0])).toBeLessThan(64);
    const streamGrowth = (await memory()) - streamBefore;
    const usedGrowth = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]) - usedBefore;
    // The first format grew Redis by about 45 MiB for the same notes.
    expect(streamGrowth).toBeLessThan(1024 * 1024);
    expect(usedGrowth).toBeLessThan(8 * 1024 * 1024);

    const detail = await lead.request('GET', `/api/cases/${c.id}`);
    expect(detail.body.events).toHaveLength(after.version);
    expect(detail.body.events.every((e: object) => !('case' in e))).toBe(true);
    expect(JSON.stringify(detail.body).length).toBeLessThan(2 * 1024 * 1024);

    // A board catching up from memory, and one on a fresh node that must read the log and
    // fold the case from its stored events: both get the case after each event.
    const board = connectBoard(stack.baseUrl, lead.cookie, { lastEventId: ids[197] });
    await board.synced;
    expect(board.events.map((e) => e.case.notes.length)).toEqual([199, 200]);
    expect(board.events[1].case).toEqual(after);
    board.socket.close();
    const other = await startServer(stack.redis);
    try {
      const fresh = connectBoard(other.baseUrl, lead.cookie, { lastEventId: ids[197] });
      await fresh.synced;
      expect(fresh.events.map((e) => e.case.version)).toEqual([after.version - 1, after.version]);
      expect(fresh.events[1].case).toEqual(after);
      // The superuser's copy leaves out the internal notes, as before.
      const feed = connectFeed(other.baseUrl, sol.cookie, ids[198]);
      await feed.opened;
      await feed.waitFor((es) => es.length === 1);
      expect(feed.events[0]).toMatchObject({ id: ids[199], data: { text: '' }, case: { version: after.version, notes: [] } });
      fresh.socket.close();
      feed.ws.close();
    } finally {
      await other.app.app.close();
    }
  });
});
