// Queue workers when their Redis connection fails at a bad moment: they must never retry
// without pause (that stops every timer and every socket of the process), and they come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { AuditLog } from '../server/audit/audit-log.ts';
import { loadConfig } from '../server/config.ts';
import { PrivacyService } from '../server/privacy/privacy-service.ts';
import { RetentionJobs, startRetentionWorker } from '../server/privacy/retention-jobs.ts';
import { connectRedis, type Redis } from '../server/redis/connect.ts';
import { CaseStore } from '../server/store/case-store.ts';
import { SettingsHolder } from '../server/settings/settings-holder.ts';
import { startTestRedis, type TestRedis } from './helpers/redis.ts';
import { TEST_CLIENT_DIR } from './helpers/stack.ts';

let redis: TestRedis;
let admin: ReturnType<typeof createClient>;
let commands: Redis;

beforeAll(async () => {
  redis = await startTestRedis();
  admin = createClient({ url: redis.url });
  await admin.connect();
  commands = await connectRedis({ url: redis.url });
});
afterAll(async () => {
  await commands?.close();
  await admin?.close();
  await redis?.stop();
});

/** Counts a worker's errors per turn of the event loop; a pile-up means it retries without waiting. */
function errorWatch(limit: number, onSpin: () => void) {
  let total = 0;
  let sinceTurn = 0;
  let spun = false;
  return {
    onError: () => {
      total++;
      if (sinceTurn++ === 0) setImmediate(() => (sinceTurn = 0));
      if (sinceTurn > limit && !spun) {
        spun = true;
        // Ends the loop (a closing worker stops fetching), so the test can fail instead of hanging.
        onSpin();
      }
    },
    get total() {
      return total;
    },
    get spun() {
      return spun;
    },
  };
}

describe('a queue worker whose connection fails while it starts', () => {
  it('does not spin, starts again after a pause and takes jobs once Redis answers it', async () => {
    // BullMQ asks INFO while a connection starts; a refused INFO fails that start for good, as a
    // connection reset in the middle of its reply does.
    await admin.sendCommand(['ACL', 'SETUSER', 'default', '-info']);
    const store = new CaseStore(commands);
    const audit = new AuditLog(commands);
    const settings = new SettingsHolder(loadConfig({ PORT: '0', CLIENT_DIR: TEST_CLIENT_DIR }).rollout);
    let worker: { close(): Promise<void> } | null = null;
    const watch = errorWatch(1_000, () => void worker?.close());
    worker = startRetentionWorker({ redisUrl: redis.url, privacy: new PrivacyService(commands, store, audit), audit, settings, retentionDays: 30, onError: watch.onError });
    let jobs: RetentionJobs | null = null;
    try {
      await expect.poll(() => watch.total, { timeout: 20_000 }).toBeGreaterThan(0);
      // The poll's own timers ran after the failure: the event loop still turns.
      expect(watch.spun).toBe(false);

      await admin.sendCommand(['ACL', 'SETUSER', 'default', '+info']);
      jobs = new RetentionJobs(redis.url);
      const id = await jobs.runNow();
      await expect.poll(() => jobs!.queue.getJobState(id), { timeout: 30_000, interval: 200 }).toBe('completed');
      expect(watch.spun).toBe(false);
    } finally {
      await admin.sendCommand(['ACL', 'SETUSER', 'default', '+info']);
      await worker.close();
      await jobs?.close();
    }
  }, 60_000);
});
