// `npm start` with two web processes behind its one port (WEB_PROCESSES=2), its own Redis
// and its queue worker: boards and requests spread over both processes, claim races and
// catch-up work across them, polling works through the primary's sticky routing, and a stop is graceful.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connectSocketIo } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Case } from '../shared/case.ts';
import { connectRedis } from '../server/redis/connect.ts';
import { freePort, ping } from '../server/redis/local-redis.ts';
import { UserStore } from '../server/store/user-store.ts';
import { connectBoard, emitAck, type BoardClient } from './helpers/clients.ts';
import { login, type Session } from './helpers/http.ts';
import { TEST_CLIENT_DIR } from './helpers/stack.ts';
import { dribble } from './helpers/dribble.ts';
import { processTree } from '../bench/lib/cpu.ts';
import { logLines as parseLogLines } from './helpers/log-lines.ts';

const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'shared-password';
const MEMBERS = 24;

let dataDir: string;
let baseUrl: string;
let server: { child: ChildProcess; exited: Promise<number | null>; output(): string };
let lead: Session;
let members: Session[];
const sockets: BoardClient[] = [];

/** The pids of every process below `pid`, from /proc. */
const descendants = (pid: number): number[] => processTree(pid).slice(1);

/** What a process runs, for a failure message that says which one was left. */
function commandOf(pid: number) {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').slice(0, 120)}`;
  } catch {
    return `${pid}`;
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const logLines = () => parseLogLines(server.output());

/** The web process a board landed on, from that process's own log line. */
async function processOf(socket: BoardClient): Promise<number> {
  let pid = 0;
  await vi.waitFor(
    () => {
      const line = logLines().find((l) => l.msg === 'board connected' && l.socketId === socket.id);
      if (!line) throw new Error(`no log line for board ${socket.id}`);
      pid = line.pid;
    },
    { timeout: 10_000, interval: 50 },
  );
  return pid;
}

async function board(session: Session, auth?: () => { lastEventId?: string | null }) {
  const b = connectBoard(baseUrl, session.cookie, auth);
  sockets.push(b.socket);
  await b.synced;
  return { ...b, pid: await processOf(b.socket) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'warroom-cluster-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    CLIENT_DIR: TEST_CLIENT_DIR,
    DATA_DIR: dataDir,
    PORT: String(port),
    WEB_PROCESSES: '2',
    // Debug: each web process names the boards it serves, so the test can tell where they landed.
    LOG_LEVEL: 'debug',
    LOGIN_LIMIT_PER_IP: '1000000',
    LOGIN_LIMIT_PER_USER: '1000000',
    SOCKET_COMMAND_BURST: '1000000',
    SOCKET_COMMANDS_PER_SECOND: '1000000',
    // Short, so that a dribbling client is cut off quickly (no request here takes this long).
    HEADERS_TIMEOUT_MS: '2000',
    REQUEST_TIMEOUT_MS: '3000',
  };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  server = { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), output: () => output };
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`exited early: ${output}`);
      if (!/War-room board on http/.test(output)) throw new Error('not listening yet');
    },
    { timeout: 170_000, interval: 100 },
  );

  // Accounts go straight into the server's own Redis (one password hash for all: fast).
  const redis = await connectRedis({ url: readFileSync(path.join(dataDir, 'redis.url'), 'utf8').trim(), onError: () => {} });
  const users = new UserStore(redis);
  await users.add({ username: 'lead', password: PASSWORD, role: 'lead', name: 'Lene Leder' }, new Set());
  const hash = (await redis.hGet('wr:user:lead', 'passwordHash'))!;
  await users.addMany(
    Array.from({ length: MEMBERS }, (_, i) => ({ username: `m${i}`, role: 'member' as const, name: `Medlem ${i}` })),
    new Set(),
    hash,
  );
  await redis.close();
  lead = await login(baseUrl, 'lead', PASSWORD);
  members = await Promise.all(Array.from({ length: MEMBERS }, (_, i) => login(baseUrl, `m${i}`, PASSWORD)));
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  if (server?.child.exitCode === null) {
    server.child.kill('SIGKILL');
    for (const pid of descendants(server.child.pid!)) process.kill(pid, 'SIGKILL');
  }
  const urlFile = path.join(dataDir, 'redis.url');
  if (existsSync(urlFile)) {
    // A server killed mid-test leaves its own Redis running (it is detached by design).
    const { createClient } = await import('redis');
    const c = createClient({ url: readFileSync(urlFile, 'utf8').trim(), socket: { reconnectStrategy: false } });
    c.on('error', () => {});
    await c.connect().then(() => c.sendCommand(['SHUTDOWN', 'NOSAVE'])).catch(() => {});
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function newCase(title: string) {
  const res = await lead.request('POST', '/api/cases', { title, institution: 'bh-solsikken' });
  expect(res.status).toBe(201);
  return res.body.case as Case;
}

describe('two web processes under one npm start', { timeout: 120_000 }, () => {
  it('spreads boards over both processes; a claim race across them has exactly one winner', async () => {
    const boards = await Promise.all(members.map((m) => board(m)));
    expect(new Set(boards.map((b) => b.pid)).size).toBe(2);
    expect(boards.map((b) => b.pid)).not.toContain(server.child.pid);

    const c = await newCase('Kapløb mellem to processer');
    const acks = await Promise.all(boards.map((b) => emitAck(b.socket, 'case:claim', { caseId: c.id })));
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.filter((a) => !a.ok).map((a) => (a.ok ? null : a.error.code))).toEqual(Array(MEMBERS - 1).fill('conflict'));
    const events = (await lead.request('GET', `/api/cases/${c.id}`)).body.events as { type: string }[];
    expect(events.filter((e) => e.type === 'case.claimed')).toHaveLength(1);
    // Every board, on either process, sees the one claim.
    await Promise.all(boards.map((b) => b.waitFor((es) => es.some((e) => e.caseId === c.id && e.type === 'case.claimed'))));
    for (const b of boards) b.socket.close();
  });

  it('a board that left one process catches up on the events made through the other: all, in order, once', async () => {
    const cases = [await newCase('Indhentning 1'), await newCase('Indhentning 2')];
    // Their intake is done first, so every event from here on is one this test makes.
    await vi.waitFor(
      async () => {
        for (const c of cases) expect((await lead.request('GET', `/api/cases/${c.id}`)).body.case.enrichedAt).not.toBeNull();
      },
      { timeout: 30_000, interval: 100 },
    );
    let last: string | null = null;
    const watcher = await board(lead, () => ({ lastEventId: last }));
    last = await watcher.synced;
    watcher.socket.on('case:event', (e) => (last = e.id));
    watcher.socket.disconnect();
    const since = last!;
    const seenBefore = watcher.events.length;

    // A colleague's board on the other process makes the events.
    let maker = await board(members[MEMBERS - 1]);
    for (let i = 0; i < 10 && maker.pid === watcher.pid; i++) {
      maker.socket.close();
      maker = await board(members[MEMBERS - 1]);
    }
    expect(maker.pid).not.toBe(watcher.pid);
    const made: string[] = [];
    for (const c of cases) {
      for (const command of ['case:claim', 'case:release', 'case:claim'] as const) {
        const ack = await emitAck(maker.socket, command, { caseId: c.id });
        expect(ack.ok).toBe(true);
      }
      const note = await emitAck(maker.socket, 'case:note', { caseId: c.id, text: 'Ringet op', visibility: 'internal' });
      expect(note.ok).toBe(true);
    }
    const missed = (await lead.request('GET', `/api/events?since=${since}`)).body.events as { id: string; type: string }[];
    made.push(...missed.map((e) => e.id));
    expect(missed.filter((e) => e.type === 'case.claimed')).toHaveLength(4);

    watcher.socket.connect();
    await watcher.waitFor((es) => es.length >= seenBefore + made.length);
    // A later event as the positive signal that nothing more (no repeat) was coming.
    const later = await emitAck(maker.socket, 'case:note', { caseId: cases[0].id, text: 'Afsluttet', visibility: 'internal' });
    expect(later.ok).toBe(true);
    await watcher.waitFor((es) => es.length > seenBefore + made.length);
    const after = watcher.events.slice(seenBefore).map((e) => e.id);
    expect(after.slice(0, made.length)).toEqual(made);
    expect(after).toHaveLength(made.length + 1);
    watcher.socket.close();
    maker.socket.close();
  });

  it('boards that connect again and again all come up: none loses the first frame it sends after the upgrade', async () => {
    // The connect packet follows the WebSocket upgrade at once; a primary that still read the
    // connection after handing it over dropped it now and then, and the board waited 45 s.
    const timings: number[] = [];
    for (let i = 0; i < 60; i++) {
      const started = Date.now();
      const b = connectBoard(baseUrl, members[i % MEMBERS].cookie);
      sockets.push(b.socket);
      let timer: NodeJS.Timeout | undefined;
      // Well short of the 45 s a lost frame cost, and long enough for a board on a busy machine.
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`board ${i} got no sync:ready within 20 s`)), 20_000)));
      await Promise.race([b.synced, late]).finally(() => clearTimeout(timer));
      timings.push(Date.now() - started);
      b.socket.close();
    }
    expect(timings).toHaveLength(60);
  });

  it('the polling transport works through the primary, on both processes, at the first attempt', async () => {
    const clients = await Promise.all(
      members.slice(0, 4).map(async (m) => {
        const socket: BoardClient = connectSocketIo(baseUrl, { transports: ['polling'], extraHeaders: { cookie: m.cookie }, reconnection: false });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('sync:ready', () => resolve());
          socket.once('connect_error', reject);
        });
        expect(socket.io.engine.transport.name).toBe('polling');
        return { socket, pid: await processOf(socket) };
      }),
    );
    expect(new Set(clients.map((c) => c.pid)).size).toBe(2);
    for (const [i, client] of clients.entries()) {
      const c = await newCase(`Polling ${i}`);
      // The claim comes back to the polling board as a live event too (maybe before the ack).
      const seen = new Promise<void>((resolve) =>
        client.socket.on('case:event', (e) => e.caseId === c.id && e.type === 'case.claimed' && resolve()),
      );
      const ack = await emitAck(client.socket, 'case:claim', { caseId: c.id });
      expect(ack.ok).toBe(true);
      await seen;
    }
    for (const c of clients) c.socket.close();
  });

  it('cuts off clients that dribble their request line, headers or body, in the primary and in the web processes', async () => {
    const port = Number(new URL(baseUrl).port);
    const headers = [0, 1, 2, 3].map(() => dribble(port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, 'X'));
    const bodies = [0, 1].map(() =>
      dribble(port, `POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"title":"`, 'a'),
    );
    // Never a whole request line: the primary, which routes by it, holds these.
    const lines = [0, 1].map(() => dribble(port, 'GET /api/health?x=', 'a'));
    const all = [...headers, ...bodies, ...lines];
    try {
      const deadline = new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 20_000).unref());
      const answers = await Promise.all(all.map((d) => Promise.race([d.closed, deadline])));
      // Headers and bodies go to both web processes (round robin); each answers 408 and closes.
      for (const answer of answers.slice(0, headers.length + bodies.length)) expect(answer).toMatch(/^HTTP\/1\.1 408/);
      for (const answer of answers.slice(headers.length + bodies.length)) expect(answer).toBe('');
      expect((await lead.request('GET', '/api/health')).status).toBe(200);
    } finally {
      for (const d of all) d.stop();
    }
  });

  it('stops gracefully on SIGTERM: a request in flight is answered, boards see their transport close, the worker and Redis stop, nothing is left', async () => {
    // A board on each process.
    const boards = [await board(lead)];
    while (boards.length < 6 && new Set(boards.map((b) => b.pid)).size < 2) boards.push(await board(lead));
    expect(new Set(boards.map((b) => b.pid)).size).toBe(2);
    const reasons = boards.map((b) => new Promise<string>((resolve) => b.socket.once('disconnect', (reason) => resolve(reason))));
    const redisUrl = readFileSync(path.join(dataDir, 'redis.url'), 'utf8').trim();
    const processes = descendants(server.child.pid!);
    // Two web processes, the queue worker and redis-server at least.
    expect(processes.length).toBeGreaterThanOrEqual(4);

    // A request whose body is still on its way: the web process has it (100 Continue) before the stop.
    const body = JSON.stringify({ title: 'Sendt under nedlukning', institution: 'bh-solsikken' });
    const conn = net.connect(Number(new URL(baseUrl).port), '127.0.0.1');
    let response = '';
    conn.on('data', (d) => (response += d));
    const closed = new Promise<void>((resolve) => conn.on('close', () => resolve()));
    conn.write(
      `POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${lead.cookie}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await vi.waitFor(() => expect(response).toMatch(/^HTTP\/1\.1 100 Continue/), { timeout: 10_000, interval: 20 });

    server.child.kill('SIGTERM');
    // Every board is told by a closed transport (so it reconnects), not by a server-side goodbye.
    expect(await Promise.all(reasons)).toEqual(boards.map(() => 'transport close'));
    conn.write(body);
    await closed;
    expect(response).toMatch(/HTTP\/1\.1 201 Created/);
    expect(response).toMatch(/connection: close/i);
    expect(response).toMatch(/Sendt under nedlukning/);

    expect(await server.exited).toBe(0);
    expect(await ping(redisUrl)).toBe(false);
    // The processes' own helpers (tsx's esbuild service) end when their parent's pipe closes, a moment after it.
    await expect.poll(() => processes.filter(alive).map(commandOf), { timeout: 15_000, interval: 100 }).toEqual([]);
    for (const b of boards) b.socket.close();
  });
});
