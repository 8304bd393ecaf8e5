// Batches: a client that asks gets the events of one read of the stream (or one page of its
// catch-up) in one frame — `case:events` on socket.io, a JSON array on the feed — while a
// client that does not ask still gets one event per frame. Either way each event exactly once,
// in log order, and the catch-up hands over to live without a gap or a repeat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Case } from '../shared/case.ts';
import type { CaseEvent } from '../shared/events.ts';
import { connectBoard, connectFeed, type Recorder } from './helpers/clients.ts';
import type { Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
const OTHER = 'bh-regnbuen';
const SECRET = 'Intern: forælderen er vred SECRET-NOTE';

let stack: Stack;
let lead: Session, anna: Session, sol: Session, viewer: Session;

beforeAll(async () => {
  // No intake worker: the only events are the ones each test makes, so they can be counted.
  stack = await startStack({ runWorkers: false });
  [lead, anna, sol, viewer] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: INST }],
    ['wall', 'viewer'],
  ]);
});
afterAll(() => stack?.close());

const post = (s: Session, title: string, institution = INST) => s.request('POST', '/api/cases', { title, institution }).then((r) => r.body.case as Case);
const lastEventId = async () => (await lead.request('GET', '/api/cases')).body.lastEventId as string;

/** The log after `since`, as the lead sees it (one page is plenty here). */
async function logAfter(since: string): Promise<CaseEvent[]> {
  const res = await lead.request('GET', `/api/events?since=${since}`);
  expect(res.body.more).toBe(false);
  return res.body.events;
}

/** A burst: the cases posted at once, so several are stored while the stream is being read. */
const burst = (n: number, tag: string) =>
  Promise.all(Array.from({ length: n }, (_, i) => post(lead, `${tag} ${i} Appen viser forkert dato`, i % 5 === 4 ? OTHER : INST)));

const ids = (rec: Recorder) => rec.events.map((e) => e.id);

describe('socket.io batches', () => {
  it('a burst reaches a batch board in fewer frames than events, each event once and in order, and a plain board one case:event each', async () => {
    const since = await lastEventId();
    const batched = connectBoard(stack.baseUrl, anna.cookie, { lastEventId: since, batch: true });
    const plain = connectBoard(stack.baseUrl, anna.cookie, { lastEventId: since });
    await Promise.all([batched.synced, plain.synced]);

    const cases = await burst(50, 'Burst');
    const created = new Set(cases.map((c) => c.id));
    const all = (es: CaseEvent[]) => es.filter((e) => e.type === 'case.created' && created.has(e.caseId)).length === 50;
    await batched.waitFor(all);
    await plain.waitFor(all);

    const log = await logAfter(since);
    expect(log).toHaveLength(50);
    expect(ids(batched)).toEqual(log.map((e) => e.id));
    expect(ids(plain)).toEqual(log.map((e) => e.id));
    expect(batched.events).toEqual(log);

    expect(batched.frames.every((f) => f.kind === 'batch' && f.events.length > 0)).toBe(true);
    expect(batched.frames.length).toBeLessThan(50);
    expect(Math.max(...batched.frames.map((f) => f.events.length))).toBeGreaterThan(1);

    expect(plain.frames).toHaveLength(50);
    expect(plain.frames.every((f) => f.kind === 'single')).toBe(true);
    expect(plain.events.every((e) => e.case?.id === e.caseId && e.case.version === 1)).toBe(true);
    batched.socket.close();
    plain.socket.close();
  });

  it('a board on long-polling, and one that upgrades from it, get the same batches as one on a WebSocket', async () => {
    const since = await lastEventId();
    const onTransports = (transports: ('polling' | 'websocket')[]) => {
      const events: CaseEvent[] = [];
      let ready!: () => void;
      const synced = new Promise<void>((r) => (ready = r));
      const socket = io(stack.baseUrl, { transports, extraHeaders: { cookie: anna.cookie }, auth: { lastEventId: since, batch: true } });
      socket.on('case:events', (es: CaseEvent[]) => events.push(...es));
      socket.on('sync:ready', () => ready());
      return { socket, events, synced };
    };
    const ws = connectBoard(stack.baseUrl, anna.cookie, { lastEventId: since, batch: true });
    const polling = onTransports(['polling']);
    const upgrading = onTransports(['polling', 'websocket']);
    await Promise.all([ws.synced, polling.synced, upgrading.synced]);

    const cases = await burst(30, 'Transports');
    const created = new Set(cases.map((c) => c.id));
    const all = (es: CaseEvent[]) => es.filter((e) => e.type === 'case.created' && created.has(e.caseId)).length === 30;
    await ws.waitFor(all);
    const deadline = Date.now() + 10_000;
    while (!(all(polling.events) && all(upgrading.events)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const log = await logAfter(since);
    expect(log).toHaveLength(30);
    expect(ws.events).toEqual(log);
    expect(polling.events).toEqual(log);
    expect(upgrading.events).toEqual(log);
    expect(polling.socket.io.engine.transport.name).toBe('polling');
    ws.socket.close();
    polling.socket.close();
    upgrading.socket.close();
  });

  it("a reporter's batches hold only their institution's events, internal notes cut", async () => {
    const since = await lastEventId();
    const reporter = connectBoard(stack.baseUrl, sol.cookie, { lastEventId: since, batch: true });
    await reporter.synced;

    const cases = await burst(20, 'Sol');
    const mine = cases.filter((c) => c.institution === INST);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(cases.length);
    const noted = mine[0];
    expect((await lead.request('POST', `/api/cases/${noted.id}/notes`, { text: SECRET, visibility: 'internal' })).status).toBe(200);
    expect((await lead.request('POST', `/api/cases/${noted.id}/notes`, { text: 'Vi kigger på det', visibility: 'reporter' })).status).toBe(200);
    await reporter.waitFor((es) => es.filter((e) => e.caseId === noted.id && e.type === 'case.note_added').length === 2);

    const log = (await logAfter(since)).filter((e) => e.case.institution === INST);
    expect(ids(reporter)).toEqual(log.map((e) => e.id));
    expect(reporter.frames.every((f) => f.kind === 'batch')).toBe(true);
    expect(reporter.events.every((e) => e.case.institution === INST)).toBe(true);
    expect(JSON.stringify(reporter.frames)).not.toContain('SECRET-NOTE');
    const notes = reporter.events.filter((e) => e.caseId === noted.id && e.type === 'case.note_added');
    expect(notes.map((e) => e.case.version)).toEqual([2, 3]);
    expect(notes[1].case.notes.map((n) => n.text)).toEqual(['Vi kigger på det']);
    reporter.socket.close();
  });

  it('refuses a handshake whose batch is not true or false', async () => {
    const socket = io(stack.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: anna.cookie }, auth: { batch: 'yes' }, reconnection: false });
    const err = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(err.message).toBe('invalid batch');
    socket.close();
  });

  it('a batch client catching up from the log while cases keep coming gets every event once, pages as batches, then live', async () => {
    const since = await lastEventId();
    const before = await burst(30, 'Før');
    // A second node started now holds none of these in memory: its catch-up reads the log.
    const { app, baseUrl } = await startServer(stack.redis, { runWorkers: false });
    try {
      const board = connectBoard(baseUrl, anna.cookie, { lastEventId: since, batch: true });
      const during = await burst(30, 'Under');
      await board.synced;
      const after = await burst(10, 'Efter');
      const created = new Set([...before, ...during, ...after].map((c) => c.id));
      await board.waitFor((es) => es.filter((e) => created.has(e.caseId)).length === 70, 15_000);

      const log = await logAfter(since);
      expect(log).toHaveLength(70);
      expect(ids(board)).toEqual(log.map((e) => e.id));
      expect(board.frames.every((f) => f.kind === 'batch')).toBe(true);
      // The 30 stored before it connected came as one page of the log.
      expect(board.frames[0].events.length).toBeGreaterThanOrEqual(30);
      board.socket.close();
    } finally {
      await app.app.close();
    }
  });
});

