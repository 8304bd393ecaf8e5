// BullMQ over node-redis: every queue and worker gets its own client, wrapped with
// bullmq's createNodeRedisClient, since workers block on their connection.
import { Queue, Worker, createNodeRedisClient, type Job } from 'bullmq';
import { createClient } from 'redis';
import type { Case } from '../../shared/case.ts';
import { BULL_PREFIX } from '../store/keys.ts';
import { createIntakeProcessor, type IntakeDeps } from './intake-processor.ts';
import { JOBS, QUEUES, intakeJobId, type IntakeJobData, type SlaJobData } from './names.ts';
import { createSlaProcessor } from './sla-processor.ts';
import type { SlaTimers } from './sla-timers.ts';
import type { CaseService } from '../services/case-service.ts';

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

/** A queue to add jobs to, on a connection of its own that close() ends after the queue. */
export class OwnedQueue<Data> {
  readonly queue: Queue<Data>;
  private readonly client: ReturnType<typeof bullConnection>;
  constructor(name: string, redisUrl: string, onError: (err: Error) => void) {
    this.client = bullConnection(redisUrl);
    this.queue = new Queue<Data>(name, { connection: this.client.connection, prefix: BULL_PREFIX });
    this.queue.on('error', onError);
  }

  /**
   * Sends a job kept as failed back to run, its attempts counted afresh. Adding one with the same
   * id would change nothing while the failed one is kept. False when there is no such job (then add it).
   */
  async retryFailed(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job || !(await job.isFailed())) return false;
    // Another node's sweep may have sent it back first, or it was removed meanwhile: adding is then harmless.
    return job.retry('failed', { resetAttemptsMade: true }).then(() => true, () => false);
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.client.close();
  }
}

export class IntakeQueue extends OwnedQueue<IntakeJobData> {
  constructor(redisUrl: string, onError: (err: Error) => void = () => {}) {
    super(QUEUES.intake, redisUrl, onError);
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
   * (from the case list start-up reads once) and after an outage (from the open cases). A job
   * that failed for good (Redis away through all its attempts) is run again.
   */
  async requeueUnenriched(cases: readonly Case[]): Promise<number> {
    const pending = cases.filter((c) => c.enrichedAt === null);
    for (const c of pending) if (!(await this.retryFailed(intakeJobId(c.id)))) await this.add(c);
    return pending.length;
  }

}

/** A queue worker that starts itself again; `running` says whether it is taking jobs now. */
export interface SupervisedWorker {
  running(): boolean;
  close(): Promise<void>;
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
  concurrency = 8,
): SupervisedWorker {
  return superviseWorker<D>(redisUrl, queue, processor, {
    concurrency,
    onFailed: (job, err) => hooks.onFailed?.(job?.data.caseId ?? '?', err),
    onError: hooks.onError,
  });
}

const CLOSE_GRACE_MS = 10_000;
/**
 * Intake jobs are enriched in batches of those running at once (intake-processor.ts): more
 * at once means fewer log reads and commit round trips per case under a burst.
 */
const INTAKE_CONCURRENCY = 32;
/** Errors from one turn of the event loop beyond this mean the worker's loop retries without ever waiting. */
const SPIN_LIMIT = 100;
/** Errors of one turn that reach the log; the rest of a burst is one more of the same. */
const LOGGED_PER_TURN = 3;
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;

/**
 * A BullMQ worker that is started again instead of spinning. BullMQ keeps the outcome of its
 * connection's start-up (an INFO for the server's version): if that reply fails with anything
 * but a refused or closed connection (the connection reset mid-reply, a refused command), every
 * later fetch rejects at once and its fetch loop retries without waiting for anything, so the
 * process stops serving timers and I/O for good. Such a worker, and one whose errors pile up
 * within one turn of the event loop, is closed and a new one started after a pause.
 */
export function superviseWorker<D>(
  redisUrl: string,
  queue: string,
  processor: (job: Job<D>) => Promise<unknown>,
  opts: { concurrency: number; onFailed?: (job: Job<D> | undefined, err: Error) => void; onError?: (err: Error) => void },
): SupervisedWorker {
  interface Run { worker: Worker<D>; client: ReturnType<typeof bullConnection> }
  let current: Run | null = null;
  /** The run whose connection came up: only it takes jobs. */
  let ready: Run | null = null;
  let closed = false;
  let restarts = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  const stopping = new Set<Promise<void>>();

  const stop = async ({ worker, client }: Run, force: boolean) => {
    // Running jobs get a grace period; a worker whose connection never came back from a
    // Redis outage must not hold the shutdown forever.
    const graceful = worker.close(force);
    const timedOut = await Promise.race([graceful.then(() => false, () => false), new Promise<boolean>((r) => setTimeout(r, CLOSE_GRACE_MS, true).unref())]);
    if (timedOut) await worker.close(true).catch(() => {});
    await client.close();
  };

  const restart = (run: Run, why: string) => {
    if (closed || current !== run) return;
    current = null;
    // Closing first ends the old loop at its next check, before anything else runs.
    const stopped = stop(run, true).finally(() => stopping.delete(stopped));
    stopping.add(stopped);
    const pause = Math.min(RESTART_FIRST_MS * 2 ** restarts++, RESTART_MAX_MS);
    opts.onError?.(new Error(`${why}; a new worker starts in ${pause} ms`));
    restartTimer = setTimeout(() => {
      restartTimer = null;
      if (!closed) start();
    }, pause);
    restartTimer.unref();
  };

  const start = () => {
    const client = bullConnection(redisUrl);
    const worker = new Worker<D>(queue, processor, { connection: client.connection, prefix: BULL_PREFIX, concurrency: opts.concurrency });
    const run: Run = { worker, client };
    current = run;
    let burst = 0;
    worker.on('failed', (job, err) => opts.onFailed?.(job, err));
    worker.on('error', (err) => {
      if (burst++ === 0) setImmediate(() => (burst = 0));
      if (burst <= LOGGED_PER_TURN) opts.onError?.(err);
      if (burst === SPIN_LIMIT) restart(run, `${SPIN_LIMIT} worker errors without a pause`);
    });
    worker.waitUntilReady().then(
      () => {
        if (current === run) {
          restarts = 0;
          ready = run;
        }
      },
      (err: Error) => restart(run, `the worker's Redis connection failed while starting (${err.message})`),
    );
  };

  start();
  return {
    running: () => current !== null && ready === current && current.worker.isRunning(),
    async close() {
      closed = true;
      if (restartTimer) clearTimeout(restartTimer);
      const run = current;
      current = null;
      await Promise.all([...stopping, run && stop(run, false)]);
    },
  };
}

export function startIntakeWorker(
  deps: { redisUrl: string } & IntakeDeps & WorkerHooks,
) {
  return startWorker<IntakeJobData>(deps.redisUrl, QUEUES.intake, createIntakeProcessor(deps), deps, INTAKE_CONCURRENCY);
}

export function startSlaWorker(deps: { redisUrl: string; service: CaseService; timers: SlaTimers } & WorkerHooks) {
  return startWorker<SlaJobData>(deps.redisUrl, QUEUES.sla, createSlaProcessor(deps), deps);
}
