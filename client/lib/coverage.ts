// Coverage per hour: people on shift beside the cases that arrived, so the lead sees the hours
// where the booking is thin. Arrivals come from the statistics (GET /api/stats, hourly buckets).
import type { Shift } from '../../shared/roster.ts';

/** More arrivals per person on shift than this in an hour is thin booking. */
export const THIN_ARRIVALS_PER_PERSON = 3;

export interface HourCoverage {
  start: number;
  people: number;
  arrivals: number;
  /** null with nobody on shift. */
  perPerson: number | null;
  thin: boolean;
}

/** Each bucket's people on shift (anyone booked for part of the hour) and its arrivals. */
export function hourlyCoverage(
  shifts: readonly Shift[],
  buckets: readonly { start: string; end: string }[],
  arrivals: readonly number[],
  threshold = THIN_ARRIVALS_PER_PERSON,
): HourCoverage[] {
  if (buckets.length === 0) return [];
  const [from, to] = [Date.parse(buckets[0].start), Date.parse(buckets[buckets.length - 1].end)];
  // Only the shifts of the range, read once; a shift is at most 16 hours, so each touches few buckets.
  const near = shifts.map((s) => ({ u: s.username, a: Date.parse(s.start), e: Date.parse(s.end) })).filter((s) => s.a < to && s.e > from);
  return buckets.map((b, i) => {
    const [a, e] = [Date.parse(b.start), Date.parse(b.end)];
    const people = new Set(near.filter((s) => s.a < e && s.e > a).map((s) => s.u)).size;
    const n = arrivals[i] ?? 0;
    const perPerson = people > 0 ? n / people : null;
    return { start: a, people, arrivals: n, perPerson, thin: n > 0 && (perPerson === null || perPerson > threshold) };
  });
}
