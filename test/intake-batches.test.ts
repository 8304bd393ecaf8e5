// The intake enriches the jobs it runs at once together: one read of the log for the batch,
// every commit sent together, and still one outcome per job. Several workers (processes) may
// take the same case; the version check lets exactly one enrichment through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Case } from '../shared/case.ts';
import { enrich } from '../shared/enrich.ts';
import { ERASED_TEXT } from '../shared/privacy.ts';
import { AuditLog } from '../server/audit/audit-log.ts';
import { PrivacyService } from '../server/privacy/privacy-service.ts';
import { keys } from '../server/store/keys.ts';
import { loadConfig } from '../server/config.ts';
import { IntakeBatches } from '../server/queues/intake-processor.ts';
import { IntakeQueue, startIntakeWorker } from '../server/queues/queues.ts';
import { connectRedis, type Redis } from '../server/redis/connect.ts';
import { CaseService } from '../server/services/case-service.ts';
import { ProblemMatchService } from '../server/services/problem-match-service.ts';
import { SimilarityService } from '../server/services/similarity-service.ts';
import { SettingsHolder } from '../server/settings/settings-holder.ts';
import { CaseStore } from '../server/store/case-store.ts';
import { SynonymStore } from '../server/store/synonym-store.ts';
import { startTestRedis, type TestRedis } from './helpers/redis.ts';
import { TEST_CLIENT_DIR } from './helpers/stack.ts';

const REPORTER: Actor = { id: 'u-1', username: 'mette', name: 'Mette', role: 'member' };
const WINDOW_MS = 48 * 3600_000;

let redis: TestRedis;
const connections: Redis[] = [];
const rollout = loadConfig({ PORT: '0', CLIENT_DIR: TEST_CLIENT_DIR }).rollout;

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const c of connections) await c.close();
  await redis?.stop();
});

/** What one worker process holds: its own connection, case states and indexes. */
async function workerSide() {
  const conn = await connectRedis({ url: redis.url });
  connections.push(conn);
  const store = new CaseStore(conn);
  const settings = new SettingsHolder(rollout);
  const service = new CaseService({ store, settings });
  const similarity = new SimilarityService(store, WINDOW_MS);
  const problemMatch = new ProblemMatchService(store, new SynonymStore(conn));
  return { conn, store, settings, service, similarity, problemMatch, batches: new IntakeBatches({ store, service, settings, similarity, problemMatch }) };
}

async function createCases(side: Awaited<ReturnType<typeof workerSide>>, count: number, title = 'Forælder kan ikke logge ind med MitID') {
  const institution = [...side.settings.current.institutions.keys()][0];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await side.service.create({ title: `${title} ${i}`, description: 'Det sker for flere forældre siden i morges.', institution }, REPORTER);
    if (!r.ok) throw new Error(r.error.message);
    ids.push(r.case.id);
  }
  return ids;
}

async function enrichedEvents(store: CaseStore, caseId: string) {
  return (await store.eventsOfCase(caseId)).filter((e) => e.type === 'case.enriched');
}

async function commandCalls(conn: Redis, command: string): Promise<number> {
  const stats = await conn.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
}

describe('a batch of intake jobs', () => {
  it('reads the log once for the batch, and gives each job its own outcome', async () => {
    const side = await workerSide();
    const ids = await createCases(side, 4);
    // One case was enriched before (a retried job); one job names a case that does not exist.
    await side.similarity.catchUp();
    await side.problemMatch.catchUp();
    const first = await side.batches.enrich(ids[0]);
    expect(first).toEqual({ enriched: true });
    const missing = String(Number(ids.at(-1)) + 1000);

    const xrangeBefore = await commandCalls(side.conn, 'xrange');
    const outcomes = await Promise.allSettled([ids[0], ids[1], missing, ids[2], ids[3]].map((id) => side.batches.enrich(id)));
    const xrangeAfter = await commandCalls(side.conn, 'xrange');

    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String((o.reason as Error).message)))).toEqual([
      { enriched: false },
      { enriched: true },
      `Case ${missing} not found for intake`,
      { enriched: true },
      { enriched: true },
    ]);
    // Each index read the log once for the five jobs (one job at a time reads it at least once each).
    expect(xrangeAfter - xrangeBefore).toBe(2);
    for (const id of ids) expect(await enrichedEvents(side.store, id)).toHaveLength(1);
    // The cases of one batch find each other: each was in the log before its job.
    const last = await side.store.load(ids[3]);
    expect(last?.similar.map((s) => s.caseId)).toEqual(expect.arrayContaining([ids[1], ids[2]]));
  });

  it('fails every job of a batch whose log read fails, and a retry then enriches them', async () => {
    const side = await workerSide();
    const ids = await createCases(side, 3, 'Billeder fra turen kan ikke uploades');
    await side.similarity.catchUp();
    // The log cannot be read for a moment: a refused XRANGE is what a dropped connection gives the catch-up.
    await side.conn.sendCommand(['ACL', 'SETUSER', 'default', '-xrange']);
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      outcomes = await Promise.allSettled(ids.map((id) => side.batches.enrich(id)));
    } finally {
      await side.conn.sendCommand(['ACL', 'SETUSER', 'default', '+xrange']);
    }
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const id of ids) expect(await enrichedEvents(side.store, id)).toHaveLength(0);

    const retried = await Promise.all(ids.map((id) => side.batches.enrich(id)));
    expect(retried).toEqual([{ enriched: true }, { enriched: true }, { enriched: true }]);
    for (const id of ids) expect(await enrichedEvents(side.store, id)).toHaveLength(1);
  });
});

