// One shift changed in place: the lead moves it to another time or day. A shift has no stored
// id (the roster is one list), so it is named by its person and its start, which no other shift
// of that person shares: overlaps are refused.
import { checkShiftList, parseRosterTime, type RosterResult, type Shift } from './roster.ts';

const SEPARATOR = '@'; // never in a login name

/** "anna@1764536400000": the person and the start in epoch milliseconds, safe in a URL path. */
export function shiftId(shift: Pick<Shift, 'username' | 'start'>): string {
  return `${shift.username}${SEPARATOR}${Date.parse(shift.start)}`;
}

export function findShift(shifts: readonly Shift[], id: string): Shift | undefined {
  return shifts.find((s) => shiftId(s) === id);
}

export type EditResult = (RosterResult & { ok: false }) | { ok: true; shifts: Shift[]; shift: Shift } | { ok: false; notFound: true };

/**
 * The roster with the shift `id` given new times, checked as a whole like any roster. The edited
 * shift goes last, so an overlap names it as the new one and the other shift as already booked.
 */
export function editShift(shifts: readonly Shift[], id: string, times: { start: string; end: string }): EditResult {
  const old = findShift(shifts, id);
  if (!old) return { ok: false, notFound: true };
  const edited = { username: old.username, start: times.start, end: times.end };
  const checked = checkShiftList([...shifts.filter((s) => s !== old), edited]);
  if (!checked.ok) return checked;
  // The edited one is the only shift of its person starting at that instant.
  const startsAt = parseRosterTime(times.start)!.getTime();
  const shift = checked.shifts.find((s) => s.username === old.username && Date.parse(s.start) === startsAt)!;
  return { ok: true, shifts: checked.shifts, shift };
}
