// Each test file gets its own redis-server on a free port with its own directory: never
// the developer's Redis, never a mock.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalRedis, type LocalRedis } from '../../server/redis/local-redis.ts';

export interface TestRedis extends LocalRedis {
  dir: string;
  port: number;
  /** Stops redis-server but keeps its data (AOF), as in an outage. */
  pause(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  resume(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-test-redis-'));
  let current = await startLocalRedis({ dataDir: dir, reuse: false });
  const port = Number(new URL(current.url).port);
  return {
    url: current.url,
    owned: true,
    dir,
    port,
    async pause() {
      await current.stop();
    },
    async resume() {
      current = await startLocalRedis({ dataDir: dir, reuse: false, port });
    },
    async stop() {
      await current.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
