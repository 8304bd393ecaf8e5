// The start-up sweeps bring back work whose job failed for good (Redis away through all its
// attempts): BullMQ keeps a failed job under its id, so adding one with the same id again
// would change nothing and the case would never be enriched, nor its timer run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Actor, Case } from '../shared/case.ts';
import { nextSlaDue } from '../shared/sla.ts';
import { loadConfig } from '../server/config.ts';
import { bullConnection, IntakeQueue, startIntakeWorker } from '../server/queues/queues.ts';
import { intakeJobId, QUEUES, slaJobId } from '../server/queues/names.ts';
import { SlaTimers } from '../server/queues/sla-timers.ts';
import { connectRedis, type Redis } from '../server/redis/connect.ts';
import { CaseService } from '../server/services/case-service.ts';
import { ProblemMatchService } from '../server/services/problem-match-service.ts';
import { SimilarityService } from '../server/services/similarity-service.ts';
import { SettingsHolder } from '../server/settings/settings-holder.ts';
import { CaseStore } from '../server/store/case-store.ts';
import { BULL_PREFIX } from '../server/store/keys.ts';
import { SynonymStore } from '../server/store/synonym-store.ts';
import { startTestRedis, type TestRedis } from './helpers/redis.ts';
import { TEST_CLIENT_DIR } from './helpers/stack.ts';

const REPORTER: Actor = { id: 'u-1', username: 'mette', name: 'Mette', role: 'member' };
const rollout = loadConfig({ PORT: '0', CLIENT_DIR: TEST_CLIENT_DIR }).rollout;

let redis: TestRedis;
let conn: Redis;
let store: CaseStore;
let settings: SettingsHolder;
let service: CaseService;

beforeAll(async () => {
  redis = await startTestRedis();
  conn = await connectRedis({ url: redis.url });
  store = new CaseStore(conn);
  settings = new SettingsHolder(rollout);
  service = new CaseService({ store, settings });
});
afterAll(async () => {
  await conn?.close();
  await redis?.stop();
});

async function createCase(): Promise<Case> {
  const institution = [...settings.current.institutions.keys()][0];
  const r = await service.create({ title: 'Forælder kan ikke logge ind med MitID', institution }, REPORTER);
  if (!r.ok) throw new Error(r.error.message);
  return r.case;
}

/** Runs the queue's waiting jobs with a worker that fails each for good, until this one is failed. */
async function failForGood(queue: string, state: () => Promise<string>) {
  const client = bullConnection(redis.url);
  const worker = new Worker(queue, async () => { throw new UnrecoverableError('Redis was away'); }, { connection: client.connection, prefix: BULL_PREFIX });
  try {
    await expect.poll(state, { timeout: 10_000, interval: 50 }).toBe('failed');
  } finally {
    await worker.close();
    await client.close();
  }
}

describe('the start-up sweeps', () => {
  it('run a failed intake job again, and the case is enriched', async () => {
    const intake = new IntakeQueue(redis.url);
    try {
      const c = await createCase();
      await intake.add(c);
      await failForGood(QUEUES.intake, async () => (await intake.queue.getJobState(intakeJobId(c.id))) as string);
      expect(await intake.requeueUnenriched([c])).toBe(1);
      const worker = startIntakeWorker({ redisUrl: redis.url, store, service, settings, similarity: new SimilarityService(store, 48 * 3600_000), problemMatch: new ProblemMatchService(store, new SynonymStore(conn)) });
      try {
        await expect.poll(async () => (await store.load(c.id))?.enrichedAt ?? null, { timeout: 10_000, interval: 100 }).not.toBeNull();
      } finally {
        await worker.close();
      }
    } finally {
      await intake.close();
    }
  });

  it('run a failed SLA timer again', async () => {
    const timers = new SlaTimers(redis.url);
    try {
      const c = await createCase();
      const dueAt = nextSlaDue(c.sla)!;
      const id = slaJobId(c.id, dueAt);
      // Due now, so the failing worker takes it at once.
      await timers.setAt(c.id, dueAt, dueAt);
      await failForGood(QUEUES.sla, async () => (await timers.queue.getJobState(id)) as string);
      expect(await timers.recoverAll([c])).toBe(1);
      expect(await timers.queue.getJobState(id)).not.toBe('failed');
      expect((await timers.queue.getJob(id))?.attemptsMade).toBe(0);
    } finally {
      await timers.close();
    }
  });
});
