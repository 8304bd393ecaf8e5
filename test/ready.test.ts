// /api/ready against real redis-servers and real BullMQ workers: 200 only while Redis answers,
// the node's stream reader has caught up and the queue workers run; otherwise 503 naming the
// failed check in stable words. No login needed, nothing about people or cases in the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superviseWorker } from '../server/queues/queues.ts';
import { startWorkerHeartbeat } from '../server/queues/worker-heartbeat.ts';
import { connectRedis } from '../server/redis/connect.ts';
import { keys } from '../server/store/keys.ts';
import { compareEventIds } from '../shared/events.ts';
import { login, request } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';

const WAIT = { timeout: 30_000, interval: 100 } as const;
let withWorkers: Stack;
let withoutWorkers: Stack;

beforeAll(async () => {
  [withWorkers, withoutWorkers] = await Promise.all([startStack(), startStack({ runWorkers: false })]);
});
afterAll(async () => {
  await Promise.all([withWorkers?.close(), withoutWorkers?.close()]);
});

const ready = (stack: Stack) => request(stack.baseUrl, 'GET', '/api/ready');

describe('/api/ready', () => {
  it('answers 200 once Redis answers, the stream reader has caught up and the workers run; without a login', async () => {
    await expect.poll(async () => (await ready(withWorkers)).status, WAIT).toBe(200);
    const res = await ready(withWorkers);
    expect(res.body).toEqual({ status: 'ready', checks: { redis: 'ok', stream: 'ok', workers: 'ok' } });
    // A case stored a moment ago: the reader has handed it on before the node says it is ready.
    await withWorkers.addUser('lene', 'lene-password', 'lead');
    const lead = await login(withWorkers.baseUrl, 'lene', 'lene-password');
    expect((await lead.request('POST', '/api/cases', { title: 'Forældre kan ikke logge ind', institution: 'bh-solsikken' })).status).toBe(201);
    const stored = await withWorkers.app.services.store.lastEventId();
    // Polled: the check waits only half a second for the reader, which a loaded machine may exceed.
    await expect.poll(async () => (await ready(withWorkers)).status, WAIT).toBe(200);
    expect(compareEventIds(withWorkers.app.services.tail.lastDelivered, stored)).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 naming the workers while none runs, 200 once one does, and 503 again when it stops', async () => {
    const res = await ready(withoutWorkers);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body).toMatchObject({ status: 'not_ready', failed: ['workers'], checks: { redis: 'ok', stream: 'ok', workers: 'stopped' }, error: { code: 'unavailable' } });
    expect(res.body.error.message).toMatch(/no queue worker/);
    // /api/health says only that Redis answers: the process is alive.
    expect((await request(withoutWorkers.baseUrl, 'GET', '/api/health')).status).toBe(200);

    // A worker process elsewhere (as `npm run worker` on another machine): a real BullMQ worker and its heartbeat.
    const redis = await connectRedis({ url: withoutWorkers.redisUrl });
    const worker = superviseWorker(withoutWorkers.redisUrl, 'ready-test', async () => null, { concurrency: 1 });
    const heartbeat = startWorkerHeartbeat(redis, [worker]);
    try {
      await expect.poll(async () => (await ready(withoutWorkers)).status, WAIT).toBe(200);
    } finally {
      await heartbeat.close();
      await worker.close();
      await redis.close();
    }
    // A stop is seen at once, not when the heartbeat would have run out.
    const after = await ready(withoutWorkers);
    expect(after.status).toBe(503);
    expect(after.body.failed).toEqual(['workers']);
  });

  it('stays 200 while one of several worker processes stops, and answers 503 when the last one stops', async () => {
    const redis = await connectRedis({ url: withoutWorkers.redisUrl });
    const worker = superviseWorker(withoutWorkers.redisUrl, 'ready-test-several', async () => null, { concurrency: 1 });
    // An entry of a process that died without removing it: run out, so it counts for nothing and a beat trims it.
    await redis.zAdd(keys.workersAlive, { score: 1, value: 'gone:1:dead' });
    // Two worker processes (as two `npm run worker`): each beats with its own entry.
    const first = startWorkerHeartbeat(redis, [worker]);
    const second = startWorkerHeartbeat(redis, [worker]);
    try {
      await expect.poll(async () => (await ready(withoutWorkers)).status, WAIT).toBe(200);
      await expect.poll(() => redis.zCard(keys.workersAlive), WAIT).toBe(2);
      expect(await redis.zScore(keys.workersAlive, 'gone:1:dead')).toBeNull();
      await first.close();
      // The other still beats: every answer stays 200, not only the last one.
      for (let i = 0; i < 10; i++) {
        const res = await ready(withoutWorkers);
        expect([res.status, res.body.checks.workers]).toEqual([200, 'ok']);
      }
      await second.close();
      const after = await ready(withoutWorkers);
      expect(after.status).toBe(503);
      expect(after.body.failed).toEqual(['workers']);
    } finally {
      await first.close();
      await second.close();
      await worker.close();
      await redis.close();
    }
  });

  it('answers 503 naming Redis while Redis is down, and 200 again once it is back', async () => {
    await expect.poll(async () => (await ready(withWorkers)).status, WAIT).toBe(200);
    await withWorkers.redis.pause();
    try {
      const res = await ready(withWorkers);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'not_ready', failed: ['redis', 'stream', 'workers'], checks: { redis: 'unreachable', stream: 'unknown', workers: 'unknown' } });
      expect((await request(withWorkers.baseUrl, 'GET', '/api/health')).status).toBe(503);
    } finally {
      await withWorkers.redis.resume();
    }
    await expect.poll(async () => (await ready(withWorkers)).status, WAIT).toBe(200);
  });

  it('answers 503 naming the stream while this node does not read it', async () => {
    // Last on this stack: its reader stays stopped.
    await withoutWorkers.app.services.tail.stop();
    const res = await ready(withoutWorkers);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ failed: ['stream', 'workers'], checks: { redis: 'ok', stream: 'behind', workers: 'stopped' } });
  });
});
