// The war-room roster: who is booked in when during rollout week. Pure: the server stores it,
// the board reads "on duty now / next" and the shift-ended claims from it.
import type { RefusalCode, RefusalParams } from './refusal-codes.ts';

export interface Shift {
  username: string;
  /** ISO 8601 in UTC, e.g. 2026-11-30T07:00:00.000Z. */
  start: string;
  end: string;
}

/** A refusal names the line of a CSV file; a form's shift is named by its person and times, never by its position. */
export type RosterResult = { ok: true; shifts: Shift[] } | { ok: false; line: number; message: string; code?: RefusalCode; params?: RefusalParams };

export const MAX_SHIFTS = 2000;
/** Longer than a double shift is a wrong date, not a shift; it also keeps a shift to at most three Danish days. */
export const MAX_SHIFT_HOURS = 16;
export const ROSTER_CSV_COLUMNS = ['username', 'start', 'end'] as const;
// Times written without an offset are the municipality's wall-clock time, wherever the server runs.
export const ROSTER_TIME_ZONE = 'Europe/Copenhagen';
export const ROSTER_USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** "2026-11-30 08:00" (in `timeZone`) or any ISO date-time with or without an offset; null if neither. */
export function parseRosterTime(text: string, timeZone = ROSTER_TIME_ZONE): Date | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0));
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return null; // e.g. 2026-11-31
  const zone = m[7];
  if (zone) {
    if (zone.toUpperCase() === 'Z') return new Date(wall);
    const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    return new Date(wall - (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000);
  }
  // The offset depends on the date (summer time), so it is read at the guessed instant and once more.
  const first = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(first, timeZone));
}

/** "2026-11-30 08:00" in the roster's time zone: how the lead writes and reads shift times. */
export function formatRosterTime(iso: string | Date, timeZone = ROSTER_TIME_ZONE): string {
  const p = wallParts(new Date(iso).getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function wallParts(utcMs: number, timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, f);
  }
  const get = (type: string) => Number(f.formatToParts(new Date(utcMs)).find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const p = wallParts(utcMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(utcMs / 1000) * 1000;
}

export interface RawShift {
  /** Where the shift came from, for the message: "Line 4" in a CSV; empty for a form's shift. */
  label: string;
  line: number;
  username: string;
  start: string;
  end: string;
}

/** Checks and normalises shifts from any source: valid login names, real times, end after start, no double booking. */
export function checkShifts(raw: RawShift[], timeZone = ROSTER_TIME_ZONE): RosterResult {
  if (raw.length > MAX_SHIFTS) {
    const over = raw[MAX_SHIFTS];
    const where = over.label ? `${over.label}: ` : '';
    return { ok: false, line: over.line, message: `${where}the roster holds at most ${MAX_SHIFTS} shifts; this is shift ${MAX_SHIFTS + 1}`, code: 'roster_invalid', params: {} };
  }
  const checked: (Shift & { label: string; line: number; from: number; to: number })[] = [];
  for (const r of raw) {
    const fail = (message: string): RosterResult => ({
      ok: false,
      line: r.line,
      message: r.label ? `${r.label}: ${message}` : message,
      code: 'roster_invalid',
      params: r.label ? { username: r.username, line: r.line } : { username: r.username },
    });
    const username = r.username.trim().toLowerCase();
    if (!ROSTER_USERNAME.test(username)) {
      return fail(`username "${r.username}" is not a login name; use lower-case letters, digits, dot, dash or underscore, as in the Accounts list`);
    }
    const start = parseRosterTime(r.start, timeZone);
    if (!start) return fail(`start "${r.start}" is not a date and time; write e.g. 2026-11-30 08:00 (Danish time) or 2026-11-30T08:00:00+01:00`);
    const end = parseRosterTime(r.end, timeZone);
    if (!end) return fail(`end "${r.end}" is not a date and time; write e.g. 2026-11-30 16:00 (Danish time) or 2026-11-30T16:00:00+01:00`);
    // A file's line keeps the file's own refusal (it names the line); a form's shift names its times.
    const times = { username: r.username, start: formatRosterTime(start, timeZone), end: formatRosterTime(end, timeZone) };
    const refuse = (code: RefusalCode, message: string, params: RefusalParams): RosterResult =>
      r.label ? fail(message) : { ok: false, line: r.line, message, code, params };
    if (end.getTime() < start.getTime()) return refuse('roster_end_before_start', `end ${r.end.trim()} is before start ${r.start.trim()}`, times);
    if (end.getTime() === start.getTime()) return refuse('roster_end_before_start', `end ${r.end.trim()} is the same as start; a shift needs some length`, times);
    if (end.getTime() - start.getTime() > MAX_SHIFT_HOURS * 3_600_000) {
      return refuse('roster_too_long', `the shift from ${r.start.trim()} to ${r.end.trim()} is longer than ${MAX_SHIFT_HOURS} hours; check the dates`, { ...times, hours: MAX_SHIFT_HOURS });
    }
    checked.push({ username, start: start.toISOString(), end: end.toISOString(), label: r.label, line: r.line, from: start.getTime(), to: end.getTime() });
  }
  // Double bookings are nearly always a typo in a date; the later line is the one to look at.
  const byUser = new Map<string, typeof checked>();
  for (const s of checked) byUser.set(s.username, [...(byUser.get(s.username) ?? []), s]);
  let firstOverlap: { line: number; message: string; code: RefusalCode; params: RefusalParams } | null = null;
  for (const list of byUser.values()) {
    const sorted = [...list].sort((a, b) => a.from - b.from || a.line - b.line);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1], sorted[i]];
      if (b.from >= a.to) continue;
      const [earlier, later] = a.line < b.line ? [a, b] : [b, a];
      if (!firstOverlap || later.line < firstOverlap.line) {
        const span = (s: Shift) => `${formatRosterTime(s.start, timeZone)}–${formatRosterTime(s.end, timeZone)}`;
        const where = later.label ? `${later.label}: ` : '';
        const other = earlier.label ? ` (${earlier.label.toLowerCase()})` : '';
        firstOverlap = {
          line: later.line,
          message: `${where}${later.username}'s shift ${span(later)} overlaps their shift ${span(earlier)}${other}`,
          code: 'roster_overlap',
          params: {
            username: later.username,
            start: formatRosterTime(later.start, timeZone),
            end: formatRosterTime(later.end, timeZone),
            otherStart: formatRosterTime(earlier.start, timeZone),
            otherEnd: formatRosterTime(earlier.end, timeZone),
          },
        };
      }
    }
  }
  if (firstOverlap) return { ok: false, ...firstOverlap };
  const shifts = checked
    .sort((a, b) => a.from - b.from || a.username.localeCompare(b.username))
    .map(({ username, start, end }) => ({ username, start, end }));
  return { ok: true, shifts };
}

