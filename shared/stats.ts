// The lead's statistics, kept up to date one event at a time. Pure and plain JSON, so the server
// builds it once from the whole log and then applies each new event, and a browser can take the
// server's snapshot (GET /api/stats/model) and go on with the case:event stream it receives.
//
// How the figures are counted (the judgement calls):
// - Arrivals are case.created events; a case counts under its category as it is now (the intake
//   fills it in after arrival). A reopen is not a new arrival.
// - Everything else in the range is counted by when it happened: a claim, a resolution, an
//   escalation, an SLA outcome falls in the bucket or range of its own moment.
// - A case's "run" starts at its creation and starts over at a reopen, as its SLA clocks do.
//   Time to claim is run start → the first time the case left "new" in that run (a release and
//   a new claim do not count again); time to resolve is run start → resolved, wall clock, so
//   time spent waiting on the reporter or the vendor is included: it is what the institution
//   waited. The SLA figures give the view with those pauses taken out.
// - SLA compliance counts each clock run with a target once: breached at its case.sla_breached
//   event (or at completion if the clock had run past its target unflagged), met when the case
//   was claimed (claim clock) or resolved (resolve clock) inside the target.
// - Escalation rate is a cohort figure: of the cases that arrived in the range, the share that
//   was escalated to the vendor at any time so far.
// - Percentiles are nearest-rank: p50 of 4 samples is the 2nd smallest, p90 the 4th.
// Events must be applied in log order; one whose id is not after the last applied is a repeat
// and is ignored, exactly as the board drops a repeated event.
import { OPEN_CLAIM_STATUSES, PRIORITIES, STATUSES, type CaseStatus, type Priority } from './case.ts';
import { compareEventIds, type CaseEvent } from './events.ts';
import { countArrival } from './go-live-curve.ts';
import type { Shift } from './roster.ts';
import { usedMs, type SlaClockKind } from './sla.ts';
import type { BucketSize, CaseFacts, DurationStat, Stats, StatsState } from './stats-schemas.ts';
import { bucketStarts, type TimeRange } from './time-range.ts';

export const EMPTY_LOG = '0-0';
const HOUR = 3_600_000;

export function emptyStatsState(): StatsState {
  return { lastEventId: EMPTY_LOG, cases: {}, moves: [], claims: [], resolutions: [], slaOutcomes: [], escalations: [], names: {}, span: null, arrivalDays: {} };
}

/** What the model reads: the stored event, or the board's copy of it (the same shape). */
export type StatsEvent = CaseEvent;

export interface StatsQuery {
  range: TimeRange;
  bucket: BucketSize;
  shifts: readonly Shift[];
  timeZone?: string;
}

export class StatsModel {
  readonly state: StatsState;

  /** From a snapshot (taken over, not copied) or empty. */
  constructor(state: StatsState = emptyStatsState()) {
    this.state = state;
  }

  static fromEvents(events: Iterable<StatsEvent>): StatsModel {
    const model = new StatsModel();
    for (const e of events) model.apply(e);
    return model;
  }

  get lastEventId(): string {
    return this.state.lastEventId;
  }

  /** A copy to hand out while the model goes on changing. */
  snapshot(): StatsState {
    return structuredClone(this.state);
  }

  /** Applies one event; false when it was not after the last one applied (a repeat). */
  apply(event: StatsEvent): boolean {
    const s = this.state;
    if (compareEventIds(event.id, s.lastEventId) <= 0) return false;
    s.lastEventId = event.id;
    const after = event.case;
    let at = Date.parse(event.at);
    if (after.assignee) s.names[after.assignee.username] = after.assignee.name;
    const facts = s.cases[event.caseId];
    if (!facts) {
      // Without its creation (a log that was trimmed) a case has no start to count from.
      if (event.type !== 'case.created') return true;
      this.widenSpan(at);
      s.cases[event.caseId] = {
        createdAt: at,
        movedAt: at,
        institution: after.institution,
        category: after.category,
        priority: after.priority,
        status: after.status,
        assignee: after.assignee?.username ?? null,
        runStart: at,
        claimedInRun: false,
        claimDecided: false,
        resolveDecided: false,
        escalated: false,
      };
      this.addMove(at, null, after.status);
      countArrival(s.arrivalDays, after.institution, at);
      return true;
    }
    // Two nodes' clocks may disagree by a little; a case's own moves must not go back in time,
    // or the cumulative flow would briefly count it in two columns.
    at = Math.max(at, facts.movedAt);
    this.widenSpan(at);
    const before = facts.status;
    facts.institution = after.institution;
    facts.category = after.category;
    facts.priority = after.priority;
    facts.assignee = after.assignee?.username ?? null;

    if (event.type === 'case.escalated') {
      facts.escalated = true;
      s.escalations.push(at);
    }
    if (event.type === 'case.sla_breached') this.decideSla(facts, event.data.clock, at, false, after.sla[event.data.clock].targetMs);
    if (after.status === before) return true;

    this.addMove(at, before, after.status);
    facts.status = after.status;
    facts.movedAt = at;
    if (before === 'resolved') {
      // Reopened: a fresh request, as its SLA clocks start over.
      Object.assign(facts, { runStart: at, claimedInRun: false, claimDecided: false, resolveDecided: false });
    }
    if (before === 'new' && !facts.claimedInRun) {
      facts.claimedInRun = true;
      s.claims.push({ at, priority: after.priority, ms: at - facts.runStart });
      this.completeSla(facts, 'claim', event, at);
    }
    if (after.status === 'resolved') {
      const member = after.assignee?.username ?? event.actor.username;
      if (!after.assignee) s.names[member] = event.actor.name;
      const library = event.type === 'case.resolved' && citesLibraryAnswer(event.data);
      s.resolutions.push({ at, priority: after.priority, ms: at - facts.runStart, member, library });
      this.completeSla(facts, 'resolve', event, at);
    }
    return true;
  }

