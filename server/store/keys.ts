// Every Redis key the product uses, in one place.
export const keys = {
  case: (id: string) => `wr:case:${id}`,
  caseEvents: (id: string) => `wr:case-events:${id}`,
  caseIndex: 'wr:cases',
  caseSeq: 'wr:seq:case',
  events: 'wr:events',
  idempotency: (userId: string, key: string) => `wr:idem:${userId}:${key}`,
  user: (username: string) => `wr:user:${username}`,
  users: 'wr:users',
  userSeq: 'wr:seq:user',
  session: (token: string) => `wr:session:${token}`,
  userSessions: (userId: string) => `wr:user-sessions:${userId}`,
} as const;

export const BULL_PREFIX = 'wr:bull';
