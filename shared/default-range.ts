// The range the dashboard, the report and GET /api/stats cover when none is chosen. The rollout
// week from the config is the natural one, but a board used before or after that week would then
// show nothing but zeros beside a full board: so the week only when a case arrived in it, else the
// whole Danish days from the first case to the last, and the week again while there are no cases.
import type { StatsModel } from './stats.ts';
import { nextDayStart, parseInstant, type TimeRange } from './time-range.ts';
import { formatRosterTime, ROSTER_TIME_ZONE } from './roster.ts';

export type RangeBasis = 'rollout' | 'cases';

/** The start of the Danish day `at` falls in. */
export function dayStart(at: number, timeZone = ROSTER_TIME_ZONE): number {
  return parseInstant(formatRosterTime(new Date(at), timeZone).slice(0, 10), timeZone)!;
}

/** Whole Danish days from the one `first` falls in to the one `last` falls in, both included. */
export function wholeDays(span: { first: number; last: number }, timeZone = ROSTER_TIME_ZONE): TimeRange {
  return { from: dayStart(span.first, timeZone), to: nextDayStart(span.last, timeZone) };
}

/** The days the data covers (see StatsState.span), or null while no case has arrived. */
export function casesRange(model: Pick<StatsModel, 'state'>, timeZone = ROSTER_TIME_ZONE): TimeRange | null {
  return model.state.span ? wholeDays(model.state.span, timeZone) : null;
}

export function defaultRange(
  rollout: TimeRange,
  model: Pick<StatsModel, 'state' | 'hasArrivalIn'>,
  timeZone = ROSTER_TIME_ZONE,
): { range: TimeRange; basis: RangeBasis } {
  const cases = casesRange(model, timeZone);
  if (!cases || model.hasArrivalIn(rollout)) return { range: rollout, basis: 'rollout' };
  return { range: cases, basis: 'cases' };
}
