// The intake, SLA and retention workers as their own process: `npm start` runs this file as
// its child; `npm run worker` runs it alone (set RUN_WORKERS=false on the servers then). It
// needs the same Redis as the servers: REDIS_URL, or the local one `npm start` runs in DATA_DIR.
import pino from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { answerMetricsRequests } from './metrics/cluster-metrics.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startIntakeWorker, startSlaWorker, IntakeQueue } from './queues/queues.ts';
import { SlaTimers } from './queues/sla-timers.ts';
import { teamDirectory } from './services/team-directory.ts';
import { UserStore } from './store/user-store.ts';
import { connectRedis } from './redis/connect.ts';
import { RedisMissingError, startLocalRedis } from './redis/local-redis.ts';
import { CaseService } from './services/case-service.ts';
import { SimilarityService } from './services/similarity-service.ts';
import { CaseStore } from './store/case-store.ts';
import { listenForBoardResets } from './privacy/board-reset.ts';
import { AuditLog } from './audit/audit-log.ts';
import { PrivacyService } from './privacy/privacy-service.ts';
import { RetentionJobs, startRetentionWorker } from './privacy/retention-jobs.ts';
import { startWorkerHeartbeat } from './queues/worker-heartbeat.ts';
import { startSettings } from './settings/settings-holder.ts';
import { SettingsStore } from './settings/settings-store.ts';

async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const local = config.redisUrl ? null : await startLocalRedis({ dataDir: config.dataDir });
  const redisUrl = config.redisUrl ?? local!.url;
  const redis = await connectRedis({ url: redisUrl, onError: (err) => log.warn({ err: err.message }, 'Redis connection error') });
  const store = new CaseStore(redis);
  // The one read of every case at start-up (building the indexes of an older store first).
  const startupCases = await store.readAllAtStartup();
  const intake = new IntakeQueue(redisUrl, (err) => log.warn({ err: err.message }, 'intake queue error'));
  const timers = new SlaTimers(redisUrl, (err) => log.warn({ err: err.message }, 'SLA timer queue error'));
  const audit = new AuditLog(redis, (err) => log.warn({ err: err.message }, 'audit write failed'), { retentionDays: config.auditRetentionDays });
  // What the lead saved (the config file seeds a new install); followed as it changes.
  const settings = await startSettings(redis, new SettingsStore(redis, audit), config.rollout, (err) => log.warn({ err: err.message }, 'settings listener Redis connection error'));
  const service = new CaseService({
    store,
    settings: settings.holder,
    team: teamDirectory(new UserStore(redis)),
    onCreated: (c) => intake.add(c),
    onCommitted: (c) => timers.set(c).then(() => {}),
  });
  const similarity = new SimilarityService(store, config.similarityWindowHours * 3600_000);
  // After an erasure or a purge (on any node), nothing read from the old log may linger here.
  const resets = await listenForBoardResets(
    redis,
    () => {
      store.states.forget();
      similarity.reset();
    },
    (err) => log.warn({ err: err.message }, 'board-reset listener Redis connection error'),
  );
  const worker = startIntakeWorker({
    redisUrl,
    store,
    service,
    settings: settings.holder,
    similarity,
    onFailed: (caseId, err) => log.warn({ caseId, err: err.message }, 'intake job failed'),
    onError: (err) => log.warn({ err: err.message }, 'intake worker error'),
  });
  const slaWorker = startSlaWorker({
    redisUrl,
    service,
    timers,
    onFailed: (caseId, err) => log.warn({ caseId, err: err.message }, 'SLA timer job failed'),
    onError: (err) => log.warn({ err: err.message }, 'SLA worker error'),
  });
  const retention = new RetentionJobs(redisUrl, (err) => log.warn({ err: err.message }, 'retention queue error'));
  await retention.schedule();
  const retentionWorker = startRetentionWorker({
    redisUrl,
    privacy: new PrivacyService(redis, store, audit),
    audit,
    settings: settings.holder,
    retentionDays: config.retentionDaysAfterRollout,
    onPurged: (count) => log.info({ count }, 'cases past their retention deleted'),
    onError: (err) => log.warn({ err: err.message }, 'retention job failed'),
  });
  const heartbeat = startWorkerHeartbeat(redis, [worker, slaWorker, retentionWorker], (err) => log.warn({ err: err.message }, 'worker heartbeat failed'));
  const requeued = await intake.requeueUnenriched(startupCases);
  const timersSet = await timers.recoverAll(startupCases);
  log.info({ requeued, timersSet }, 'intake and SLA workers running');

  // Under `npm start` the primary passes on a stop and a Ctrl-C reaches this process too, so a
  // repeat is ignored there (the primary kills it if it must); alone, a second one means "now".
  const supervised = typeof process.send === 'function';
  let closing = false;
  const shutdown = async () => {
    if (closing) {
      if (supervised) return;
      process.exit(1);
    }
    closing = true;
    log.info('intake worker stopping after its running jobs');
    await heartbeat.close();
    await worker.close();
    await slaWorker.close();
    await retentionWorker.close();
    await retention.close();
    await intake.close();
    await timers.close();
    await resets.close();
    await settings.close();
    await redis.close();
    await local?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  if (supervised) {
    // Its process metrics join the web processes' in the primary's GET /metrics (npm start).
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    answerMetricsRequests(registry);
    // The primary is gone (killed): finish the running jobs and stop rather than linger.
    process.on('disconnect', () => void shutdown());
    process.send!({ type: 'warroom:ready' });
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof RedisMissingError ? `Cannot start: ${err.message}` : err);
  process.exit(1);
});