  private widenSpan(at: number) {
    const span = this.state.span;
    if (!span) this.state.span = { first: at, last: at };
    else {
      span.first = Math.min(span.first, at);
      span.last = Math.max(span.last, at);
    }
  }

  /** Whether a case arrived in the range: the span answers most asks without looking at a case. */
  hasArrivalIn(range: TimeRange): boolean {
    const span = this.state.span;
    if (!span || span.last < range.from || span.first >= range.to) return false;
    for (const id in this.state.cases) {
      const at = this.state.cases[id].createdAt;
      if (at >= range.from && at < range.to) return true;
    }
    return false;
  }

  private completeSla(facts: CaseFacts, clock: SlaClockKind, event: StatsEvent, at: number) {
    const c = event.case.sla[clock];
    if (c.targetMs === null) return;
    // The timer may not have fired (no worker ran): the clock itself says whether it ran over.
    this.decideSla(facts, clock, at, !c.breached && usedMs(c, at) < c.targetMs, c.targetMs);
  }

  private decideSla(facts: CaseFacts, clock: SlaClockKind, at: number, met: boolean, targetMs: number | null) {
    const key = clock === 'claim' ? 'claimDecided' : 'resolveDecided';
    if (targetMs === null || facts[key]) return;
    facts[key] = true;
    this.state.slaOutcomes.push({ at, clock, met });
  }

  private addMove(at: number, from: CaseStatus | null, to: CaseStatus) {
    const moves = this.state.moves;
    let i = moves.length;
    while (i > 0 && moves[i - 1].at > at) i--;
    moves.splice(i, 0, { at, from, to });
  }

