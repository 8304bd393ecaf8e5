// GET /metrics under `npm start` with two web processes: a scrape reaches one of them, and
// either answers for the whole tree (the primary adds up every process's registry): boards on
// both processes are counted together, and an event both processes read is counted once.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectRedis } from '../server/redis/connect.ts';
import { freePort } from '../server/redis/local-redis.ts';
import { UserStore } from '../server/store/user-store.ts';
import { processTree } from '../bench/lib/cpu.ts';
import { connectBoard, type BoardClient } from './helpers/clients.ts';
import { login, request, type Session } from './helpers/http.ts';
import { scrape, valueOf, type Sample } from './helpers/prometheus.ts';
import { TEST_CLIENT_DIR } from './helpers/stack.ts';
import { logLines as parseLogLines } from './helpers/log-lines.ts';

const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'shared-password';
const TOKEN = 'cluster-metrics-token-0123456789';

let dataDir: string;
let baseUrl: string;
let child: ChildProcess;
let output = '';
let lead: Session;
let anna: Session;
const sockets: BoardClient[] = [];

const logLines = () => parseLogLines(output);

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

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'warroom-metrics-cluster-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    CLIENT_DIR: TEST_CLIENT_DIR,
    DATA_DIR: dataDir,
    PORT: String(port),
    WEB_PROCESSES: '2',
    METRICS_TOKEN: TOKEN,
    // Debug: each web process names the boards it serves and logs the requests it answers.
    LOG_LEVEL: 'debug',
    LOGIN_LIMIT_PER_IP: '1000000',
    LOGIN_LIMIT_PER_USER: '1000000',
  };
  delete env.REDIS_URL;
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`exited early: ${output}`);
      if (!/War-room board on http/.test(output)) throw new Error('not listening yet');
    },
    { timeout: 170_000, interval: 100 },
  );
  const redis = await connectRedis({ url: readFileSync(path.join(dataDir, 'redis.url'), 'utf8').trim(), onError: () => {} });
  const users = new UserStore(redis);
  await users.add({ username: 'lead', password: PASSWORD, role: 'lead', name: 'Lene Leder' }, new Set());
  await users.add({ username: 'anna', password: PASSWORD, role: 'member', name: 'Anna Andersen' }, new Set());
  await redis.close();
  lead = await login(baseUrl, 'lead', PASSWORD);
  anna = await login(baseUrl, 'anna', PASSWORD);
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(r, 40_000, false))]);
    if (!stopped) for (const pid of processTree(child.pid!)) process.kill(pid, 'SIGKILL');
  }
  const urlFile = path.join(dataDir, 'redis.url');
  if (child?.exitCode !== 0 && existsSync(urlFile)) {
    // A server killed mid-test leaves its own Redis running (it is detached by design).
    const { createClient } = await import('redis');
    const c = createClient({ url: readFileSync(urlFile, 'utf8').trim(), socket: { reconnectStrategy: false } });
    c.on('error', () => {});
    await c.connect().then(() => c.sendCommand(['SHUTDOWN', 'NOSAVE'])).catch(() => {});
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** Scrapes until `pred` holds, with a deadline; each scrape is a new connection, so they alternate between the processes. */
async function until(pred: (s: Sample[]) => boolean, what: string, timeoutMs = 10_000): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  let last: Sample[] = [];
  while (Date.now() < deadline) {
    last = (await scrape(baseUrl, TOKEN)).samples;
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('GET /metrics under npm start with two web processes', { timeout: 120_000 }, () => {
  it('is not found without the token on either process', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await request(baseUrl, 'GET', '/metrics')).status).toBe(404);
      expect((await request(baseUrl, 'GET', '/metrics', undefined, { authorization: 'Bearer not-the-token-at-all' })).status).toBe(404);
    }
  });

  it('counts the boards of both processes and each event once, whichever process is asked', async () => {
    const boards: { socket: BoardClient; pid: number }[] = [];
    while (boards.length < 6 && new Set(boards.map((b) => b.pid)).size < 2) {
      const b = connectBoard(baseUrl, anna.cookie);
      sockets.push(b.socket);
      await b.synced;
      boards.push({ socket: b.socket, pid: await processOf(b.socket) });
    }
    expect(new Set(boards.map((b) => b.pid)).size).toBe(2);

    const before = (await scrape(baseUrl, TOKEN)).samples;
    const created = await lead.request('POST', '/api/cases', { title: 'Beskeder kommer ikke frem', institution: 'bh-solsikken' });
    expect(created.status).toBe(201);
    const counted = (s: Sample[]) =>
      valueOf(s, 'warroom_events_total', { type: 'case.created' }) === valueOf(before, 'warroom_events_total', { type: 'case.created' }) + 1;
    // Both processes read the event and hand it to their boards: the deliveries add up.
    const holds = (s: Sample[]) =>
      valueOf(s, 'warroom_boards_connected', { role: 'member' }) === boards.length && counted(s) && valueOf(s, 'warroom_delivery_seconds_count') >= 2;
    await until(holds, 'case.created to be counted and delivered by both processes', 30_000);

    // Every answer, from either process, holds both processes' boards and the one case. On a
    // loaded machine a process may miss the primary's deadline; it then counts with its earlier
    // figures, which may predate the case: such an answer is excused only when the primary says so.
    const lateLines = () => logLines().filter((l) => String(l.msg ?? '').startsWith('metrics scrape')).length;
    const logFrom = logLines().length;
    const scrapesBefore = logLines().filter((l) => (l.req as { url?: string } | undefined)?.url === '/metrics').length;
    const deadline = Date.now() + 60_000;
    for (let good = 0; good < 6; ) {
      expect(Date.now(), 'six answers with the current figures within a minute').toBeLessThan(deadline);
      const late = lateLines();
      const { samples } = await scrape(baseUrl, TOKEN);
      if (holds(samples)) {
        good++;
        continue;
      }
      const seen = { boards: valueOf(samples, 'warroom_boards_connected', { role: 'member' }), counted: counted(samples), deliveries: valueOf(samples, 'warroom_delivery_seconds_count') };
      await expect.poll(lateLines, { timeout: 5_000, interval: 50, message: `an answer without the current figures, and no late process logged: ${JSON.stringify(seen)}` }).toBeGreaterThan(late);
    }
    const answeredBy = new Set(
      logLines()
        .filter((l) => (l.req as { url?: string } | undefined)?.url === '/metrics')
        .slice(scrapesBefore)
        .map((l) => l.pid),
    );
    expect(answeredBy.size).toBe(2);
    // Every child (both web processes and the queue worker) counted in every answer: in time, or
    // with its earlier figures; none was left out of the sums.
    expect(logLines().slice(logFrom).filter((l) => l.msg === 'metrics scrape incomplete')).toEqual([]);

    for (const b of boards) b.socket.close();
    await until((s) => valueOf(s, 'warroom_boards_connected', { role: 'member' }) === 0, 'the boards to be gone from the count');
  });
});
