// The intake, SLA and retention workers and the heartbeat that says they run: started the same
// way by a web process that runs its own workers and by the worker process (worker-main.ts).
import type { AuditLog } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import type { PrivacyService } from '../privacy/privacy-service.ts';
import { startRetentionWorker } from '../privacy/retention-jobs.ts';
import type { Redis } from '../redis/connect.ts';
import type { CaseService } from '../services/case-service.ts';
import type { ProblemMatchService } from '../services/problem-match-service.ts';
import type { SimilarityService } from '../services/similarity-service.ts';
import type { CurrentSettings } from '../settings/settings-holder.ts';
import type { CaseStore } from '../store/case-store.ts';
import { startIntakeWorker, startSlaWorker } from './queues.ts';
import type { SlaTimers } from './sla-timers.ts';
import { startWorkerHeartbeat } from './worker-heartbeat.ts';

export interface WorkerDeps {
  config: Pick<Config, 'retentionDaysAfterRollout'>;
  /** Read at each job: the lead may change the categories and the rollout's end. */
  settings: CurrentSettings;
  redisUrl: string;
  redis: Redis;
  store: CaseStore;
  cases: CaseService;
  similarity: SimilarityService;
  problemMatch: ProblemMatchService;
  timers: SlaTimers;
  privacy: PrivacyService;
  audit: AuditLog;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

/** Starts the three workers and their heartbeat; close() lets running jobs finish. */
export function startWorkers({ config, settings, redisUrl, redis, store, cases, similarity, problemMatch, timers, privacy, audit, log }: WorkerDeps): { close(): Promise<void> } {
  const intake = startIntakeWorker({
    redisUrl,
    store,
    service: cases,
    settings,
    similarity,
    problemMatch,
    onFailed: (caseId, err) => log.warn({ caseId, err: err.message }, 'intake job failed'),
    onError: (err) => log.warn({ err: err.message }, 'intake worker error'),
  });
  const sla = startSlaWorker({
    redisUrl,
    service: cases,
    timers,
    onFailed: (caseId, err) => log.warn({ caseId, err: err.message }, 'SLA timer job failed'),
    onError: (err) => log.warn({ err: err.message }, 'SLA worker error'),
  });
  const retention = startRetentionWorker({
    redisUrl,
    privacy,
    audit,
    settings,
    retentionDays: config.retentionDaysAfterRollout,
    onPurged: (count) => log.info({ count }, 'cases past their retention deleted'),
    onError: (err) => log.warn({ err: err.message }, 'retention job failed'),
  });
  // Says the workers run, for /api/ready on every node.
  const heartbeat = startWorkerHeartbeat(redis, [intake, sla, retention], (err) => log.warn({ err: err.message }, 'worker heartbeat failed'));
  return {
    async close() {
      await heartbeat.close();
      await intake.close();
      await sla.close();
      await retention.close();
    },
  };
}