/** Shifts as the API receives them in JSON; errors name the shift by its 1-based position. */
export function checkShiftList(shifts: readonly Shift[], timeZone = ROSTER_TIME_ZONE): RosterResult {
  return checkShifts(
    shifts.map((s, i) => ({ label: '', line: i + 1, ...s })),
    timeZone,
  );
}

const at = (iso: string) => Date.parse(iso);

/** Everyone on duty at `now`, the first to leave first. */
export function onDutyNow(shifts: readonly Shift[], now: Date): Shift[] {
  const t = now.getTime();
  return shifts.filter((s) => at(s.start) <= t && t < at(s.end)).sort((a, b) => at(a.end) - at(b.end) || a.username.localeCompare(b.username));
}

/** The shifts that start next after `now` (all of those starting at that same moment). */
export function nextOnDuty(shifts: readonly Shift[], now: Date): Shift[] {
  const t = now.getTime();
  const upcoming = shifts.filter((s) => at(s.start) > t);
  if (upcoming.length === 0) return [];
  const first = Math.min(...upcoming.map((s) => at(s.start)));
  return upcoming.filter((s) => at(s.start) === first).sort((a, b) => a.username.localeCompare(b.username));
}

/** What shiftEndedClaims needs of a case, so it works with every version of the case model. */
export interface ClaimLike {
  status: string;
  assignee: { username: string } | null;
}

const NOT_CLAIMS = new Set(['new', 'resolved']);

/**
 * Open claims whose holder's shift has ended and who is not on duty again: the lead reassigns
 * them. Someone who was never booked in (e.g. the lead helping out) is not flagged.
 */
export function shiftEndedClaims<C extends ClaimLike>(cases: Iterable<C>, shifts: readonly Shift[], now: Date): C[] {
  const t = now.getTime();
  const onDuty = new Set(onDutyNow(shifts, now).map((s) => s.username));
  const ended = new Set(shifts.filter((s) => at(s.end) <= t).map((s) => s.username));
  const flagged: C[] = [];
  for (const c of cases) {
    const who = c.assignee?.username;
    if (!who || NOT_CLAIMS.has(c.status)) continue;
    if (ended.has(who) && !onDuty.has(who)) flagged.push(c);
  }
  return flagged;
}
