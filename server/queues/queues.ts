// BullMQ over node-redis: every queue and worker gets its own client, wrapped with
// bullmq's createNodeRedisClient, since workers block on their connection.
import { Queue, Worker, createNodeRedisClient, type Job } from 'bullmq';
import { createClient } from 'redis';
import type { Case } from '../../shared/case.ts';
import type { CaseStore } from '../store/case-store.ts';
import { BULL_PREFIX } from '../store/keys.ts';
import { createIntakeProcessor } from './intake-processor.ts';
import { JOBS, QUEUES, intakeJobId, type IntakeJobData, type SlaJobData } from './names.ts';
import { createSlaProcessor } from './sla-processor.ts';
import type { SlaTimers } from './sla-timers.ts';
import type { CaseService } from '../services/case-service.ts';
import type { RolloutConfig } from '../config.ts';
import type { SimilarityService } from '../services/similarity-service.ts';

/**
 * A node-redis client for BullMQ. BullMQ treats a client it is handed as shared and leaves
 * it open, so the owner closes it after the queue or worker.
 */
export function bullConnection(url: string, onError: (err: Error) => void = () => {}) {
  const raw = createClient({ url, socket: { reconnectStrategy: (n: number) => Math.min(50 * 2 ** n, 2_000) } });
  // Redis being away is reported by the app's health check; BullMQ reconnects by itself.
  raw.on('error', onError);
  return {
    connection: createNodeRedisClient(raw),
    close: async () => {
      if (raw.isOpen) await raw.close().catch(() => raw.destroy());
    },
  };
}

export class IntakeQueue {
  readonly queue: Queue<IntakeJobData>;
  private readonly client: ReturnType<typeof bullConnection>;
  constructor(redisUrl: string, onError: (err: Error) => void = () => {}) {
    this.client = bullConnection(redisUrl);
    this.queue = new Queue<IntakeJobData>(QUEUES.intake, { connection: this.client.connection, prefix: BULL_PREFIX });
    this.queue.on('error', onError);
  }

  async add(c: Pick<Case, 'id'>): Promise<void> {
    await this.queue.add(JOBS.enrich, { caseId: c.id }, {
      jobId: intakeJobId(c.id),
      attempts: 8,
      backoff: { type: 'exponential', delay: 200 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }

  /**
   * A crash between storing a case and queueing its job would skip intake: re-queue at start-up
   * (from the case list start-up reads once) and after an outage (from the open cases).
   */
  async requeueUnenriched(cases: readonly Case[]): Promise<number> {
    const pending = cases.filter((c) => c.enrichedAt === null);
    for (const c of pending) await this.add(c);
    return pending.length;
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.client.close();
  }
}

interface WorkerHooks {
  onFailed?: (caseId: string, err: Error) => void;
  onError?: (err: Error) => void;
}

/** A worker on its own connection (it blocks while waiting for jobs); close() lets running jobs finish. */
function startWorker<D extends { caseId: string }>(
  redisUrl: string,
  queue: string,
  processor: (job: Job<D>) => Promise<unknown>,
  hooks: WorkerHooks,
): { worker: Worker<D>; close(): Promise<void> } {
  const client = bullConnection(redisUrl);
  const worker = new Worker<D>(queue, processor, { connection: client.connection, prefix: BULL_PREFIX, concurrency: 8 });
  worker.on('failed', (job, err) => hooks.onFailed?.(job?.data.caseId ?? '?', err));
  worker.on('error', (err) => hooks.onError?.(err));
  return {
    worker,
    async close() {
      // Running jobs get a grace period; a worker whose connection never came back from a
      // Redis outage must not hold the shutdown forever.
      const graceful = worker.close();
      const timedOut = await Promise.race([graceful.then(() => false), new Promise<boolean>((r) => setTimeout(r, CLOSE_GRACE_MS, true).unref())]);
      if (timedOut) await worker.close(true).catch(() => {});
      await client.close();
    },
  };
}

const CLOSE_GRACE_MS = 10_000;

export function startIntakeWorker(
  deps: { redisUrl: string; store: CaseStore; service: CaseService; rollout: RolloutConfig; similarity: SimilarityService } & WorkerHooks,
) {
  return startWorker<IntakeJobData>(deps.redisUrl, QUEUES.intake, createIntakeProcessor(deps), deps);
}

export function startSlaWorker(deps: { redisUrl: string; service: CaseService; timers: SlaTimers } & WorkerHooks) {
  return startWorker<SlaJobData>(deps.redisUrl, QUEUES.sla, createSlaProcessor(deps), deps);
}
