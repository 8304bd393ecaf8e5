// The lead's statistics as JSON Schema (TypeBox): Fastify serializes GET /api/stats and
// GET /api/stats/model with these, and the client takes its types from them.
import { Type, type Static } from 'typebox';
import { DeflectionCountsSchema } from './suggestion-schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Counts = Type.Array(Type.Integer({ minimum: 0 }));
const Status = Type.Union([Type.Literal('new'), Type.Literal('claimed'), Type.Literal('waiting'), Type.Literal('escalated'), Type.Literal('resolved')]);
const Priority = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);

export const BucketSchema = Type.Union([Type.Literal('hour'), Type.Literal('day')]);
export type BucketSize = Static<typeof BucketSchema>;

// Free strings, checked by hand (shared/stats-range.ts), so a mistake gets a message that says what to write.
export const RangeQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    bucket: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

/** p50 and p90 by nearest rank over `count` samples, in milliseconds; null without samples. */
export const DurationStatSchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  p50Ms: Nullable(Type.Number()),
  p90Ms: Nullable(Type.Number()),
});
export type DurationStat = Static<typeof DurationStatSchema>;

const DurationsSchema = Type.Object({
  all: DurationStatSchema,
  byPriority: Type.Object({ low: DurationStatSchema, normal: DurationStatSchema, high: DurationStatSchema, urgent: DurationStatSchema }),
});

export const SlaComplianceSchema = Type.Object({
  met: Type.Integer({ minimum: 0 }),
  breached: Type.Integer({ minimum: 0 }),
  /** met / (met + breached); null while nothing was decided in the range. */
  compliance: Nullable(Type.Number()),
});

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/**
 * Arrivals per centre by Danish day since its own go-live (shared/go-live-curve.ts), from the
 * settings as they are now: not bound to the range asked for.
 */
export const GoLiveCurveSchema = Type.Object({
  /** The Danish day the curve was made on. */
  today: Day,
  /** How many days after go-live a curve runs at most (day 0 to days − 1). */
  days: Type.Integer({ minimum: 1 }),
  /** The centres with a go-live day, the earliest wave first; retired ones keep their history. */
  centres: Type.Array(
    Type.Object({
      institution: Type.String(),
      goLive: Day,
      /** Today's day since go-live: 0 on the day, negative while it is still to come. */
      day: Type.Integer(),
      /** Arrivals before go-live. */
      before: Type.Integer({ minimum: 0 }),
      /** Arrivals on day 0, 1, … up to today (at most `days`); empty before go-live. */
      counts: Counts,
      /** Arrivals after the curve's last day. */
      after: Type.Integer({ minimum: 0 }),
      total: Type.Integer({ minimum: 0 }),
      retired: Type.Optional(Type.Boolean()),
    }),
  ),
  /** The centres still in the rollout that have had no case yet, the earliest wave first. */
  noCase: Type.Array(Type.Object({ institution: Type.String(), goLive: Nullable(Day) })),
});
export type GoLiveCurve = Static<typeof GoLiveCurveSchema>;

