// Several server nodes on one Redis: a board on one node sees what happens on another,
// and claim races across nodes still have exactly one winner.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/case.ts';
import { connectBoard, connectFeed, emitAck } from './helpers/clients.ts';
import { login, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';

let a: Stack;
let b: Awaited<ReturnType<typeof startServer>>;
let leadOnA: Session, leadOnB: Session;

beforeAll(async () => {
  a = await startStack();
  b = await startServer(a.redis);
  await a.addUser('lead', 'lead-password', 'lead', { name: 'Lene Leder' });
  for (let i = 0; i < 20; i++) await a.addUser(`m${i}`, 'member-password', 'member', { name: `Medlem ${i}` });
  leadOnA = await login(a.baseUrl, 'lead', 'lead-password');
  // One session works on both nodes: sessions live in Redis.
  leadOnB = { ...leadOnA, request: (await login(b.baseUrl, 'lead', 'lead-password')).request };
});
afterAll(async () => {
  await b?.app.app.close();
  await a?.close();
});

describe('two nodes', () => {
  it('a board on node A sees a case created and claimed through node B; a feed on B sees A', async () => {
    const board = connectBoard(a.baseUrl, leadOnA.cookie);
    const feed = connectFeed(b.baseUrl, leadOnA.cookie);
    await Promise.all([board.synced, feed.opened]);
    const c = (await leadOnB.request('POST', '/api/cases', { title: 'Oprettet på node B', institution: 'bh-solsikken' })).body.case as Case;
    await leadOnB.request('POST', `/api/cases/${c.id}/claim`);
    await board.waitFor((es) => es.some((e) => e.caseId === c.id && e.type === 'case.claimed'));
    const viaA = await leadOnA.request('POST', '/api/cases', { title: 'Oprettet på node A', institution: 'bh-solsikken' });
    await feed.waitFor((es) => es.some((e) => e.caseId === viaA.body.case.id));
    board.socket.close();
    feed.ws.close();
  });

  it('claim races split across both nodes have one winner, over HTTP and the socket', async () => {
    const c = (await leadOnA.request('POST', '/api/cases', { title: 'Kapløb på tværs af noder', institution: 'bh-solsikken' })).body.case as Case;
    const sessions = await Promise.all(Array.from({ length: 20 }, (_, i) => login(i % 2 ? a.baseUrl : b.baseUrl, `m${i}`, 'member-password')));
    const boards = await Promise.all(
      sessions.slice(0, 10).map(async (s, i) => {
        const board = connectBoard(i % 2 ? b.baseUrl : a.baseUrl, s.cookie);
        await board.synced;
        return board;
      }),
    );
    const results = await Promise.all([
      ...sessions.slice(10).map((s) => s.request('POST', `/api/cases/${c.id}/claim`).then((r) => r.status === 200)),
      ...boards.map((board) => emitAck(board.socket, 'case:claim', { caseId: c.id }).then((ack) => ack.ok)),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const events = (await leadOnA.request('GET', `/api/cases/${c.id}`)).body.events;
    expect(events.filter((e: { type: string }) => e.type === 'case.claimed')).toHaveLength(1);
    for (const board of boards) board.socket.close();
  });

  it('socket.io on node A can reach sockets on node B through the Redis Streams adapter', async () => {
    const onB = connectBoard(b.baseUrl, leadOnA.cookie);
    await onB.synced;
    const seenFromA = await a.app.io.fetchSockets();
    expect(seenFromA.some((s) => s.id === onB.socket.id)).toBe(true);
    onB.socket.close();
  });
});

describe('a node shutting down', () => {
  it('closes its sockets so boards reconnect through the load balancer to another node and catch up, nothing lost or doubled', async () => {
    const c = await startServer(a.redis);
    const portOf = (url: string) => Number(new URL(url).port);
    // A minimal TCP load balancer: node C while it is up, then node B.
    const targets = [portOf(c.baseUrl), portOf(b.baseUrl)];
    const lb = net.createServer((client) => {
      const tryTarget = (i: number) => {
        const upstream = net.connect(targets[i], '127.0.0.1');
        upstream.once('connect', () => {
          client.pipe(upstream).pipe(client);
        });
        upstream.once('error', () => (i + 1 < targets.length ? tryTarget(i + 1) : client.destroy()));
        client.once('error', () => upstream.destroy());
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
      };
      tryTarget(0);
    });
    await new Promise<void>((resolve) => lb.listen(0, '127.0.0.1', resolve));
    const lbUrl = `http://127.0.0.1:${(lb.address() as net.AddressInfo).port}`;
    try {
      const snapshot = (await leadOnA.request('GET', '/api/cases')).body;
      let lastEventId: string = snapshot.lastEventId;
      const board = connectBoard(lbUrl, leadOnA.cookie, () => ({ lastEventId }));
      board.socket.on('case:event', (e) => (lastEventId = e.id));
      await board.synced;

      const closing = c.app.app.close();
      const during = leadOnB.request('POST', '/api/cases', { title: 'Mens node C lukker', institution: 'bh-solsikken' });
      await closing;
      targets.shift();
      const created = [(await during).body.case.id];
      for (let i = 0; i < 5; i++) created.push((await leadOnB.request('POST', '/api/cases', { title: `Efter node C ${i}`, institution: 'bh-solsikken' })).body.case.id);

      // Their enrichments too: the log read next then holds every event these cases will have.
      const has = (es: { caseId: string; type: string }[], id: string, type: string) => es.some((e) => e.caseId === id && e.type === type);
      await board.waitFor((es) => created.every((id) => has(es, id, 'case.created') && has(es, id, 'case.enriched')), 15_000);
      const log = (await leadOnB.request('GET', `/api/events?since=${snapshot.lastEventId}`)).body.events.map((e: { id: string }) => e.id);
      await board.waitFor(() => lastEventId === log[log.length - 1], 10_000);
      expect(board.events.map((e) => e.id)).toEqual(log);
      board.socket.close();
    } finally {
      lb.close();
      await c.app.app.close().catch(() => {});
    }
  });
});
