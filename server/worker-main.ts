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
  const settings = new SettingsHolder(config.rollout);
  const settingsFeed = await startSettings(redis, new SettingsStore(redis, audit), settings, (err) => log.warn({ err: err.message }, 'settings listener Redis connection error'));
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
  const retention = new RetentionJobs(redisUrl, (err) => log.warn({ err: err.message }, 'retention queue error'));
  await retention.schedule();
  const workers = startWorkers({ config, settings, redisUrl, redis, store, cases: service, similarity, problemMatch, timers, privacy: new PrivacyService(redis, store, audit), audit, log });
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
    await workers.close();
    await retention.close();
    await intake.close();
    await timers.close();
    await resets.close();
    await settingsFeed.close();
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
