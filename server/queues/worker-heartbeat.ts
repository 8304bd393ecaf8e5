// A worker process says it is working: while every one of its queue workers takes jobs, it renews
// its own entry in a sorted set (member: the process, score: when the entry runs out, in ms). A web
// process's /api/ready counts the entries not yet run out, wherever the workers run (in the web
// process, a child of `npm start`, or another machine). One entry per process, so one process
// stopping removes only its own and the others keep the cluster ready. A sorted set rather than
// BullMQ's worker list: that comes from CLIENT LIST, which managed Redis services often refuse,
// and it shows a connection, not a worker whose loop runs.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Redis } from '../redis/connect.ts';
import { keys } from '../store/keys.ts';

export const HEARTBEAT_EVERY_MS = 2_000;
/** Three missed beats and the workers count as stopped. */
export const HEARTBEAT_TTL_MS = 3 * HEARTBEAT_EVERY_MS + 500;
/** The whole set's expiry: it goes away by itself once every process has stopped beating. */
const SET_TTL_MS = 10 * HEARTBEAT_TTL_MS;

// Entries of processes that died without removing theirs are trimmed on each beat, in the same
// round trip; Redis's clock decides expiry, so the processes' clocks need not agree.
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const COUNT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')`;

export function startWorkerHeartbeat(
  redis: Redis,
  workers: readonly { running(): boolean }[],
  onError: (err: Error) => void = () => {},
): { close(): Promise<void> } {
  // The random part keeps two processes apart even when a container restarts with the same pid.
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let closed = false;
  const beat = async () => {
    if (closed || !redis.isReady) return;
    try {
      if (workers.every((w) => w.running())) {
        await redis.eval(BEAT, { keys: [keys.workersAlive], arguments: [id, String(HEARTBEAT_TTL_MS), String(SET_TTL_MS)] });
      }
    } catch (err) {
      onError(err as Error);
    }
  };
  // Often at first, so a fresh start is ready within moments of its workers; then at the steady pace.
  let quick = 0;
  const fast = setInterval(() => {
    void beat();
    if (++quick >= 20) clearInterval(fast);
  }, 100);
  const timer = setInterval(() => void beat(), HEARTBEAT_EVERY_MS);
  fast.unref();
  timer.unref();
  return {
    async close() {
      closed = true;
      clearInterval(fast);
      clearInterval(timer);
      // A stop is seen at once, not after the expiry; the other processes' entries stay.
      await redis.zRem(keys.workersAlive, id).catch(() => {});
    },
  };
}

/** How many worker processes have beaten lately. */
export async function workerProcessesAlive(redis: Redis): Promise<number> {
  return Number(await redis.eval(COUNT, { keys: [keys.workersAlive] }));
}

/** Whether some worker process has beaten lately. */
export async function workersAlive(redis: Redis): Promise<boolean> {
  return (await workerProcessesAlive(redis)) > 0;
}
