// SLA clocks: time-to-claim and time-to-resolve, per priority. A clock stores the time it
// has used and since when it runs, so pausing (waiting on the reporter or the vendor) and
// restarting are plain arithmetic, and any process can recompute its deadlines from the case.
import type { CaseStatus, Priority } from './case.ts';

export const SLA_CLOCKS = ['claim', 'resolve'] as const;
export type SlaClockKind = (typeof SLA_CLOCKS)[number];
export type SlaLevel = 'warning' | 'breached';

/** A warning is raised when this share of the target has been used. */
export const WARN_AT = 0.8;

export interface SlaTargets {
  /** null: no target for this priority. */
  claimMs: number | null;
  resolveMs: number | null;
}

export type SlaPolicy = Record<Priority, SlaTargets>;

export interface SlaClock {
  targetMs: number | null;
  usedMs: number;
  /** When the clock last started; null while it is stopped. */
  runningSince: string | null;
  warned: boolean;
  breached: boolean;
  /** The shortest target this clock ran under before its present, longer one; absent when that is the present one. */
  tightestMs?: number;
}

export interface CaseSla {
  claim: SlaClock;
  resolve: SlaClock;
}

export const NO_TARGETS: SlaTargets = { claimMs: null, resolveMs: null };

/** Which states a clock runs in: the claim clock until someone takes the case, the resolve clock until it is done, paused while it waits. */
export function clockRuns(kind: SlaClockKind, status: CaseStatus): boolean {
  return kind === 'claim' ? status === 'new' : status === 'new' || status === 'claimed';
}

function freshClock(targetMs: number | null, runs: boolean, at: string): SlaClock {
  return { targetMs, usedMs: 0, runningSince: runs ? at : null, warned: false, breached: false };
}

/** Clocks for a case that starts (or starts over) in `status` at `at`. */
export function startSla(targets: SlaTargets, status: CaseStatus, at: string): CaseSla {
  return {
    claim: freshClock(targets.claimMs, clockRuns('claim', status), at),
    resolve: freshClock(targets.resolveMs, clockRuns('resolve', status), at),
  };
}

const ms = (iso: string) => Date.parse(iso);

/** Stops or starts each clock as the case moves into `status` at `at`. */
export function moveSla(sla: CaseSla, status: CaseStatus, at: string): CaseSla {
  const step = (kind: SlaClockKind): SlaClock => {
    const clock = sla[kind];
    const runs = clockRuns(kind, status);
    if (runs && clock.runningSince === null) return { ...clock, runningSince: at };
    if (!runs && clock.runningSince !== null) {
      return { ...clock, usedMs: clock.usedMs + Math.max(0, ms(at) - ms(clock.runningSince)), runningSince: null };
    }
    return clock;
  };
  return { claim: step('claim'), resolve: step('resolve') };
}

/**
 * New targets after a priority change at `at`. The time already used stays used, unless the new
 * target would count the case as breached the moment it is raised: a case made urgent an hour
 * after it came in was not late under its old priority, so its new, shorter clock starts at the
 * raise. A clock already breached under its old target stays breached, and one that ran under a
 * target as short before does not start over.
 */
export function retargetSla(sla: CaseSla, targets: SlaTargets, at: string): CaseSla {
  const step = (clock: SlaClock, targetMs: number | null): SlaClock => {
    // Only a target shorter than any the clock has run under starts it over: lowering a priority
    // and raising it back (a mis-click and its correction) gives no fresh time.
    const tightest = Math.min(clock.tightestMs ?? Infinity, clock.targetMs ?? Infinity);
    const { tightestMs: _was, ...plain } = clock;
    const next: SlaClock = tightest < (targetMs ?? Infinity) ? { ...plain, targetMs, tightestMs: tightest } : { ...plain, targetMs };
    if (targetMs === null || clock.breached || usedMs(clock, ms(at)) < targetMs || targetMs >= tightest) return next;
    return { ...next, usedMs: 0, runningSince: clock.runningSince === null ? null : at, warned: false };
  };
  return { claim: step(sla.claim, targets.claimMs), resolve: step(sla.resolve, targets.resolveMs) };
}

export function usedMs(clock: SlaClock, now: number): number {
  return clock.usedMs + (clock.runningSince === null ? 0 : Math.max(0, now - ms(clock.runningSince)));
}

/** Milliseconds left before the breach (negative once breached); null when the clock has no target. */
export function timeLeftMs(clock: SlaClock, now: number): number | null {
  return clock.targetMs === null ? null : clock.targetMs - usedMs(clock, now);
}

function thresholdMs(clock: SlaClock, level: SlaLevel): number {
  return level === 'warning' ? clock.targetMs! * WARN_AT : clock.targetMs!;
}

function pending(clock: SlaClock): SlaLevel[] {
  if (clock.targetMs === null) return [];
  const levels: SlaLevel[] = [];
  if (!clock.warned && !clock.breached) levels.push('warning');
  if (!clock.breached) levels.push('breached');
  return levels;
}

/**
 * The warnings and breaches that are due at `now` and not yet raised. A clock that passed
 * both thresholds unseen (the server was down) raises both, warning first, so the log
 * still tells the whole story; a flag, once set, is never raised again.
 */
export function dueSla(sla: CaseSla, now: number): { clock: SlaClockKind; level: SlaLevel }[] {
  const due: { clock: SlaClockKind; level: SlaLevel }[] = [];
  for (const kind of SLA_CLOCKS) {
    const clock = sla[kind];
    // A stopped clock cannot cross a threshold; whatever it crossed before stopping was raised then.
    if (clock.runningSince === null) continue;
    for (const level of pending(clock)) {
      if (usedMs(clock, now) >= thresholdMs(clock, level)) due.push({ clock: kind, level });
    }
  }
  return due;
}

/** When the next warning or breach falls due (epoch ms), or null when no running clock has one ahead. */
export function nextSlaDue(sla: CaseSla): number | null {
  let next: number | null = null;
  for (const kind of SLA_CLOCKS) {
    const clock = sla[kind];
    if (clock.runningSince === null) continue;
    for (const level of pending(clock)) {
      const at = ms(clock.runningSince) + thresholdMs(clock, level) - clock.usedMs;
      if (next === null || at < next) next = at;
    }
  }
  return next;
}
