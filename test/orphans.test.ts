// A primary that dies without stopping its children (SIGKILL, e.g. from a supervisor) must
// not leave them running: the web processes and the queue worker stop when their IPC
// channel to it closes, and an orphaned worker that cannot finish still ends on SIGTERM.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../server/redis/local-redis.ts';
import { startTestRedis, type TestRedis } from './helpers/redis.ts';
import { TEST_CLIENT_DIR } from './helpers/stack.ts';
import { logLines } from './helpers/log-lines.ts';

const root = path.resolve(import.meta.dirname, '..');
const leftovers: number[] = [];
const dirs: string[] = [];
const redises: TestRedis[] = [];
/** A redis-server a test stopped with SIGSTOP: woken before it is shut down. */
let frozenRedis = 0;

afterAll(async () => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (frozenRedis) process.kill(frozenRedis, 'SIGCONT');
  for (const r of redises) await r.stop();
  for (const d of dirs) {
    // The primary's own Redis is detached by design and outlives a SIGKILLed primary.
    const urlFile = path.join(d, 'redis.url');
    if (existsSync(urlFile)) {
      const { createClient } = await import('redis');
      const c = createClient({ url: readFileSync(urlFile, 'utf8').trim(), socket: { reconnectStrategy: false } });
      c.on('error', () => {});
      await c.connect().then(() => c.sendCommand(['SHUTDOWN', 'NOSAVE'])).catch(() => {});
    }
    rmSync(d, { recursive: true, force: true });
  }
});

/** Running, and not a zombie waiting for a parent that may never reap it. */
function alive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

function collect(child: ChildProcess) {
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return () => output;
}


describe('children of a primary that was killed', { timeout: 240_000 }, () => {
  it('the web processes and the queue worker stop by themselves when npm start’s primary is SIGKILLed', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'warroom-orphans-'));
    dirs.push(dataDir);
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      CLIENT_DIR: TEST_CLIENT_DIR,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      WEB_PROCESSES: '2',
      LOG_LEVEL: 'info',
    };
    delete env.REDIS_URL;
    const primary = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collect(primary);
    let pids: number[] = [];
    let workerPid = 0;
    await vi.waitFor(
      () => {
        if (primary.exitCode !== null) throw new Error(`exited early: ${output()}`);
        const ready = logLines(output()).find((l) => l.msg === 'web processes ready');
        if (!ready) throw new Error('not ready yet');
        workerPid = ready.queueWorker as number;
        pids = [...(ready.webProcesses as number[]), workerPid];
      },
      { timeout: 170_000, interval: 100 },
    );
    leftovers.push(...pids);
    expect(pids).toHaveLength(3);
    expect(pids.every(alive)).toBe(true);

    primary.kill('SIGKILL');
    await vi.waitFor(() => expect(pids.filter(alive)).toEqual([]), { timeout: 60_000, interval: 100 });
    // The worker stopped as on SIGTERM, after its running jobs, not by chance.
    expect(logLines(output()).some((l) => l.pid === workerPid && l.msg === 'intake worker stopping after its running jobs' && l.reason === 'primary gone')).toBe(true);
  });

  it('an orphaned queue worker whose Redis does not answer still ends, on SIGTERM and by its own deadline', async () => {
    const redis = await startTestRedis();
    redises.push(redis);
    const started = () => {
      const child = fork(path.join(root, 'server/worker-main.ts'), [], {
        cwd: root,
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, REDIS_URL: redis.url, DATA_DIR: redis.dir, LOG_LEVEL: 'info' },
        serialization: 'advanced',
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      leftovers.push(child.pid!);
      const output = collect(child);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const ready = new Promise<void>((resolve, reject) => {
        child.on('message', (m: { type?: string }) => m?.type === 'warroom:ready' && resolve());
        void exited.then(() => reject(new Error(`worker exited at start: ${output()}`)));
      });
      return { child, output, exited, ready };
    };

    // A Redis that no longer answers (stopped, as behind a network partition): a close that
    // waits for its answer never finishes.
    const { createClient } = await import('redis');
    const probe = createClient({ url: redis.url });
    await probe.connect();
    const redisPid = Number(/process_id:(\d+)/.exec(await probe.info('server'))![1]);
    frozenRedis = redisPid;
    await probe.close();
    const freeze = () => process.kill(redisPid, 'SIGSTOP');
    const thaw = () => process.kill(redisPid, 'SIGCONT');

    // Orphaned, then told to stop: it ends now rather than wait on a Redis that does not answer.
    const first = started();
    await first.ready;
    freeze();
    first.child.disconnect();
    await vi.waitFor(() => expect(first.output()).toContain('intake worker stopping after its running jobs'), { timeout: 30_000, interval: 50 });
    first.child.kill('SIGTERM');
    await vi.waitFor(() => expect(alive(first.child.pid!)).toBe(false), { timeout: 60_000, interval: 100 });
    expect(await first.exited).toBe(1);
    expect(logLines(first.output()).some((l) => l.msg === 'intake worker stopping now, its running jobs unfinished')).toBe(true);

    // Orphaned and left alone: its stop cannot finish, and its deadline ends it with a log line.
    thaw();
    const second = started();
    await second.ready;
    freeze();
    second.child.disconnect();
    try {
      await vi.waitFor(() => expect(alive(second.child.pid!)).toBe(false), { timeout: 120_000, interval: 200 });
    } finally {
      thaw();
    }
    expect(await second.exited).toBe(1);
    expect(logLines(second.output()).some((l) => l.msg === 'intake worker did not stop in time; exiting')).toBe(true);
  });
});