describe('feed batches', () => {
  it('with batch=1 the feed sends JSON arrays, without it single objects, the same events in the same order', async () => {
    const since = await lastEventId();
    const batched = connectFeed(stack.baseUrl, viewer.cookie, since, { batch: '1' });
    const plain = connectFeed(stack.baseUrl, viewer.cookie, since);
    const zero = connectFeed(stack.baseUrl, viewer.cookie, since, { batch: '0' });
    await Promise.all([batched.opened, plain.opened, zero.opened]);

    const cases = await burst(40, 'Feed');
    const created = new Set(cases.map((c) => c.id));
    const all = (es: CaseEvent[]) => es.filter((e) => created.has(e.caseId)).length === 40;
    await Promise.all([batched.waitFor(all), plain.waitFor(all), zero.waitFor(all)]);

    const log = await logAfter(since);
    expect(ids(batched)).toEqual(log.map((e) => e.id));
    expect(batched.events).toEqual(log);
    expect(batched.frames.every((f) => f.kind === 'batch' && f.events.length > 0)).toBe(true);
    expect(batched.frames.length).toBeLessThan(40);
    expect(Math.max(...batched.frames.map((f) => f.events.length))).toBeGreaterThan(1);
    for (const single of [plain, zero]) {
      expect(ids(single)).toEqual(log.map((e) => e.id));
      expect(single.frames).toHaveLength(40);
      expect(single.frames.every((f) => f.kind === 'single')).toBe(true);
    }
    for (const f of [batched, plain, zero]) f.ws.close();
  });

  it('a feed catching up with batch=1 gets the missed events as one array', async () => {
    const since = await lastEventId();
    const cases = await burst(12, 'Indhent');
    const last = (await logAfter(since)).at(-1)!.id;
    // Once the stream reader has handed them all out, the catch-up holds every one of them.
    await expect.poll(() => stack.app.services.tail.lastDelivered).toBe(last);
    const feed = connectFeed(stack.baseUrl, viewer.cookie, since, { batch: '1' });
    await feed.opened;
    await feed.waitFor((es) => es.length === 12);
    expect(feed.frames).toEqual([{ kind: 'batch', events: await logAfter(since) }]);
    expect(new Set(feed.events.map((e) => e.caseId))).toEqual(new Set(cases.map((c) => c.id)));
    feed.ws.close();
  });

  it.each(['2', 'yes', ''])('refuses batch=%j with 400 and says what it takes', async (value) => {
    const res = await viewer.request('GET', `/api/feed?batch=${value}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'invalid', message: 'querystring/batch must be one of "0", "1"' });
    const feed = connectFeed(stack.baseUrl, viewer.cookie, null, { batch: value });
    await expect(feed.opened).rejects.toThrow(/400/);
  });
});