export const StatsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  bucket: BucketSchema,
  /** The last event the figures include. */
  lastEventId: Type.String(),
  /** Consecutive, clipped to [from, to): the first and last may be shorter than an hour or a day. */
  buckets: Type.Array(Type.Object({ start: Type.String(), end: Type.String() })),
  arrivals: Type.Object({
    count: Type.Integer({ minimum: 0 }),
    total: Counts,
    /** Only the categories and institutions with an arrival in the range, the busiest first. */
    byCategory: Type.Array(Type.Object({ category: Nullable(Type.String()), count: Type.Integer(), counts: Counts })),
    byInstitution: Type.Array(Type.Object({ institution: Type.String(), count: Type.Integer(), counts: Counts })),
  }),
  /** Cumulative flow: cases in each status at the end of each bucket. */
  backlog: Type.Object({ new: Counts, claimed: Counts, waiting: Counts, escalated: Counts, resolved: Counts }),
  /** From the roster: people with a shift overlapping each bucket, and their booked hours in it. */
  capacity: Type.Object({ people: Counts, hours: Type.Array(Type.Number()) }),
  timeToClaim: DurationsSchema,
  timeToResolve: DurationsSchema,
  sla: Type.Object({ claim: SlaComplianceSchema, resolve: SlaComplianceSchema }),
  escalations: Type.Object({
    /** case.escalated events in the range. */
    events: Type.Integer({ minimum: 0 }),
    /** Cases that arrived in the range and were escalated (at any time so far). */
    cases: Type.Integer({ minimum: 0 }),
    /** cases / arrivals.count; null without arrivals. */
    rate: Nullable(Type.Number()),
  }),
  answers: Type.Object({
    /** Resolutions in the range. */
    resolutions: Type.Integer({ minimum: 0 }),
    /** Of those, the ones answered with a library answer (case.resolved carrying an answerId). */
    withLibraryAnswer: Type.Integer({ minimum: 0 }),
    share: Nullable(Type.Number()),
  }),
  members: Type.Array(
    Type.Object({
      username: Type.String(),
      name: Type.String(),
      /** Claimed, waiting or escalated cases held now, whatever the range. */
      openClaims: Type.Integer({ minimum: 0 }),
      /** Resolutions in the range credited to the case's holder. */
      resolved: Type.Integer({ minimum: 0 }),
    }),
  ),
  /**
   * "Det løste det" in the range: problems solved by a notice or an answer shown while a
   * superuser typed, with no case sent. Not from the case events, so GET /api/stats adds it and
   * the live model (GET /api/stats/model) has none; GET /api/stats/deflections gives it alone.
   */
  deflections: Type.Optional(DeflectionCountsSchema),
  /** The go-live curve, from the settings as they are now; GET /api/stats adds it, the live model keeps only its counts (`arrivalDays`). */
  goLive: Type.Optional(GoLiveCurveSchema),
});
export type Stats = Static<typeof StatsSchema>;

const Range = Type.Object({ from: Type.String(), to: Type.String() });
/** GET /api/stats/ranges: the ranges a dashboard or report starts from (ISO instants, [from, to)). */
export const StatsRangesSchema = Type.Object({
  /** The rollout week from the config, its last day included. */
  rollout: Range,
  /** Whole Danish days from the first case's arrival to the latest event on a case; null without cases. */
  cases: Nullable(Range),
  /** What GET /api/stats covers when no range is named: the rollout week if a case arrived in it, else `cases`. */
  default: Range,
  basis: Type.Union([Type.Literal('rollout'), Type.Literal('cases')]),
});
export type StatsRanges = Static<typeof StatsRangesSchema>;

// The model's own state, plain JSON, so GET /api/stats/model can hand a browser a snapshot
// to go on from with the case:event stream (see shared/stats.ts).
const CaseFactsSchema = Type.Object({
  createdAt: Type.Number(),
  /** The time of its last status move. */
  movedAt: Type.Number(),
  institution: Type.String(),
  category: Nullable(Type.String()),
  priority: Priority,
  status: Status,
  assignee: Nullable(Type.String()),
  /** When the current run began: created, or the last reopen. */
  runStart: Type.Number(),
  claimedInRun: Type.Boolean(),
  claimDecided: Type.Boolean(),
  resolveDecided: Type.Boolean(),
  escalated: Type.Boolean(),
});
export type CaseFacts = Static<typeof CaseFactsSchema>;

export const StatsStateSchema = Type.Object({
  lastEventId: Type.String(),
  cases: Type.Record(Type.String(), CaseFactsSchema),
  /** Status moves, sorted by time; `from` null for a new case. */
  moves: Type.Array(Type.Object({ at: Type.Number(), from: Nullable(Status), to: Status })),
  claims: Type.Array(Type.Object({ at: Type.Number(), priority: Priority, ms: Type.Number() })),
  resolutions: Type.Array(Type.Object({ at: Type.Number(), priority: Priority, ms: Type.Number(), member: Nullable(Type.String()), library: Type.Boolean() })),
  slaOutcomes: Type.Array(Type.Object({ at: Type.Number(), clock: Type.Union([Type.Literal('claim'), Type.Literal('resolve')]), met: Type.Boolean() })),
  escalations: Type.Array(Type.Number()),
  /** Display names by username, as last seen on a case. */
  names: Type.Record(Type.String(), Type.String()),
  /**
   * When the data begins and ends: the first case's arrival and the latest event on any case
   * (epoch ms); null while no case has arrived. The default range follows it (shared/default-range.ts).
   */
  span: Nullable(Type.Object({ first: Type.Number(), last: Type.Number() })),
  /** Arrivals by centre, then by Danish day ("2026-12-01"): what the go-live curve is read from. */
  arrivalDays: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
});
export type StatsState = Static<typeof StatsStateSchema>;
