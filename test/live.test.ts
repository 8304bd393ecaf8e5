// Live push: socket.io for boards and the plain WebSocket feed, on the same port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Case } from '../shared/case.ts';
import { compareEventIds } from '../shared/events.ts';
import { connectBoard, connectFeed, emitAck, nextEvent } from './helpers/clients.ts';
import { login, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';
import { announceEnd } from '../server/live/connections.ts';
import { hashToken } from '../server/store/session-store.ts';

let stack: Stack;
let lead: Session, anna: Session, reporter: Session, otherReporter: Session, viewer: Session;
const INST = 'bh-solsikken';
const OTHER = 'bh-regnbuen';

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, reporter, otherReporter, viewer] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: INST }],
    ['regn', 'reporter', { institution: OTHER }],
    ['wall', 'viewer'],
  ]);
});
afterAll(() => stack?.close());

const post = (s: Session, title: string, institution = INST) => s.request('POST', '/api/cases', { title, institution }).then((r) => r.body.case as Case);
const intakeDone = async () => ((await lead.request('GET', '/api/cases')).body.cases as Case[]).every((c) => c.enrichedAt);

describe('socket.io and the raw feed on one port', () => {
  it('both connect over real websockets at the same time and receive the same new case', async () => {
    const board = connectBoard(stack.baseUrl, anna.cookie, { lastEventId: (await lead.request('GET', '/api/cases')).body.lastEventId });
    const feed = connectFeed(stack.baseUrl, viewer.cookie);
    await Promise.all([board.synced, feed.opened]);
    expect(board.socket.io.engine.transport.name).toBe('websocket');
    const c = await post(reporter, 'Beskeder kommer ikke frem');
    await board.waitFor((es) => es.some((e) => e.caseId === c.id && e.type === 'case.created'));
    await feed.waitFor((es) => es.some((e) => e.caseId === c.id && e.type === 'case.created'));
    const fromBoard = board.events.find((e) => e.caseId === c.id)!;
    const fromFeed = feed.events.find((e) => e.caseId === c.id)!;
    expect(fromFeed).toEqual(fromBoard);
    expect(fromBoard).toMatchObject({ id: expect.stringMatching(/^\d+-\d+$/), type: 'case.created', caseId: c.id, at: expect.any(String), actor: { username: 'sol' }, case: { id: c.id, version: 1 } });
    board.socket.close();
    feed.ws.close();
  });

  it('refuses a socket.io handshake and a feed without a session', async () => {
    const anon = io(stack.baseUrl, { transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error>((resolve) => anon.on('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
    anon.close();
    const feed = connectFeed(stack.baseUrl, '');
    await expect(feed.opened).rejects.toThrow(/401/);
  });

  it('the feed replays from ?since and rejects a since newer than the log', async () => {
    const since = (await lead.request('GET', '/api/cases')).body.lastEventId;
    const a = await post(lead, 'Kalenderen viser forkert dato');
    const feed = connectFeed(stack.baseUrl, lead.cookie, since);
    await feed.opened;
    await feed.waitFor((es) => es.some((e) => e.caseId === a.id));
    // Nothing from before `since`; an earlier case's enrichment may still land after it.
    expect(feed.events.every((e) => compareEventIds(e.id, since) > 0)).toBe(true);
    expect(feed.events.find((e) => e.caseId === a.id)?.type).toBe('case.created');
    feed.ws.close();
    const future = connectFeed(stack.baseUrl, lead.cookie, '99999999999999-0');
    await expect(future.opened).rejects.toThrow(/400/);
  });
});

describe('commands over the socket', () => {
  it('claim, release, resolve and reopen answer through the ack', async () => {
    const c = await post(reporter, 'Samtykker vises ikke');
    const board = connectBoard(stack.baseUrl, anna.cookie);
    await board.synced;
    expect(await emitAck(board.socket, 'case:claim', { caseId: c.id })).toMatchObject({ ok: true, case: { status: 'claimed', assignee: { username: 'anna' } } });
    expect(await emitAck(board.socket, 'case:claim', { caseId: c.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await emitAck(board.socket, 'case:release', { caseId: c.id })).toMatchObject({ ok: true, case: { status: 'new' } });
    expect(await emitAck(board.socket, 'case:resolve', { caseId: c.id, resolution: 'Vejledning sendt' })).toMatchObject({ ok: true, case: { status: 'resolved', resolution: 'Vejledning sendt' } });
    expect(await emitAck(board.socket, 'case:reopen', { caseId: c.id, reason: 'Stadig fejl' })).toMatchObject({ ok: true, case: { status: 'new' } });
    board.socket.close();
  });

  it.each([
    ['a missing caseId', 'case:claim', {}],
    ['a non-numeric caseId', 'case:claim', { caseId: 'abc' }],
    ['an empty resolution', 'case:resolve', { caseId: '1', resolution: '' }],
    ['an unknown field', 'case:release', { caseId: '1', extra: true }],
    ['a string payload', 'case:claim', 'hello'],
    ['a null payload', 'case:reopen', null],
  ])('answers %s with an invalid ack, not a crash', async (_label, event, payload) => {
    const board = connectBoard(stack.baseUrl, anna.cookie);
    await board.synced;
    const ack = await emitAck(board.socket, event as 'case:claim', payload as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.any(String) } });
    expect(board.socket.connected).toBe(true);
    board.socket.close();
  });

  it('checks the role at every command: a viewer and a reporter cannot claim', async () => {
    const c = await post(reporter, 'Kan ikke se billeder');
    for (const s of [viewer, reporter]) {
      const board = connectBoard(stack.baseUrl, s.cookie);
      await board.synced;
      expect(await emitAck(board.socket, 'case:claim', { caseId: c.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      board.socket.close();
    }
  });

  it('answers a command sent without a payload, and an unknown command, with an invalid ack', async () => {
    const board = connectBoard(stack.baseUrl, anna.cookie);
    await board.synced;
    const noPayload = await new Promise((resolve) => (board.socket.emit as (...a: unknown[]) => void)('case:claim', resolve));
    expect(noPayload).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const unknown = await new Promise((resolve) => (board.socket.emit as (...a: unknown[]) => void)('case:delete', { caseId: '1' }, resolve));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/Unknown command/) } });
    board.socket.close();
  });

  it('a stray WebSocket upgrade to another path is refused', async () => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(stack.baseUrl.replace('http', 'ws') + '/api/health', { headers: { cookie: lead.cookie } });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });

  it('boards that leave during their catch-up leave no listener behind', async () => {
    const tail = stack.app.services.tail;
    const before = tail.listenerCount;
    const sockets = Array.from({ length: 40 }, () => connectBoard(stack.baseUrl, anna.cookie, { lastEventId: '0-0' }));
    await Promise.all(sockets.map((b) => new Promise<void>((resolve) => b.socket.once('connect', () => resolve()))));
    for (const b of sockets) b.socket.close();
    // Each catch-up began with a read on this connection, which answers in order: once this
    // read is back, every board has passed the point where it subscribes or sees it has gone.
    await stack.app.services.store.lastEventId();
    await expect.poll(() => stack.app.services.connections.size, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => tail.listenerCount, { timeout: 10_000 }).toBe(before);
  });

  it("logging out closes that session's open board and feed at once; no event reaches them after", async () => {
    const s = await login(stack.baseUrl, 'anna', 'anna-password');
    const board = connectBoard(stack.baseUrl, s.cookie);
    board.socket.io.opts.reconnection = false;
    const feed = connectFeed(stack.baseUrl, s.cookie);
    await Promise.all([board.synced, feed.opened]);
    const feedClosed = new Promise<number>((resolve) => feed.ws.on('close', (code) => resolve(code)));
    const boardClosed = new Promise<string>((resolve) => board.socket.on('disconnect', (reason) => resolve(reason)));
    await s.request('DELETE', '/api/session');
    expect(await boardClosed).toBe('io server disconnect');
    expect(await feedClosed).toBe(4401);
    const seen = board.events.length + feed.events.length;
    const watcher = connectFeed(stack.baseUrl, lead.cookie);
    await watcher.opened;
    const after = await post(lead, 'Efter logud');
    // The event went out to the boards still open; the closed ones had it then or never.
    await watcher.waitFor((es) => es.some((e) => e.caseId === after.id));
    watcher.ws.close();
    expect(board.events.length + feed.events.length).toBe(seen);
  });

  it('disabling a user closes all of their open boards', async () => {
    await stack.addUser('temp', 'temp-password', 'member');
    const [s1, s2] = await Promise.all([login(stack.baseUrl, 'temp', 'temp-password'), login(stack.baseUrl, 'temp', 'temp-password')]);
    const boards = [connectBoard(stack.baseUrl, s1.cookie), connectBoard(stack.baseUrl, s2.cookie)];
    await Promise.all(boards.map((b) => b.synced));
    const closed = boards.map((b) => new Promise<string>((resolve) => b.socket.on('disconnect', (r) => resolve(r))));
    const user = (await stack.app.services.users.get('temp'))!;
    await stack.app.services.users.setDisabled('temp', true);
    await announceEnd(stack.app.services.redis, { kind: 'user', id: user.id });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    for (const b of boards) b.socket.close();
  });

  it('a command after the session expired (no logout notice) is refused and the socket is closed', async () => {
    const s = await login(stack.baseUrl, 'anna', 'anna-password');
    const c = await post(lead, 'Komme/gå virker ikke');
    const board = connectBoard(stack.baseUrl, s.cookie);
    await board.synced;
    // The session times out in Redis; nobody announces it.
    const token = s.cookie.split('=')[1];
    await stack.app.services.redis.del(`wr:session:${hashToken(token)}`);
    board.socket.io.opts.reconnection = false;
    const dropped = nextEvent<string>(board.socket, 'disconnect');
    expect(await emitAck(board.socket, 'case:claim', { caseId: c.id })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await dropped).toBe('io server disconnect');
    expect(board.socket.connected).toBe(false);
  });

  it.each([
    ['a logout', (s: Session) => s.request('DELETE', '/api/session')],
    // A fresh session replaces the one the cookie names: the old one ends as at a logout.
    ['a login over the session cookie', (s: Session) => s.request('POST', '/api/session', { username: 'anna', password: 'anna-password' })],
  ] as const)("%s right after a move that passed (its session check still fresh) closes the board, and its next move is not applied", async (_how, end) => {
    const s = await login(stack.baseUrl, 'anna', 'anna-password');
    const [first, second] = [await post(lead, 'Billeder uploades ikke'), await post(lead, 'Billeder uploades stadig ikke')];
    const board = connectBoard(stack.baseUrl, s.cookie);
    board.socket.io.opts.reconnection = false;
    await board.synced;
    expect(await emitAck(board.socket, 'case:claim', { caseId: first.id })).toMatchObject({ ok: true });
    const dropped = nextEvent<string>(board.socket, 'disconnect');
    expect([200, 204]).toContain((await end(s)).status);
    expect(await dropped).toBe('io server disconnect');
    board.socket.emit('case:claim', { caseId: second.id }, () => {});
    const watcher = connectFeed(stack.baseUrl, lead.cookie);
    await watcher.opened;
    const marker = await post(lead, 'Efter logud, efter et træk');
    await watcher.waitFor((es) => es.some((e) => e.caseId === marker.id));
    watcher.ws.close();
    expect((await stack.app.services.store.load(second.id))?.status).toBe('new');
  });

  it('50 concurrent claims over the socket give exactly one success; the rest see the winner', { timeout: 120_000 }, async () => {
    const c = await post(lead, 'Kapløb over socket');
    const boards = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await stack.addUser(`sracer${i}`, 'racer-password', 'member', { name: `Socket Racer ${i}` });
        const s = await login(stack.baseUrl, `sracer${i}`, 'racer-password');
        const b = connectBoard(stack.baseUrl, s.cookie);
        await b.synced;
        return b;
      }),
    );
    const acks = await Promise.all(boards.map((b) => emitAck(b.socket, 'case:claim', { caseId: c.id })));
    const wins = acks.filter((a) => a.ok);
    expect(wins).toHaveLength(1);
    const winner = (wins[0] as { case: Case }).case.assignee!.username;
    const losses = acks.filter((a) => !a.ok) as { error: { code: string } }[];
    expect(losses).toHaveLength(49);
    expect(losses.every((l) => l.error.code === 'conflict')).toBe(true);
    const state = (await lead.request('GET', `/api/cases/${c.id}`)).body;
    expect(state.case.assignee.username).toBe(winner);
    expect(state.events.filter((e: { type: string }) => e.type === 'case.claimed')).toHaveLength(1);
    // Every board saw the one claim, exactly once.
    await Promise.all(boards.map((b) => b.waitFor((es) => es.some((e) => e.caseId === c.id && e.type === 'case.claimed'))));
    for (const b of boards) expect(b.events.filter((e) => e.caseId === c.id && e.type === 'case.claimed')).toHaveLength(1);
    for (const b of boards) b.socket.close();
  });
});

