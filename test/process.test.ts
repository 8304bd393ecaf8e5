// The product as a person runs it: `npm start` with its own Redis, the admin CLI,
// and the intake worker as its own process (`npm run worker`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { intakeJobId } from '../server/queues/names.ts';
import { IntakeQueue } from '../server/queues/queues.ts';
import { freePort, ping } from '../server/redis/local-redis.ts';
import { login, request } from './helpers/http.ts';
import { startTestRedis } from './helpers/redis.ts';
import { TEST_CLIENT_DIR } from './helpers/stack.ts';

const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  for (const d of dirs) {
    // A server killed mid-test leaves its own Redis running (it is detached by design).
    const urlFile = path.join(d, 'redis.url');
    if (existsSync(urlFile)) await shutdownRedis(readFileSync(urlFile, 'utf8').trim());
    rmSync(d, { recursive: true, force: true });
  }
});

async function shutdownRedis(url: string) {
  const { createClient } = await import('redis');
  const c = createClient({ url, socket: { reconnectStrategy: false } });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.sendCommand(['SHUTDOWN', 'NOSAVE']).catch(() => {});
  } catch {
    // already gone
  }
}

function tempDir() {
  const d = mkdtempSync(path.join(os.tmpdir(), 'warroom-proc-'));
  dirs.push(d);
  return d;
}

function baseEnv(extra: Record<string, string>) {
  // One web process keeps these start-ups quick; test/cluster.test.ts covers several.
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CLIENT_DIR: TEST_CLIENT_DIR, LOG_LEVEL: 'warn', WEB_PROCESSES: '1', ...extra };
  delete env.REDIS_URL;
  return { ...env, ...extra };
}

function run(script: string, env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** The exit code, or a failure with what the process wrote if it is still running at the deadline. */
async function exitCode(proc: ReturnType<typeof run>, timeoutMs = 30_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms: ${proc.output()}`)), timeoutMs);
  });
  try {
    return await Promise.race([proc.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitHealthy(url: string, proc: { output(): string; child: ChildProcess }, timeoutMs = 60_000) {
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if (proc.child.exitCode !== null) throw new Error(`exited early: ${proc.output()}`);
    const ok = await fetch(url + '/api/health').then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never healthy: ${proc.output()}`);
}

function cli(args: string[], env: Record<string, string>, input?: string) {
  return spawnSync(process.execPath, [path.join(root, 'bin/warroom.js'), ...args], { cwd: root, env, input, encoding: 'utf8' });
}