describe('an index reset during a batch', () => {
  it('fails the batch instead of storing "nothing similar" for good; the retry finds the matches', async () => {
    const side = await workerSide();
    const ids = await createCases(side, 2, 'Beskeder til forældre bliver ikke sendt');
    await side.similarity.catchUp();
    // An erasure or purge elsewhere resets the index while this batch's catch-up reads the log.
    const catchUp = side.similarity.catchUp.bind(side.similarity);
    side.similarity.catchUp = () => {
      side.similarity.catchUp = catchUp;
      const read = catchUp();
      side.similarity.reset();
      return read;
    };
    const outcome = await side.batches.enrich(ids[1]).then(() => 'stored', (err: Error) => err.message);
    expect(outcome).toContain('reset');
    expect(await enrichedEvents(side.store, ids[1])).toHaveLength(0);
    expect(await side.batches.enrich(ids[1])).toEqual({ enriched: true });
    expect((await side.store.load(ids[1]))?.similar.map((s) => s.caseId)).toContain(ids[0]);
  });
});

describe('a case erased before its intake job ran', () => {
  it('keeps its erased texts: the job does not write back what the worker still held', async () => {
    const side = await workerSide();
    const [id] = await createCases(side, 1, 'Forælder kan ikke logge ind med MitID, CPR 010101-1234');
    // The worker's memory holds the case with its texts, as its catch-up gave them.
    await side.similarity.catchUp();
    await side.problemMatch.catchUp();
    expect(side.store.states.latest(id)?.title).toContain('010101-1234');
    // Another process (its own store) erases it; this worker does not hear of it before the job runs.
    const lead = await connectRedis({ url: redis.url });
    connections.push(lead);
    expect(await new PrivacyService(lead, new CaseStore(lead), new AuditLog(lead)).erase(id)).not.toBeNull();
    expect(side.store.states.latest(id)?.title).toContain('010101-1234');

    expect(await side.batches.enrich(id)).toEqual({ enriched: true });
    const json = (await side.conn.hGet(keys.case(id), 'json'))!;
    expect(json).not.toContain('010101-1234');
    const stored = JSON.parse(json) as Case;
    expect(stored.title).toBe(ERASED_TEXT);
    expect(stored.enrichedAt).not.toBeNull();
    // Decided on the erased texts: no topic tag from the old title (MitID, login).
    expect(stored.tags).toEqual(enrich(stored, side.settings.current.settings.categories).tags);
    expect(stored.tags).not.toContain('MitID');
  });
});

describe('two workers', () => {
  it('enriching the same cases at the same time store one enrichment per case', async () => {
    const a = await workerSide();
    const b = await workerSide();
    const ids = await createCases(a, 20, 'Kalenderbegivenhed for forældremøde mangler');
    const [fromA, fromB] = await Promise.all([Promise.all(ids.map((id) => a.batches.enrich(id))), Promise.all(ids.map((id) => b.batches.enrich(id)))]);
    for (const [i, id] of ids.entries()) {
      // Exactly one of the two stored it; the other found it enriched (decided again after a stale commit).
      expect([fromA[i].enriched, fromB[i].enriched].filter(Boolean)).toHaveLength(1);
      expect(await enrichedEvents(a.store, id)).toHaveLength(1);
      const stored = await a.store.load(id);
      expect(stored?.enrichedAt).not.toBeNull();
      expect(stored?.version).toBe(2);
    }
  });

  it('on one queue take every job once', async () => {
    const a = await workerSide();
    const b = await workerSide();
    const intake = new IntakeQueue(redis.url);
    const workers = [a, b].map((side) => startIntakeWorker({ redisUrl: redis.url, ...side }));
    try {
      const ids = await createCases(a, 60, 'Personaleappen på tabletten logger ud hele tiden');
      await Promise.all(ids.map((id) => intake.add({ id })));
      // BullMQ marks a job completed one round trip after its commit: wait on the counts themselves.
      await expect
        .poll(async () => await intake.queue.getJobCounts('completed', 'failed'), { timeout: 20_000, interval: 100 })
        .toEqual({ completed: ids.length, failed: 0 });
      for (const id of ids) expect(await enrichedEvents(a.store, id)).toHaveLength(1);
      expect((await a.store.loadMany(ids)).filter((c) => c.enrichedAt !== null)).toHaveLength(ids.length);
    } finally {
      for (const w of workers) await w.close();
      await intake.close();
    }
  });
});
