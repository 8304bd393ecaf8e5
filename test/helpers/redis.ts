// Each test file gets its own redis-server on a free port with its own directory: never
// the developer's Redis, never a mock.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalRedis, type LocalRedis } from '../../server/redis/local-redis.ts';

export interface TestRedis extends LocalRedis {
  dir: string;
}

export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-test-redis-'));
  const redis = await startLocalRedis({ dataDir: dir, reuse: false });
  return {
    ...redis,
    dir,
    async stop() {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