describe('reporters see only their institution', () => {
  it('over the socket and the feed', async () => {
    const mine = connectBoard(stack.baseUrl, reporter.cookie);
    const feed = connectFeed(stack.baseUrl, reporter.cookie);
    await Promise.all([mine.synced, feed.opened]);
    const theirs = await post(otherReporter, 'Regnbuens hemmelige sag', OTHER);
    const own = await post(reporter, 'Solsikkens sag');
    await mine.waitFor((es) => es.some((e) => e.caseId === own.id));
    await feed.waitFor((es) => es.some((e) => e.caseId === own.id));
    expect(mine.events.some((e) => e.caseId === theirs.id)).toBe(false);
    expect(feed.events.some((e) => e.caseId === theirs.id)).toBe(false);
    expect([...mine.events, ...feed.events].every((e) => e.case.institution === INST)).toBe(true);
    mine.socket.close();
    feed.ws.close();
  });
});

describe('catch-up', () => {
  it('a board disconnected while 100 events happen shows exactly the server state after it reconnects', async () => {
    // Earlier tests' cases may still be in intake; an enrichment between the snapshot's two reads
    // would arrive twice (allowed, and dropped by the board), which this test counts as a failure.
    await expect.poll(intakeDone, { timeout: 15_000, interval: 50 }).toBe(true);
    // The board as the client builds it: snapshot, then events applied by version.
    const snapshot = (await anna.request('GET', '/api/cases')).body;
    const board = new Map<string, Case>(snapshot.cases.map((c: Case) => [c.id, c]));
    let lastEventId: string = snapshot.lastEventId;
    let applied = 0;
    let duplicates = 0;
    const client = connectBoard(stack.baseUrl, anna.cookie, () => ({ lastEventId }));
    const problems: string[] = [];
    client.socket.on('case:event', (e) => {
      const known = board.get(e.caseId);
      if (known && e.case.version <= known.version) duplicates++;
      else {
        if (e.case.version !== (known?.version ?? 0) + 1) problems.push(`gap on case ${e.caseId} at ${e.id}`);
        board.set(e.caseId, e.case);
        applied++;
      }
      if (compareEventIds(e.id, lastEventId) !== 1) problems.push(`out of order: ${e.id} after ${lastEventId}`);
      lastEventId = e.id;
    });
    await client.synced;

    client.socket.disconnect(); // the board drops off while the room keeps working
    const seenBeforeDrop = client.events.length;
    const cases: Case[] = [];
    const reporterActions = [];
    for (let i = 0; i < 25; i++) reporterActions.push(post(reporter, `Sag under afbrydelse ${i}`));
    cases.push(...(await Promise.all(reporterActions)));
    const moves = cases.map(async (c, i) => {
      await lead.request('POST', `/api/cases/${c.id}/claim`);
      if (i % 2 === 0) await lead.request('POST', `/api/cases/${c.id}/resolve`, { resolution: 'Løst' });
      else await lead.request('POST', `/api/cases/${c.id}/release`);
    });
    await Promise.all(moves);
    // Let the intake worker finish so the log stops moving before comparing.
    await expect.poll(intakeDone, { timeout: 15_000, interval: 50 }).toBe(true);
    const server = (await anna.request('GET', '/api/cases')).body;
    expect(client.events.length).toBe(seenBeforeDrop);
    client.socket.connect();
    await client.waitFor(() => lastEventId === server.lastEventId, 15_000).catch((err) => {
      throw new Error(`${err.message}; board at ${lastEventId}, server at ${server.lastEventId}; ${problems.join(', ')}`);
    });
    expect(client.socket.connected).toBe(true);
    const sorted = (m: Iterable<Case>) => [...m].sort((a, b) => Number(a.id) - Number(b.id));
    expect(sorted(board.values())).toEqual(sorted(server.cases));
    expect(applied).toBeGreaterThanOrEqual(100);
    expect(duplicates).toBe(0);
    expect(problems).toEqual([]);
    client.socket.close();
  });
});

