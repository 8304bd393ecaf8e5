// A worker process says it is working: while every one of its queue workers takes jobs, it sets a
// key with a short expiry, again and again. A web process's /api/ready reads the key, wherever the
// workers run (in the web process, a child of `npm start`, or another machine). A key rather than
// BullMQ's worker list: that comes from CLIENT LIST, which managed Redis services often refuse,
// and it shows a connection, not a worker whose loop runs.
import { hostname } from 'node:os';
import type { Redis } from '../redis/connect.ts';
import { keys } from '../store/keys.ts';

export const HEARTBEAT_EVERY_MS = 2_000;
/** Three missed beats and the workers count as stopped. */
export const HEARTBEAT_TTL_MS = 3 * HEARTBEAT_EVERY_MS + 500;

// Deletes the key only if this process set it last: another worker process may be beating too.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function startWorkerHeartbeat(
  redis: Redis,
  workers: readonly { running(): boolean }[],
  onError: (err: Error) => void = () => {},
): { close(): Promise<void> } {
  const id = `${hostname()}:${process.pid}`;
  let closed = false;
  const beat = async () => {
    if (closed || !redis.isReady) return;
    try {
      if (workers.every((w) => w.running())) await redis.set(keys.workersAlive, id, { PX: HEARTBEAT_TTL_MS });
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
      // A stop is seen at once, not after the expiry.
      await redis.eval(RELEASE, { keys: [keys.workersAlive], arguments: [id] }).catch(() => {});
    },
  };
}

/** Whether some worker process has beaten lately. */
export async function workersAlive(redis: Redis): Promise<boolean> {
  return (await redis.exists(keys.workersAlive)) === 1;
}
