// Failures in go-live week: Redis going away and coming back. Nothing lost, nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/case.ts';
import { connectBoard, connectFeed } from './helpers/clients.ts';
import { login, request, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';

let stack: Stack;
let lead: Session;
const INST = 'bh-solsikken';

beforeAll(async () => {
  stack = await startStack();
  await stack.addUser('lead', 'lead-password', 'lead', { name: 'Lene Leder' });
  lead = await login(stack.baseUrl, 'lead', 'lead-password');
});
afterAll(() => stack?.close());

describe('Redis outage', () => {
  // Deadlines, not timings: on a machine other test files keep busy, Redis's restart and the
  // clients' reconnects can take well over ten seconds.
  it('answers writes with a quick 503 and Retry-After, drops boards to reconnecting, and recovers by itself with nothing lost', { timeout: 120_000 }, async () => {
    const before = (await lead.request('POST', '/api/cases', { title: 'Før udfaldet', institution: INST })).body.case as Case;
    const snapshot = (await lead.request('GET', '/api/cases')).body;
    let lastEventId: string = snapshot.lastEventId;
    const board = connectBoard(stack.baseUrl, lead.cookie, () => ({ lastEventId }));
    board.socket.on('case:event', (e) => (lastEventId = e.id));
    const disconnects: string[] = [];
    board.socket.on('disconnect', (reason) => disconnects.push(reason));
    const refusals: string[] = [];
    board.socket.on('connect_error', (err) => {
      refusals.push(err.message);
      // As the board does: a refused handshake is retried.
      setTimeout(() => board.socket.connect(), 100);
    });
    await board.synced;

    await stack.redis.pause();

    const started = Date.now();
    const write = await lead.request('POST', '/api/cases', { title: 'Under udfaldet', institution: INST });
    const elapsed = Date.now() - started;
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toBe('2');
    expect(write.body.error.code).toBe('unavailable');
    // Not a speed test: a hang would take the client's whole timeout.
    expect(elapsed).toBeLessThan(5_000);
    expect((await lead.request('POST', `/api/cases/${before.id}/claim`)).status).toBe(503);
    expect((await request(stack.baseUrl, 'GET', '/api/health')).status).toBe(503);

    await board.waitFor(() => disconnects.length > 0, 30_000);
    expect(board.socket.connected).toBe(false);
    await board.waitFor(() => refusals.includes('unavailable'), 30_000);

    await stack.redis.resume();

    for (const until = Date.now() + 30_000; Date.now() < until; ) {
      if ((await request(stack.baseUrl, 'GET', '/api/health')).status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await request(stack.baseUrl, 'GET', '/api/health')).status).toBe(200);
    // The session survived the outage (AOF), and writes work again.
    const after = await lead.request('POST', '/api/cases', { title: 'Efter udfaldet', institution: INST });
    expect(after.status).toBe(201);
    const claim = await lead.request('POST', `/api/cases/${before.id}/claim`);
    expect(claim.status).toBe(200);

    await board.waitFor((es) => es.some((e) => e.caseId === after.body.case.id) && es.some((e) => e.caseId === before.id && e.type === 'case.claimed'), 30_000);
    expect(board.socket.connected).toBe(true);
    const server = (await lead.request('GET', '/api/events?since=' + snapshot.lastEventId)).body.events.map((e: { id: string }) => e.id);
    await board.waitFor(() => lastEventId === server[server.length - 1], 30_000);
    const seen = board.events.map((e) => e.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(server);
    board.socket.close();
  });
});

describe('a log trimmed by retention', () => {
  it('tells a client whose lastEventId is older than the kept log to load a snapshot, over socket, feed and REST', async () => {
    const first = (await lead.request('GET', '/api/cases')).body.lastEventId as string;
    for (let i = 0; i < 3; i++) await lead.request('POST', '/api/cases', { title: `Gammel sag ${i}`, institution: INST });
    // The intake's enrichments come after the cases; `kept` must be the log's real end.
    const enriched = async () => ((await lead.request('GET', '/api/cases')).body as { cases: { enrichedAt: string | null }[] }).cases.every((c) => c.enrichedAt);
    await expect.poll(enriched, { timeout: 10_000, interval: 50 }).toBe(true);
    const kept = (await lead.request('GET', '/api/cases')).body.lastEventId as string;
    await stack.app.services.redis.sendCommand(['XTRIM', 'wr:events', 'MAXLEN', '1']);

    const board = connectBoard(stack.baseUrl, lead.cookie, { lastEventId: first });
    const reset = await new Promise<{ reason: string }>((resolve) => board.socket.on('sync:reset', resolve));
    expect(reset.reason).toMatch(/GET \/api\/cases/);
    expect(board.events).toEqual([]);
    board.socket.close();

    const feed = connectFeed(stack.baseUrl, lead.cookie, first);
    await expect(feed.opened).rejects.toThrow(/410/);
    expect((await lead.request('GET', `/api/events?since=${first}`)).status).toBe(410);

    // From the kept end onwards nothing is missing, so no snapshot is needed.
    expect((await lead.request('GET', `/api/events?since=${kept}`)).status).toBe(200);
    const fine = connectBoard(stack.baseUrl, lead.cookie, { lastEventId: kept });
    await fine.synced;
    fine.socket.close();
  });
});

describe('graceful shutdown', () => {
  // Two servers start and stop on their own Redis: a busy CI machine needs more than the default.
  it('finishes the requests in flight: every accepted case is answered and stored, none half-written', { timeout: 90_000 }, async () => {
    const own = await startStack();
    try {
      await own.addUser('lead', 'lead-password', 'lead');
      const s = await login(own.baseUrl, 'lead', 'lead-password');
      // Redis holds every write until told to go on: the requests below are then surely inside
      // their handlers, waiting on Redis, when the server is told to stop.
      const staller = own.app.services.redis.duplicate();
      await staller.connect();
      await staller.sendCommand(['CLIENT', 'PAUSE', '30000', 'WRITE']);
      let received = 0;
      own.app.app.server.on('request', () => received++);
      const sent = Array.from({ length: 30 }, (_, i) =>
        s.request('POST', '/api/cases', { title: `Under nedlukning ${i}`, institution: INST }).then(
          (r) => ({ status: r.status, id: r.body?.case?.id as string | undefined }),
          () => ({ status: 0, id: undefined }),
        ),
      );
      // Every request has been read and routed: a connection still waiting for its request would count as idle and be closed.
      await expect.poll(() => received, { timeout: 10_000 }).toBe(30);
      const stopped = own.stopServer();
      // The server takes no new connections; only then may the writes go on.
      await expect.poll(() => own.app.app.server.listening, { timeout: 10_000 }).toBe(false);
      await staller.sendCommand(['CLIENT', 'UNPAUSE']);
      const results = await Promise.all(sent);
      await stopped;
      await staller.close();
      // Every request was in flight when the stop began; each one is finished, not cut off.
      expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
      const answered = results.map((r) => r.id!);
      const { app } = await startServer(own.redis, { runWorkers: false });
      try {
        const stored = (await app.services.store.list()).map((c) => c.id);
        for (const id of answered) expect(stored).toContain(id);
        // Every stored case has exactly its one creation event.
        for (const id of stored) expect((await app.services.store.eventsOfCase(id))[0].type).toBe('case.created');
      } finally {
        await app.app.close();
      }
    } finally {
      await own.redis.stop();
    }
  });
});
