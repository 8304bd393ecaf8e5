// Every Redis key the product uses, in one place.
export const keys = {
  case: (id: string) => `wr:case:${id}`,
  caseEvents: (id: string) => `wr:case-events:${id}`,
  caseIndex: 'wr:cases',
  /** The ids of the cases a team member has in progress, for the WIP limit. */
  inProgress: (userId: string) => `wr:in-progress:${userId}`,
  caseSeq: 'wr:seq:case',
  events: 'wr:events',
  idempotency: (userId: string, key: string) => `wr:idem:${userId}:${key}`,
  user: (username: string) => `wr:user:${username}`,
  users: 'wr:users',
  userSeq: 'wr:seq:user',
  session: (token: string) => `wr:session:${token}`,
  userSessions: (userId: string) => `wr:user-sessions:${userId}`,
  roster: 'wr:roster',
  /** Prefixes of the problem and answer documents (see library-store.ts). */
  problems: 'wr:problem',
  answers: 'wr:answer',
  /** Boards online and the case each has open, one field per socket. */
  presence: 'wr:presence',
  passwordLink: (tokenHash: string) => `wr:password-link:${tokenHash}`,
  userPasswordLink: (username: string) => `wr:user-password-link:${username}`,
} as const;

export const BULL_PREFIX = 'wr:bull';
