// The composition root: every store and service of a web process, built once here. Routes read
// them from `app.services`, the board sockets get them from the app; nothing else constructs them.
import type { Problem } from '../../shared/problem.ts';
import type { Answer } from '../../shared/problem-schemas.ts';
import { AuditLog } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import { Broadcast } from '../live/broadcast.ts';
import { LiveConnections } from '../live/connections.ts';
import { EventTail } from '../live/event-tail.ts';
import { Presence } from '../live/presence.ts';
import { presenceLinks, type BoardServer } from '../live/socket-server.ts';
import { Metrics } from '../metrics/metrics.ts';
import { PrivacyService } from '../privacy/privacy-service.ts';
import { RetentionJobs } from '../privacy/retention-jobs.ts';
import { IntakeQueue } from '../queues/queues.ts';
import { SlaTimers } from '../queues/sla-timers.ts';
import type { Redis } from '../redis/connect.ts';
import { moveBudget } from '../security/move-budget.ts';
import { CaseStore } from '../store/case-store.ts';
import { keys } from '../store/keys.ts';
import { DeflectionStore } from '../store/deflection-store.ts';
import { DocStore } from '../store/library-store.ts';
import { PasswordLinkStore } from '../store/password-link-store.ts';
import { RosterStore } from '../store/roster-store.ts';
import { SettingsHolder } from '../settings/settings-holder.ts';
import { SettingsStore } from '../settings/settings-store.ts';
import { SessionStore } from '../store/session-store.ts';
import { SynonymStore } from '../store/synonym-store.ts';
import { UserStore } from '../store/user-store.ts';
import { AccountService } from './account-service.ts';
import { AnswerService } from './answer-service.ts';
import { CaseService } from './case-service.ts';
import type { Services } from './container.ts';
import { ProblemMatchService } from './problem-match-service.ts';
import { ProblemService } from './problem-service.ts';
import { SimilarityService } from './similarity-service.ts';
import { StatsService } from './stats-service.ts';
import { SuggestionService } from './suggestion-service.ts';
import { teamDirectory } from './team-directory.ts';

/** What the services are built around besides the config and the command connection. */
export interface ServiceWiring {
  /** The BullMQ queues open connections of their own to it. */
  redisUrl: string;
  /** A connection of the event tail's own: it blocks while it waits for events. */
  blocking: Redis;
  /** The boards' socket.io server (createBoardServer): presence and broadcast send through it from the start. */
  io: BoardServer;
  log: { warn(obj: object, msg: string): void };
}

export function createServices(config: Config, redis: Redis, { redisUrl, blocking, io, log }: ServiceWiring): Services {
  const logRedisError = (what: string) => (err: Error) => log.warn({ err: err.message }, `${what} Redis connection error`);
  const metrics = new Metrics();
  const store = new CaseStore(redis);
  const users = new UserStore(redis);
  const sessions = new SessionStore(redis, config.sessionIdleMinutes * 60, config.sessionMaxHours * 3600);
  const passwordLinks = new PasswordLinkStore(redis);
  const roster = new RosterStore(redis);
  const audit = new AuditLog(redis, logRedisError('audit'), { retentionDays: config.auditRetentionDays });
  // The config file's settings until the app's startSettings has read what the lead saved.
  const settings = new SettingsHolder(config.rollout);
  const intake = new IntakeQueue(redisUrl, logRedisError('intake queue'));
  const timers = new SlaTimers(redisUrl, logRedisError('SLA timers'));
  const retention = new RetentionJobs(redisUrl, logRedisError('retention queue'));
  const broadcast = new Broadcast(io);
  const presence = new Presence(redis, presenceLinks(io, (err) => log.warn({ err: err.message }, 'presence update failed')));
  const problemDocs = new DocStore<Problem>(redis, keys.problems, keys.libraryChanges);
  const answers = new AnswerService({ answers: new DocStore<Answer>(redis, keys.answers, keys.libraryChanges), broadcast });
  const cases = new CaseService({
    store,
    settings,
    // This process follows the event stream (its tail keeps the cases it saw): a move is decided
    // on that state, and the commit's version check catches one that has moved on.
    fromMemory: true,
    team: teamDirectory(users),
    library: {
      problem: async (id) => {
        const found = await problemDocs.get(id);
        return found && { id: found.doc.id, title: found.doc.title };
      },
      answer: (id) => answers.ref(id),
    },
    onCommitted: async (c, before) => {
      await timers.follow(c, before).catch((err) => log.warn({ err: (err as Error).message, caseId: c.id }, 'could not set the SLA timer'));
    },
    onCreated: async (c) => {
      try {
        await intake.add(c);
      } catch (err) {
        // The case is stored; the start-up sweep queues its intake if this failed.
        log.warn({ err: (err as Error).message, caseId: c.id }, 'could not queue intake');
      }
    },
  });
  const tail = new EventTail(blocking, store, (err) => log.warn({ err: err.message }, 'event stream reader error'));
  tail.subscribeBatches((events) => metrics.delivered(events));
  const problems = new ProblemService({ problems: problemDocs, store, cases, answers, broadcast });
  return {
    config,
    redis,
    store,
    users,
    sessions,
    roster,
    passwordLinks,
    accounts: new AccountService({ redis, users, sessions, links: passwordLinks, institutions: () => settings.current.institutions }),
    cases,
    similarity: new SimilarityService(store, config.similarityWindowHours * 3600_000),
    stats: new StatsService({ store, tail, roster, onError: (err) => log.warn({ err: err.message }, 'statistics could not read the event log') }),
    tail,
    intake,
    timers,
    retention,
    connections: new LiveConnections(),
    presence,
    broadcast,
    problems,
    problemMatch: new ProblemMatchService(store, new SynonymStore(redis)),
    answers,
    suggestions: new SuggestionService({ redis, answers, problems, deflections: new DeflectionStore(redis) }),
    audit,
    privacy: new PrivacyService(redis, store, audit),
    metrics,
    settings,
    settingsStore: new SettingsStore(redis, audit),
    changes: moveBudget(redis, { burst: config.limits.socketBurst, perSecond: config.limits.socketPerSecond }),
  };
}
