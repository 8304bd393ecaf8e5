// The go-live curve: arrivals per centre by Danish day since its own go-live (day 0, 1, 2 …),
// which tells the lead when a wave has settled, and which centres have had no case yet.
//
// What is kept is small and grows by centre and day, never by case: arrivals per centre per
// Danish calendar day, counted one case.created at a time (StatsModel does it). The day since
// go-live is worked out when asked, from the settings as they are then, so a go-live date the
// lead moves applies at once, with no recount.
import { formatRosterTime } from './roster.ts';
import type { GoLiveCurve } from './stats-schemas.ts';
import { nextDayStart } from './time-range.ts';

/** Arrivals by centre id, then by Danish day ("2026-12-01"). */
export type ArrivalDays = Record<string, Record<string, number>>;

/** The days since go-live a curve shows (day 0 to day 29); arrivals later than that are summed. */
export const GO_LIVE_CURVE_DAYS = 30;

/** What the curve needs of a centre: its settings as they are now. */
export interface GoLiveCentre {
  id: string;
  goLive?: string;
  retired?: boolean;
}

// Events come mostly in time order: the day last asked for usually answers the next ask too.
let cached = { from: 0, to: 0, day: '' };

/** The Danish calendar day an instant falls in, "2026-12-01". */
export function danishDay(at: number): string {
  if (at >= cached.from && at < cached.to) return cached.day;
  const day = formatRosterTime(new Date(at)).slice(0, 10);
  const to = nextDayStart(at);
  // The day's start is the day before's end: found from the end, it is right at summer time too.
  const from = nextDayStart(to - 30 * 3_600_000);
  if (from <= at) cached = { from, to, day };
  return day;
}

/** Whole calendar days from one day to another ("2026-12-01" → "2026-12-03" is 2); summer time plays no part. */
export function daysBetween(from: string, to: string): number {
  const utc = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

export function countArrival(days: ArrivalDays, institution: string, at: number): void {
  const byDay = (days[institution] ??= {});
  const day = danishDay(at);
  byDay[day] = (byDay[day] ?? 0) + 1;
}

/**
 * The curve for the centres with a go-live day, the earliest wave first, from the arrivals
 * counted so far and the Danish day `today`. A retired centre keeps its curve (its history
 * stays); only the centres still in the rollout are listed as having had no case. A centre
 * the settings no longer name is left out.
 */
export function goLiveCurve(days: ArrivalDays, centres: readonly GoLiveCentre[], today: string, length = GO_LIVE_CURVE_DAYS): GoLiveCurve {
  const curve: GoLiveCurve = { today, days: length, centres: [], noCase: [] };
  for (const centre of centres) {
    const arrivals = days[centre.id] ?? {};
    let total = 0;
    for (const day in arrivals) total += arrivals[day];
    if (total === 0 && !centre.retired) curve.noCase.push({ institution: centre.id, goLive: centre.goLive ?? null });
    if (!centre.goLive) continue;
    const day = daysBetween(centre.goLive, today);
    const counts = new Array<number>(Math.max(0, Math.min(day + 1, length))).fill(0);
    let before = 0;
    let after = 0;
    for (const [date, n] of Object.entries(arrivals)) {
      const since = daysBetween(centre.goLive, date);
      if (since < 0) before += n;
      else if (since < counts.length) counts[since] += n;
      else after += n; // past the curve's length, or a day after today (a node's clock ahead)
    }
    curve.centres.push({ institution: centre.id, goLive: centre.goLive, day, before, counts, after, total, ...(centre.retired ? { retired: true } : {}) });
  }
  const byWave = (a: { goLive: string | null; institution: string }, b: { goLive: string | null; institution: string }) =>
    (a.goLive ?? '9999').localeCompare(b.goLive ?? '9999') || a.institution.localeCompare(b.institution);
  curve.centres.sort(byWave);
  curve.noCase.sort(byWave);
  return curve;
}

/** The centres whose go-live day is `today`: the board's "went live today" filter. */
export function liveOn(centres: readonly GoLiveCentre[], today: string): Set<string> {
  return new Set(centres.filter((c) => c.goLive === today).map((c) => c.id));
}
