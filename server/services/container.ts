// The app's own stores and services, built once per process by createServices
// (create-services.ts) and handed to routes and sockets as the Fastify decorator `app.services`.
import type { Config } from '../config.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { LiveConnections } from '../live/connections.ts';
import type { Presence } from '../live/presence.ts';
import type { EventTail } from '../live/event-tail.ts';
import type { Broadcast } from '../live/broadcast.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { PrivacyService } from '../privacy/privacy-service.ts';
import type { RetentionJobs } from '../privacy/retention-jobs.ts';
import type { IntakeQueue } from '../queues/queues.ts';
import type { SlaTimers } from '../queues/sla-timers.ts';
import type { Redis } from '../redis/connect.ts';
import type { MoveBudget } from '../security/move-budget.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { PasswordLinkStore } from '../store/password-link-store.ts';
import type { RosterStore } from '../store/roster-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import type { UserStore } from '../store/user-store.ts';
import type { AccountService } from './account-service.ts';
import type { AnswerService } from './answer-service.ts';
import type { CaseService } from './case-service.ts';
import type { ProblemService } from './problem-service.ts';
import type { SettingsHolder } from '../settings/settings-holder.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { ProblemMatchService } from './problem-match-service.ts';
import type { SimilarityService } from './similarity-service.ts';
import type { StatsService } from './stats-service.ts';
import type { SuggestionService } from './suggestion-service.ts';

export interface Services {
  config: Config;
  redis: Redis;
  store: CaseStore;
  users: UserStore;
  sessions: SessionStore;
  roster: RosterStore;
  passwordLinks: PasswordLinkStore;
  accounts: AccountService;
  cases: CaseService;
  similarity: SimilarityService;
  stats: StatsService;
  tail: EventTail;
  intake: IntakeQueue;
  timers: SlaTimers;
  retention: RetentionJobs;
  connections: LiveConnections;
  presence: Presence;
  broadcast: Broadcast;
  problems: ProblemService;
  /** Problem suggestions and the synonyms learned from links. */
  problemMatch: ProblemMatchService;
  answers: AnswerService;
  /** Answers shown while a superuser types, and the deflections they made. */
  suggestions: SuggestionService;
  audit: AuditLog;
  privacy: PrivacyService;
  metrics: Metrics;
  /** Each account's budget for changes, shared by its HTTP writes and its boards' commands. */
  changes: MoveBudget;
  /** The rollout's settings as they are now (config.rollout only seeds a new install). */
  settings: SettingsHolder;
  /** Where the lead's saves go (PUT /api/settings); `settings` follows them on every node. */
  settingsStore: SettingsStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