describe('npm start', { timeout: 120_000 }, () => {
  it('starts its own persistent Redis without REDIS_URL, serves the board, keeps data across a restart and stops Redis on SIGTERM', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const env = baseEnv({ DATA_DIR: dataDir, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;

    const first = run('server/main.ts', env);
    await waitHealthy(url, first);
    const redisUrl = readFileSync(path.join(dataDir, 'redis.url'), 'utf8').trim();
    expect(first.output()).toMatch(/appendfsync everysec/);
    expect(existsSync(path.join(dataDir, 'appendonlydir'))).toBe(true);
    const page = await fetch(url + '/');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="app">|<script/);

    // The CLI adds a user to the running server's Redis; the password comes from stdin.
    const added = cli(['user', 'add', 'anna', '--role', 'member', '--name', 'Anna Andersen'], env, 'anna-password\n');
    expect(added.status, added.stderr).toBe(0);
    const anna = await login(url, 'anna', 'anna-password');
    const created = await anna.request('POST', '/api/cases', { title: 'Overlever genstart', institution: 'bh-solsikken' });
    expect(created.status).toBe(201);

    first.child.kill('SIGTERM');
    expect(await exitCode(first)).toBe(0);
    expect(await ping(redisUrl)).toBe(false);

    const second = run('server/main.ts', env);
    await waitHealthy(url, second);
    const again = await login(url, 'anna', 'anna-password');
    const list = await again.request('GET', '/api/cases');
    expect(list.body.cases.map((c: { title: string }) => c.title)).toContain('Overlever genstart');
    second.child.kill('SIGTERM');
    expect(await exitCode(second)).toBe(0);
  });

  it('takes over the Redis a killed run left running: the CLI beside it leaves it be, the next start keeps its data and stops it on SIGTERM', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const env = baseEnv({ DATA_DIR: dataDir, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    const urlFile = path.join(dataDir, 'redis.url');

    const first = run('server/main.ts', env);
    await waitHealthy(url, first);
    const redisUrl = readFileSync(urlFile, 'utf8').trim();
    expect(cli(['user', 'add', 'bo', '--role', 'member', '--name', 'Bo Berg'], env, 'bo-password-1\n').status).toBe(0);
    const bo = await login(url, 'bo', 'bo-password-1');
    expect((await bo.request('POST', '/api/cases', { title: 'Overlever et nedbrud', institution: 'bh-solsikken' })).status).toBe(201);

    // Killed: no shutdown runs, and its Redis (detached by design) is left running.
    first.child.kill('SIGKILL');
    await exitCode(first);
    expect(await ping(redisUrl)).toBe(true);
    // A CLI run uses it and leaves it running: only a server start takes it over.
    const listed = cli(['user', 'list'], env);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('bo');
    expect(await ping(redisUrl)).toBe(true);

    const second = run('server/main.ts', env);
    await waitHealthy(url, second);
    expect(second.output()).toMatch(/Took over the redis-server an earlier run left running/);
    expect(readFileSync(urlFile, 'utf8').trim()).toBe(redisUrl);
    const again = await login(url, 'bo', 'bo-password-1');
    const list = await again.request('GET', '/api/cases');
    expect(list.body.cases.map((c: { title: string }) => c.title)).toContain('Overlever et nedbrud');

    second.child.kill('SIGTERM');
    expect(await exitCode(second)).toBe(0);
    expect(await ping(redisUrl)).toBe(false);
    expect(existsSync(urlFile)).toBe(false);
  });

  it('stops with a clear message when redis-server is missing and REDIS_URL is not set', async () => {
    // A PATH with node on it and nothing else.
    const bin = tempDir();
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const env = baseEnv({ DATA_DIR: tempDir(), PORT: String(await freePort()), PATH: bin });
    const proc = run('server/main.ts', env);
    expect(await exitCode(proc)).toBe(1);
    expect(proc.output()).toMatch(/redis-server was not found on PATH.*apt-get install redis-server.*REDIS_URL/s);
  });

  it('refuses a bad configuration value with a message naming the variable', async () => {
    const proc = run('server/main.ts', baseEnv({ DATA_DIR: tempDir(), PORT: 'eighty' }));
    expect(await exitCode(proc)).toBe(1);
    expect(proc.output()).toMatch(/PORT must be a whole number/);
  });
});

describe('npm run demo', { timeout: 120_000 }, () => {
  it('prints demo accounts that work, books a roster, fills the answer library and the board with realistic cases within seconds', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const demo = run('server/main.ts', baseEnv({ DATA_DIR: tempDir(), PORT: String(port) }), ['--demo']);
    await waitHealthy(url, demo);
    const printed = () =>
      Object.fromEntries([...demo.output().matchAll(/^\s{2}(\S+)\s+(\S+)\s+(lead|member|reporter|viewer)/gm)].map((m) => [m[1], { password: m[2], role: m[3] }]));
    // The list may reach us in more than one piece.
    await expect.poll(() => Object.values(printed()).map((a) => a.role).sort(), { timeout: 10_000, interval: 100 }).toEqual(['lead', 'member', 'member', 'reporter', 'viewer']);
    const accounts = printed();
    const member = Object.entries(accounts).find(([, a]) => a.role === 'member')!;
    const s = await login(url, member[0], member[1].password);
    let cases: { title: string; institution: string }[] = [];
    await expect.poll(async () => (cases = (await s.request('GET', '/api/cases')).body.cases).length, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
    expect(cases[0].title).toMatch(/[a-zæøå]/i);
    // Someone is on duty, and the answer library has something to cite.
    const shifts = (await s.request('GET', '/api/roster')).body.shifts as { username: string; start: string; end: string }[];
    expect(shifts.some((x) => Date.parse(x.start) <= Date.now() && Date.now() < Date.parse(x.end))).toBe(true);
    expect((await s.request('GET', '/api/answers')).body.answers.length).toBeGreaterThan(0);
    demo.child.kill('SIGTERM');
    expect(await exitCode(demo)).toBe(0);
  });
});

describe('warroom CLI', { timeout: 180_000 }, () => {
  it('adds users with argon2id hashes, refuses bad input clearly, lists them', async () => {
    const redis = await startTestRedis();
    try {
      const env = baseEnv({ REDIS_URL: redis.url });
      const ok = cli(['user', 'add', 'sol', '--role', 'reporter', '--institution', 'bh-solsikken', '--name', 'Sofie Solsikke'], env, 'a-long-password\n');
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/Added reporter sol/);
      const { createClient } = await import('redis');
      const c = createClient({ url: redis.url });
      await c.connect();
      // argon2id with at least 19 MiB and 2 passes.
      const hash = (await c.hGet('wr:user:sol', 'passwordHash'))!;
      expect(hash).toMatch(/^\$argon2id\$/);
      const params = Object.fromEntries(hash.split('$')[3].split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
      expect(params.m).toBeGreaterThanOrEqual(19 * 1024);
      expect(params.t).toBeGreaterThanOrEqual(2);
      await c.close();

      const cases: [string[], string, RegExp][] = [
        [['user', 'add', 'x', '--role', 'boss'], 'a-long-password\n', /--role must be one of lead, member, reporter, viewer/],
        [['user', 'add', 'y', '--role', 'reporter'], 'a-long-password\n', /reporter needs --institution/],
        [['user', 'add', 'z', '--role', 'member'], 'short\n', /at least 8 characters/],
        [['user', 'add', 'sol', '--role', 'member'], 'a-long-password\n', /already exists/],
        [['user', 'add', 'w', '--role', 'reporter', '--institution', 'atlantis'], 'a-long-password\n', /Unknown institution "atlantis"/],
        [['frobnicate'], '', /Usage:/],
      ];
      for (const [args, input, message] of cases) {
        const res = cli(args, env, input);
        expect(res.status, args.join(' ')).not.toBe(0);
        expect(res.stderr).toMatch(message);
      }
      const list = cli(['user', 'list'], env);
      expect(list.stdout.trim().split('\n')).toEqual(['sol\treporter\tSofie Solsikke\tbh-solsikken']);
    } finally {
      await redis.stop();
    }
  });
});

describe('npm run worker', { timeout: 120_000 }, () => {
  it('enriches cases when the server runs without workers', async () => {
    const redis = await startTestRedis();
    try {
      const port = await freePort();
      const env = baseEnv({ REDIS_URL: redis.url, PORT: String(port), RUN_WORKERS: 'false' });
      const url = `http://127.0.0.1:${port}`;
      const server = run('server/main.ts', env);
      await waitHealthy(url, server);
      expect(cli(['user', 'add', 'lead', '--role', 'lead'], env, 'lead-password\n').status).toBe(0);
      const lead = await login(url, 'lead', 'lead-password');
      const c = (await lead.request('POST', '/api/cases', { title: 'Notifikationer kommer ikke på iPhone', institution: 'bh-solsikken' })).body.case;
      // Nobody takes the intake job: it waits in the queue, and no worker listens on it.
      const intake = new IntakeQueue(redis.url);
      try {
        expect(await intake.queue.getJobState(intakeJobId(c.id))).toBe('waiting');
        expect(await intake.queue.getWorkersCount()).toBe(0);
        expect((await lead.request('GET', `/api/cases/${c.id}`)).body.case.enrichedAt).toBeNull();
        // Alive, but not ready: no worker runs. Polled until the stream reader has handed on the
        // case just stored (its check waits only half a second, which a loaded machine may exceed).
        await expect
          .poll(async () => {
            const notReady = await request(url, 'GET', '/api/ready');
            return [notReady.status, notReady.body.failed];
          }, { timeout: 15_000, interval: 100 })
          .toEqual([503, ['workers']]);

        const worker = run('server/worker-main.ts', env);
        // Up once it listens on the queue; on a busy machine starting it takes a while.
        const listening = async () => {
          if (worker.child.exitCode !== null) throw new Error(`the worker exited: ${worker.output()}`);
          return intake.queue.getWorkersCount();
        };
        await expect.poll(listening, { timeout: 60_000, interval: 200 }).toBe(1);
        await expect.poll(async () => (await lead.request('GET', `/api/cases/${c.id}`)).body.case.enrichedAt, { timeout: 15_000, interval: 100 }).not.toBeNull();
        // The worker process's heartbeat makes the server ready, and its stop makes it not ready at once.
        await expect.poll(async () => (await request(url, 'GET', '/api/ready')).status, { timeout: 15_000, interval: 100 }).toBe(200);
        worker.child.kill('SIGTERM');
        expect(await exitCode(worker)).toBe(0);
        // Well before the heartbeat's 6.5 s expiry: the stop removed the process's entry.
        await expect.poll(async () => (await request(url, 'GET', '/api/ready')).body.failed, { timeout: 3_000, interval: 100 }).toEqual(['workers']);
      } finally {
        await intake.close();
      }
      server.child.kill('SIGTERM');
      expect(await exitCode(server)).toBe(0);
    } finally {
      await redis.stop();
    }
  });
});