  query(q: StatsQuery): Stats {
    const s = this.state;
    const { from, to } = q.range;
    const starts = bucketStarts(q.range, q.bucket, q.timeZone);
    const ends = [...starts.slice(1), to];
    const n = starts.length;
    const inRange = (at: number) => at >= from && at < to;
    const bucketOf = (at: number) => upperBound(starts, at) - 1;
    const zeros = () => new Array<number>(n).fill(0);

    // Arrivals
    const total = zeros();
    const byCategory = new Map<string | null, number[]>();
    const byInstitution = new Map<string, number[]>();
    let arrivals = 0;
    let escalatedCases = 0;
    for (const c of Object.values(s.cases)) {
      if (!inRange(c.createdAt)) continue;
      const i = bucketOf(c.createdAt);
      arrivals++;
      if (c.escalated) escalatedCases++;
      total[i]++;
      bump(byCategory, c.category, i, zeros);
      bump(byInstitution, c.institution, i, zeros);
    }

    // Cumulative flow: every move before a bucket's end counts.
    const backlog = Object.fromEntries(STATUSES.map((st) => [st, zeros()])) as Record<CaseStatus, number[]>;
    const now = Object.fromEntries(STATUSES.map((st) => [st, 0])) as Record<CaseStatus, number>;
    let j = 0;
    for (let b = 0; b < n; b++) {
      for (; j < s.moves.length && s.moves[j].at < ends[b]; j++) {
        const m = s.moves[j];
        if (m.from !== null && m.from in now) now[m.from]--;
        if (m.to in now) now[m.to]++;
      }
      for (const st of STATUSES) backlog[st][b] = now[st];
    }

    // Booked capacity: a shift is at most 16 hours (MAX_SHIFT_HOURS), so it touches only a few buckets.
    const people = starts.map(() => new Set<string>());
    const hours = zeros();
    for (const shift of q.shifts) {
      const a = Math.max(Date.parse(shift.start), from);
      const e = Math.min(Date.parse(shift.end), to);
      if (a >= e) continue;
      for (let b = bucketOf(a); b < n && starts[b] < e; b++) {
        const overlap = Math.min(e, ends[b]) - Math.max(a, starts[b]);
        if (overlap <= 0) continue;
        people[b].add(shift.username);
        hours[b] += overlap;
      }
    }

    const claims = s.claims.filter((c) => inRange(c.at));
    const resolutions = s.resolutions.filter((r) => inRange(r.at));
    const outcomes = s.slaOutcomes.filter((o) => inRange(o.at));
    const escalationEvents = s.escalations.filter(inRange).length;
    const library = resolutions.filter((r) => r.library).length;

    const members = new Map<string, { openClaims: number; resolved: number }>();
    const member = (u: string) => members.get(u) ?? members.set(u, { openClaims: 0, resolved: 0 }).get(u)!;
    for (const c of Object.values(s.cases)) {
      if (c.assignee && OPEN_CLAIM_STATUSES.includes(c.status)) member(c.assignee).openClaims++;
    }
    for (const r of resolutions) if (r.member) member(r.member).resolved++;

    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket: q.bucket,
      lastEventId: s.lastEventId,
      buckets: starts.map((start, b) => ({ start: new Date(start).toISOString(), end: new Date(ends[b]).toISOString() })),
      arrivals: {
        count: arrivals,
        total,
        byCategory: ranked(byCategory).map(([category, counts]) => ({ category, count: sum(counts), counts })),
        byInstitution: ranked(byInstitution).map(([institution, counts]) => ({ institution, count: sum(counts), counts })),
      },
      backlog,
      capacity: { people: people.map((p) => p.size), hours: hours.map((ms) => Math.round((ms / HOUR) * 100) / 100) },
      timeToClaim: durations(claims),
      timeToResolve: durations(resolutions),
      sla: { claim: compliance(outcomes.filter((o) => o.clock === 'claim')), resolve: compliance(outcomes.filter((o) => o.clock === 'resolve')) },
      escalations: { events: escalationEvents, cases: escalatedCases, rate: arrivals > 0 ? escalatedCases / arrivals : null },
      answers: { resolutions: resolutions.length, withLibraryAnswer: library, share: resolutions.length > 0 ? library / resolutions.length : null },
      members: [...members.entries()]
        .map(([username, m]) => ({ username, name: s.names[username] ?? username, ...m }))
        .sort((a, b) => b.openClaims - a.openClaims || b.resolved - a.resolved || a.username.localeCompare(b.username)),
    };
  }
}

/**
 * Whether a resolution cites an answer from the library: `answer: {id, …}` as decide writes it,
 * or a bare `answerId`, so either shape of the data is counted.
 */
export function citesLibraryAnswer(data: object): boolean {
  const d = data as { answerId?: unknown; answer?: { id?: unknown } | null };
  return typeof d.answerId === 'string' || typeof d.answer?.id === 'string';
}

/** The first index whose value is greater than `at`, in an ascending list. */
function upperBound(sorted: readonly number[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bump<K>(map: Map<K, number[]>, key: K, i: number, zeros: () => number[]) {
  const counts = map.get(key) ?? map.set(key, zeros()).get(key)!;
  counts[i]++;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The busiest first; ties by name, the uncategorised last. */
function ranked<K extends string | null>(map: Map<K, number[]>): [K, number[]][] {
  return [...map.entries()].sort(([ka, a], [kb, b]) => sum(b) - sum(a) || (ka === null ? 1 : kb === null ? -1 : ka.localeCompare(kb)));
}

/** Nearest rank: the smallest sample with at least p of all samples at or below it. */
export function percentile(sortedAsc: readonly number[], p: number): number | null {
  if (sortedAsc.length === 0) return null;
  return sortedAsc[Math.max(0, Math.ceil(p * sortedAsc.length) - 1)];
}

function durationStat(samples: readonly { ms: number }[]): DurationStat {
  const sorted = samples.map((x) => x.ms).sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9) };
}

function durations(samples: readonly { ms: number; priority: Priority }[]) {
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, durationStat(samples.filter((x) => x.priority === p))])) as Record<Priority, DurationStat>;
  return { all: durationStat(samples), byPriority };
}

function compliance(outcomes: readonly { met: boolean }[]) {
  const met = outcomes.filter((o) => o.met).length;
  const breached = outcomes.length - met;
  return { met, breached, compliance: outcomes.length > 0 ? met / outcomes.length : null };
}
