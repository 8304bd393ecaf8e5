// The HTTP contract as JSON Schema (TypeBox): Fastify validates and serializes with
// these, and both sides get their static types from them.
import { Type, type Static } from 'typebox';
import { LIMITS } from './case.ts';
import { EVENT_ID_PATTERN } from './events.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

// Spelled out (not mapped from case.ts) so the static types stay literal unions.
export const PrioritySchema = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);
export const RoleSchema = Type.Union([Type.Literal('lead'), Type.Literal('member'), Type.Literal('reporter'), Type.Literal('viewer')]);
export const StatusSchema = Type.Union([
  Type.Literal('new'),
  Type.Literal('claimed'),
  Type.Literal('waiting'),
  Type.Literal('escalated'),
  Type.Literal('resolved'),
]);
export const VisibilitySchema = Type.Union([Type.Literal('internal'), Type.Literal('reporter')]);
export const EventIdSchema = Type.String({ pattern: EVENT_ID_PATTERN, maxLength: 40 });
export const CaseIdSchema = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });

export const ActorRefSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
});

export const NoteSchema = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  visibility: VisibilitySchema,
  author: ActorRefSchema,
  at: Type.String(),
});

const SlaClockSchema = Type.Object({
  targetMs: Nullable(Type.Number()),
  usedMs: Type.Number(),
  runningSince: Nullable(Type.String()),
  warned: Type.Boolean(),
  breached: Type.Boolean(),
  tightestMs: Type.Optional(Type.Number()),
});

export const CaseSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  institution: Type.String(),
  category: Nullable(Type.String()),
  priority: PrioritySchema,
  status: StatusSchema,
  assignee: Nullable(ActorRefSchema),
  reporter: ActorRefSchema,
  resolution: Nullable(Type.String()),
  waitingReason: Nullable(Type.String()),
  vendorRef: Nullable(Type.String()),
  notes: Type.Array(NoteSchema),
  sla: Type.Object({ claim: SlaClockSchema, resolve: SlaClockSchema }),
  similar: Type.Array(Type.Object({ caseId: Type.String(), score: Type.Number() })),
  problem: Nullable(Type.Object({ id: Type.String(), title: Type.String() })),
  suggestion: Nullable(Type.Object({ problemId: Type.String(), title: Type.String(), score: Type.Number() })),
  answer: Nullable(Type.Object({ id: Type.String(), title: Type.String(), url: Type.String() })),
  tags: Type.Array(Type.String()),
  enrichedAt: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** Each event type has its own data (shared/events.ts); on the wire it is any object, sent whole. */
const EventDataSchema = Type.Unsafe<object>(Type.Record(Type.String(), Type.Unknown()));

/** What every event says of itself, however it is sent. */
const eventHead = {
  id: Type.String(),
  type: Type.String(),
  caseId: Type.String(),
  at: Type.String(),
  actor: ActorRefSchema,
  data: EventDataSchema,
};

export const EventSchema = Type.Object({ ...eventHead, case: CaseSchema });

/** An event in the JSON export: as stored, without the case after it (the cases export has those). */
export const ExportedEventSchema = Type.Object(eventHead);

/** An event as stored (GET /api/cases/:id, the privacy export): the case's version after it instead of a copy of the case. */
export const LeanEventSchema = Type.Object({ ...eventHead, version: Type.Integer() });

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  institution: Type.Optional(Nullable(Type.String())),
});
export type PublicUser = Static<typeof UserSchema>;
/** The signed-in user as the session answers: a member with a limit on cases in progress also learns it. */
export const SessionUserSchema = Type.Object({ ...UserSchema.properties, wipLimit: Type.Optional(Nullable(Type.Integer())) });
export type SessionUser = Static<typeof SessionUserSchema>;

/** params: what the client needs to word the refusal itself (e.g. case_full's kind and limit). */
const ErrorBody = Type.Object({
  code: Type.String(),
  message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export const ErrorSchema = Type.Object({ error: ErrorBody });
/**
 * An answer that is not JSON (a CSV download, an image, Prometheus text): documented by its
 * content type; Fastify sends such a body as it is.
 */
export const NotJson = (contentType: string, description: string) => ({ description, content: { [contentType]: { schema: Type.String() } } });

/** A refusal of a file (a roster, an account list): `line` is the file's line at fault. */
export const LineErrorSchema = Type.Object({ error: ErrorBody, line: Type.Optional(Type.Integer()) });

export const ConflictSchema = Type.Object({
  error: ErrorBody,
  case: Type.Optional(CaseSchema),
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: LIMITS.username }),
    password: Type.String({ minLength: 1, maxLength: LIMITS.password }),
  },
  { additionalProperties: false },
);