describe('server restart', () => {
  it('a board reconnects to the restarted server and catches up on what happened meanwhile', async () => {
    // Its own stack, so stopping the server does not disturb the other tests.
    const own = await startStack();
    await own.addUser('lead', 'lead-password', 'lead');
    const s = await login(own.baseUrl, 'lead', 'lead-password');
    const before = await post(s, 'Før genstart');
    const snapshot = (await s.request('GET', '/api/cases')).body;
    let lastEventId: string = snapshot.lastEventId;
    const board = connectBoard(own.baseUrl, s.cookie, () => ({ lastEventId }));
    board.socket.on('case:event', (e) => (lastEventId = e.id));
    await board.synced;

    const port = Number(new URL(own.baseUrl).port);
    await own.stopServer();
    const { app } = await startServer(own.redis, { port, runWorkers: false });
    try {
      const after = await post(s, 'Under genstart');
      await s.request('POST', `/api/cases/${before.id}/claim`);
      await board.waitFor((es) => es.some((e) => e.caseId === before.id && e.type === 'case.claimed'), 15_000);
      expect(board.events.some((e) => e.caseId === after.id && e.type === 'case.created')).toBe(true);
      const ids = board.events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      board.socket.close();
    } finally {
      await app.app.close();
      await own.redis.stop();
    }
  });
});
