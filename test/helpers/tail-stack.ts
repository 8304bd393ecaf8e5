// A stream reader with the case service beside it, in the test's own process, on its own
// redis-server: for tests of what the reader hands on and when.
import { loadConfig } from '../../server/config.ts';
import { EventTail } from '../../server/live/event-tail.ts';
import { connectRedis, type Redis } from '../../server/redis/connect.ts';
import { CaseService } from '../../server/services/case-service.ts';
import { SettingsHolder } from '../../server/settings/settings-holder.ts';
import { CaseStore } from '../../server/store/case-store.ts';
import { startTestRedis, type TestRedis } from './redis.ts';

export interface TailStack {
  server: TestRedis;
  redis: Redis;
  store: CaseStore;
  service: CaseService;
  tail: EventTail;
  /** What the reader reported as errors. */
  errors: Error[];
  close(): Promise<void>;
}

export async function startTailStack(): Promise<TailStack> {
  const server = await startTestRedis();
  const redis = await connectRedis({ url: server.url });
  const blocking = await connectRedis({ url: server.url });
  const store = new CaseStore(redis);
  const service = new CaseService({ store, settings: new SettingsHolder(loadConfig({ PORT: '0' }).rollout), fromMemory: true });
  const errors: Error[] = [];
  const tail = new EventTail(blocking, store, (err) => errors.push(err));
  try {
    await tail.start();
  } catch (err) {
    blocking.destroy();
    await redis.quit();
    await server.stop();
    throw err;
  }
  return {
    server,
    redis,
    store,
    service,
    tail,
    errors,
    async close() {
      // The tail's stop destroys its connection.
      await tail.stop();
      await redis.quit();
      await server.stop();
    },
  };
}
