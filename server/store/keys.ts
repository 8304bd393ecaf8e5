// Every Redis key the product uses, in one place.
export const keys = {
  case: (id: string) => `wr:case:${id}`,
  caseEvents: (id: string) => `wr:case-events:${id}`,
  caseIndex: 'wr:cases',
  /** The ids of the cases a team member has in progress, for the WIP limit. */
  inProgress: (userId: string) => `wr:in-progress:${userId}`,
  caseSeq: 'wr:seq:case',
  /** Indexes kept by the commit script, so a request reads only the cases it shows. */
  openCases: 'wr:cases:open',
  /** Resolved cases scored by the time of their resolution, for the board and its history. */
  resolvedCases: 'wr:cases:resolved',
  institutionOpen: (institution: string) => `wr:inst-open:${institution}`,
  institutionResolved: (institution: string) => `wr:inst-resolved:${institution}`,
  problemCases: (problemId: string) => `wr:problem-cases:${problemId}`,
  answerCases: (answerId: string) => `wr:answer-cases:${answerId}`,
  /** The cases whose intake named this case as similar (the matches' back references). */
  similarTo: (caseId: string) => `wr:similar-to:${caseId}`,
  /** Synonyms learned from links: term → learned concept (server/store/synonym-store.ts); rebuilt from the log. */
  synonyms: 'wr:synonyms',
  /** Set once the indexes above were built for data stored before they existed. */
  caseIndexesBuilt: 'wr:case-indexes',
  events: 'wr:events',
  /** Counts the rewrites of wr:events (erasures, purges), so a reader of the whole log (a backup) can tell one happened meanwhile. */
  logRewrites: 'wr:log-rewrites',
  idempotency: (userId: string, key: string) => `wr:idem:${userId}:${key}`,
  user: (username: string) => `wr:user:${username}`,
  users: 'wr:users',
  /** Account id → username, and the usernames of leads and members (the bookable team). */
  userIds: 'wr:user-ids',
  teamUsers: 'wr:users:team',
  userIndexesBuilt: 'wr:user-indexes',
  userSeq: 'wr:seq:user',
  session: (token: string) => `wr:session:${token}`,
  userSessions: (userId: string) => `wr:user-sessions:${userId}`,
  roster: 'wr:roster',
  /** Prefixes of the problem and answer documents (see library-store.ts). */
  problems: 'wr:problem',
  answers: 'wr:answer',
  /** Raised with every write of a problem or an answer: the suggestions' index is rebuilt when it moves. */
  libraryChanges: 'wr:library-changes',
  /** Stream of "Det løste det": a superuser's centre and what solved it, by time (see deflection-store.ts). */
  deflections: 'wr:deflections',
  /** Boards online and the case each has open, one field per socket. */
  presence: 'wr:presence',
  /** Sorted set, one member per worker process whose queue workers run, scored by when it runs out (ms); /api/ready counts the live ones. */
  workersAlive: 'wr:workers:beats',
  /** The rollout's settings: the document, its version, who saved it and when (see server/settings/). */
  settings: 'wr:settings',
  passwordLink: (tokenHash: string) => `wr:password-link:${tokenHash}`,
  userPasswordLink: (username: string) => `wr:user-password-link:${username}`,
} as const;

export const BULL_PREFIX = 'wr:bull';
