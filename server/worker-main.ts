// The intake, SLA and retention workers as their own process: `npm start` runs this file as
// its child; `npm run worker` runs it alone (set RUN_WORKERS=false on the servers then). It
// needs the same Redis as the servers: REDIS_URL, or the local one `npm start` runs in DATA_DIR.
import pino from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { answerMetricsRequests } from './metrics/cluster-metrics.ts';
import { ConfigError, loadConfig } from './config.ts';
import { IntakeQueue } from './queues/queues.ts';
import { startWorkers } from './queues/workers.ts';
import { SlaTimers } from './queues/sla-timers.ts';
import { teamDirectory } from './services/team-directory.ts';
import { UserStore } from './store/user-store.ts';
import { connectRedis } from './redis/connect.ts';
import { RedisMissingError, startLocalRedis } from './redis/local-redis.ts';
import { CaseService } from './services/case-service.ts';
import { SimilarityService } from './services/similarity-service.ts';
import { ProblemMatchService } from './services/problem-match-service.ts';
import { SynonymStore } from './store/synonym-store.ts';
import { CaseStore } from './store/case-store.ts';
import { listenForBoardResets } from './privacy/board-reset.ts';
import { AuditLog } from './audit/audit-log.ts';
import { PrivacyService } from './privacy/privacy-service.ts';
import { RetentionJobs } from './privacy/retention-jobs.ts';
import { SettingsHolder, startSettings } from './settings/settings-holder.ts';
import { SettingsStore } from './settings/settings-store.ts';

/** Under the primary's grace period (30 s), so a stop that cannot finish still ends here, with a log line. */
const STOP_DEADLINE_MS = 25_000;

async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  // What start-up has opened so far, closed last-opened first: a stop may come at any point,
  // also before the worker is ready (the primary killed during its start-up).
  const opened: { close(): Promise<unknown> }[] = [];
  const supervised = typeof process.send === 'function';
  let closing = false;
  const shutdown = async (reason: string) => {
    // Under the primary a Ctrl-C reaches this process too, so a repeat is ignored while the
    // primary is there to kill it if it must; alone or orphaned, a second one means "now".
    if (closing) {
      if (supervised && process.connected) return;
      log.warn({ reason }, 'intake worker stopping now, its running jobs unfinished');
      process.exit(1);
    }
    closing = true;
    log.info({ reason }, 'intake worker stopping after its running jobs');
    // A close that waits on a Redis that is gone would keep an orphan alive for ever.
    const deadline = setTimeout(() => {
      log.error({ reason, deadlineMs: STOP_DEADLINE_MS }, 'intake worker did not stop in time; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS);
    try {
      for (const resource of opened.reverse()) await resource.close();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'intake worker did not close cleanly');
      process.exit(1);
    }
    clearTimeout(deadline);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // The primary is gone (killed): finish the running jobs and stop rather than linger.
  if (supervised) process.on('disconnect', () => void shutdown('primary gone'));

  const local = config.redisUrl ? null : await startLocalRedis({ dataDir: config.dataDir });
  if (local) opened.push({ close: () => local.stop() });
  const redisUrl = config.redisUrl ?? local!.url;
  const redis = await connectRedis({ url: redisUrl, onError: (err) => log.warn({ err: err.message }, 'Redis connection error') });
  opened.push({ close: () => redis.close() });
  const store = new CaseStore(redis);
  // The one read of every case at start-up (building the indexes of an older store first).
  const startupCases = await store.readAllAtStartup();
  const intake = new IntakeQueue(redisUrl, (err) => log.warn({ err: err.message }, 'intake queue error'));
  const timers = new SlaTimers(redisUrl, (err) => log.warn({ err: err.message }, 'SLA timer queue error'));
  opened.push(intake, timers);
  const audit = new AuditLog(redis, (err) => log.warn({ err: err.message }, 'audit write failed'), { retentionDays: config.auditRetentionDays });
  // What the lead saved (the config file seeds a new install); followed as it changes.
  const settings = new SettingsHolder(config.rollout);
  const settingsFeed = await startSettings(redis, new SettingsStore(redis, audit), settings, (err) => log.warn({ err: err.message }, 'settings listener Redis connection error'));
  opened.push(settingsFeed);
  const service = new CaseService({
    store,
    settings,
    team: teamDirectory(new UserStore(redis)),
    onCreated: (c) => intake.add(c),
    onCommitted: (c, before) => timers.follow(c, before).then(() => {}),
  });
  const similarity = new SimilarityService(store, config.similarityWindowHours * 3600_000);
  const problemMatch = new ProblemMatchService(store, new SynonymStore(redis));
  // After an erasure or a purge (on any node), nothing read from the old log may linger here.
  const resets = await listenForBoardResets(
    redis,
    () => {
      store.states.forget();
      similarity.reset();
      problemMatch.reset();
    },
    (err) => log.warn({ err: err.message }, 'board-reset listener Redis connection error'),
  );
  opened.push(resets);
  const retention = new RetentionJobs(redisUrl, (err) => log.warn({ err: err.message }, 'retention queue error'));
  opened.push(retention);
  await retention.schedule();
  const workers = startWorkers({ config, settings, redisUrl, redis, store, cases: service, similarity, problemMatch, timers, privacy: new PrivacyService(redis, store, audit), audit, log });
  opened.push(workers);
  const requeued = await intake.requeueUnenriched(startupCases);
  const timersSet = await timers.recoverAll(startupCases);
  log.info({ requeued, timersSet }, 'intake and SLA workers running');

  if (closing) return;
  if (supervised) {
    // Its process metrics join the web processes' in the primary's GET /metrics (npm start).
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    answerMetricsRequests(registry);
    // The primary may have died during start-up: the disconnect above is already stopping this one.
    if (process.connected) process.send!({ type: 'warroom:ready' });
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof RedisMissingError ? `Cannot start: ${err.message}` : err);
  process.exit(1);
});
