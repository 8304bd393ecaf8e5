// The app's own services, built once per process and handed to routes and sockets.
import type { Config } from '../config.ts';
import type { LiveConnections } from '../live/connections.ts';
import type { Presence } from '../live/presence.ts';
import type { EventTail } from '../live/event-tail.ts';
import type { IntakeQueue } from '../queues/queues.ts';
import type { Redis } from '../redis/connect.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import type { UserStore } from '../store/user-store.ts';
import type { CaseService } from './case-service.ts';
import type { Broadcast } from '../live/broadcast.ts';
import type { AnswerService } from './answer-service.ts';
import type { ProblemService } from './problem-service.ts';
import type { SettingsHolder } from '../settings/settings-holder.ts';

export interface Services {
  config: Config;
  redis: Redis;
  store: CaseStore;
  users: UserStore;
  sessions: SessionStore;
  cases: CaseService;
  tail: EventTail;
  intake: IntakeQueue;
  connections: LiveConnections;
  presence: Presence;
  broadcast: Broadcast;
  problems: ProblemService;
  answers: AnswerService;
  /** The rollout's settings as they are now (config.rollout only seeds a new install). */
  settings: SettingsHolder;
}
