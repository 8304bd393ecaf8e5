// The bench's own redis-server: a free port, a temporary data directory, never anyone
// else's Redis. Started the way `npm start` starts one (AOF, appendfsync everysec).
import path from 'node:path';
import { Queue } from 'bullmq';
import { createClient } from 'redis';
import { bullConnection } from '../../server/queues/queues.ts';
import { QUEUES } from '../../server/queues/names.ts';
import { BULL_PREFIX } from '../../server/store/keys.ts';
import { startLocalRedis } from '../../server/redis/local-redis.ts';
import { onCleanup, trackPid } from './procs.ts';

export interface BenchRedis {
  url: string;
  pid: number;
  /** Intake jobs not yet done (waiting, active, delayed): the queue's backlog. */
  queueDepth(): Promise<number>;
  stop(): Promise<void>;
}

export async function startBenchRedis(tmpDir: string): Promise<BenchRedis> {
  const local = await startLocalRedis({ dataDir: path.join(tmpDir, 'redis'), reuse: false });
  const untrack = { fn: () => {} };
  const stopRedis = async () => {
    await local.stop();
    untrack.fn();
  };
  const removeCleanup = onCleanup('redis-server', stopRedis);

  const client = createClient({ url: local.url });
  client.on('error', () => {});
  await client.connect();
  const info = await client.info('server');
  await client.close();
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  if (!pid) throw new Error('could not read the pid of the bench redis-server');
  untrack.fn = trackPid(pid);

  const conn = bullConnection(local.url);
  const queue = new Queue(QUEUES.intake, { connection: conn.connection, prefix: BULL_PREFIX });
  const closeQueue = async () => {
    await queue.close().catch(() => {});
    await conn.close();
  };
  const removeQueueCleanup = onCleanup('queue client', closeQueue);

  return {
    url: local.url,
    pid,
    async queueDepth() {
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    async stop() {
      removeQueueCleanup();
      removeCleanup();
      await closeQueue();
      await stopRedis();
    },
  };
}
