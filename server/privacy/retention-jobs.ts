// The retention purge as a BullMQ repeatable job (one scheduler for all nodes): every hour
// it deletes the cases whose retention after the rollout has run out. Job data is empty:
// what is due is read from the rollout's settings and the cases themselves.
import type { AuditLog } from '../audit/audit-log.ts';
import type { CurrentSettings } from '../settings/settings-holder.ts';
import { JOBS, QUEUES, RETENTION_SCHEDULER_ID } from '../queues/names.ts';
import { OwnedQueue, superviseWorker, type SupervisedWorker } from '../queues/queues.ts';
import type { PrivacyService } from './privacy-service.ts';

export const RETENTION_EVERY_MS = 3600_000;

/** Its jobs carry nothing: what is due is read when one runs. */
export class RetentionJobs extends OwnedQueue<Record<string, never>> {
  constructor(redisUrl: string, onError: (err: Error) => void = () => {}) {
    super(QUEUES.retention, redisUrl, onError);
  }

  async schedule(everyMs = RETENTION_EVERY_MS): Promise<void> {
    await this.queue.upsertJobScheduler(RETENTION_SCHEDULER_ID, { every: everyMs }, {
      name: JOBS.purgeExpired,
      data: {},
      opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } },
    });
  }

  /** A purge now, besides the schedule (tests; an operator after changing the rollout's end). */
  async runNow(): Promise<string> {
    const job = await this.queue.add(JOBS.purgeExpired, {}, { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } });
    return job.id!;
  }
}

export function startRetentionWorker(deps: {
  redisUrl: string;
  privacy: PrivacyService;
  audit: AuditLog;
  /** The rollout's end is read at each purge: the lead may move it. */
  settings: CurrentSettings;
  retentionDays: number;
  onPurged?: (count: number) => void;
  onError?: (err: Error) => void;
}): SupervisedWorker {
  return superviseWorker(
    deps.redisUrl,
    QUEUES.retention,
    async () => {
      const purged = await deps.privacy.purgeExpired(deps.settings.current.settings, deps.retentionDays);
      if (purged.length > 0) {
        deps.onPurged?.(purged.length);
        await deps.audit.record({ actor: { id: 'system', username: 'system' }, action: 'retention.purge', target: `${purged.length} cases`, outcome: 'ok' });
      }
      return { purged: purged.length };
    },
    // One at a time: two purges at once would only race over the same keys.
    { concurrency: 1, onFailed: (_job, err) => deps.onError?.(err), onError: deps.onError },
  );
}