export const CreateCaseBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: LIMITS.title }),
    description: Type.Optional(Type.String({ maxLength: LIMITS.description })),
    institution: Type.String({ minLength: 1, maxLength: 100 }),
    category: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    priority: Type.Optional(PrioritySchema),
  },
  { additionalProperties: false },
);
export type CreateCaseInput = Static<typeof CreateCaseBody>;
/** Described, not constrained: the route checks the key itself, with a message that says what to fix. */
export const CreateCaseHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ description: `1-${LIMITS.idempotencyKey} visible ASCII characters; the same key (per user) always yields the same case` }),
  ),
});

export const AnswerIdSchema = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
export const ProblemIdSchema = Type.String({ pattern: '^[1-9][0-9]{0,15}$' });
export const ResolveBody = Type.Object(
  { resolution: Type.String({ minLength: 1, maxLength: LIMITS.resolution }), answerId: Type.Optional(Nullable(AnswerIdSchema)) },
  { additionalProperties: false },
);
export const LinkBody = Type.Object({ problemId: ProblemIdSchema }, { additionalProperties: false });
export const ReopenBody = Type.Object(
  { reason: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.reason }))) },
  { additionalProperties: false },
);
export const EmptyBody = Type.Object({}, { additionalProperties: false });
export const WaitBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: LIMITS.reason }) },
  { additionalProperties: false },
);
export const EscalateBody = Type.Object(
  {
    note: Type.String({ minLength: 1, maxLength: LIMITS.note }),
    vendorRef: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.vendorRef }))),
  },
  { additionalProperties: false },
);
export const VendorRefBody = Type.Object(
  { vendorRef: Type.String({ minLength: 1, maxLength: LIMITS.vendorRef }) },
  { additionalProperties: false },
);
export const AssignBody = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export const PriorityBody = Type.Object({ priority: PrioritySchema }, { additionalProperties: false });
/** A category id from the rollout config (GET /api/categories); the server checks it is one. */
export const CategoryBody = Type.Object({ category: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const NoteBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: LIMITS.note }), visibility: VisibilitySchema },
  { additionalProperties: false },
);

export const CaseParams = Type.Object({ id: CaseIdSchema });
/** How far back `GET /api/cases` reaches for resolved cases without paging. */
export const RECENT_RESOLVED_MS = 24 * 3600_000;
export const CASE_PAGE = { default: 100, max: 500 } as const;
/** An ISO date-time, optionally followed by `_<caseId>`: the cursor of a page of resolved cases. */
export const RESOLVED_CURSOR_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3})?)?(Z|[+-][0-9]{2}:[0-9]{2})(_[1-9][0-9]{0,15})?$';
export const CasesQuery = Type.Object(
  {
    resolvedBefore: Type.Optional(Type.String({ pattern: RESOLVED_CURSOR_PATTERN, maxLength: 60 })),
    // A query string is text (no type coercion in this app), so the number is checked as digits.
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
  },
  { additionalProperties: false },
);

export const EventsQuery = Type.Object({ since: Type.Optional(EventIdSchema) }, { additionalProperties: false });
/** The feed's query: `batch=1` sends each batch of events as one JSON array. */
export const FeedQuery = Type.Object(
  {
    since: Type.Optional(EventIdSchema),
    batch: Type.Optional(Type.Enum(['0', '1'])),
  },
  { additionalProperties: false },
);

/** A retired centre or category is not offered for new cases; its cases keep its name. */
/** A centre; `goLive` is its go-live day ("2026-12-01", Danish), when the settings name one. */
export const InstitutionSchema = Type.Object({ id: Type.String(), name: Type.String(), goLive: Type.Optional(Type.String()), retired: Type.Optional(Type.Boolean()) });
/** GET /api/rollout: whose rollout, and its week (dates as the config names them). */
export const RolloutInfoSchema = Type.Object({
  municipality: Type.String(),
  rollout: Type.Object({ name: Type.String(), start: Type.String(), end: Type.String() }),
});
export const CategorySchema = Type.Object({ id: Type.String(), da: Type.String(), en: Type.String(), retired: Type.Optional(Type.Boolean()) });
