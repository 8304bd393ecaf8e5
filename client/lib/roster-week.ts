// The roster as a week: Monday to Sunday in Danish days, one row per person, each shift a block
// on the days it touches (a night shift on both). Pure, so the grid's layout is tested apart.
import { shiftId } from '../../shared/roster-edit.ts';
import { formatRosterTime, parseRosterTime, type Shift } from '../../shared/roster.ts';

/** "2026-11-30" plus `n` days, by the calendar (a Danish day can be 23 or 25 hours). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The Danish date `at` falls on. */
export function danishDay(at: number | Date): string {
  return formatRosterTime(new Date(at)).slice(0, 10);
}

/** The Monday of the week `date` falls in. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, -weekday);
}

export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The week to open on: this week during the rollout (or without one), else the rollout's first week. */
export function defaultWeek(now: number, rollout: { from: number; to: number } | null): string {
  if (!rollout || (now >= rollout.from && now < rollout.to)) return mondayOf(danishDay(now));
  return mondayOf(danishDay(rollout.from));
}

const dayStart = (date: string) => parseRosterTime(`${date} 00:00`)!.getTime();

/**
 * The form's date and times as the server reads them (Danish wall-clock time). Without an end
 * date an end time before the start time is the next day: 22:00–06:00 is a night shift.
 */
export function shiftTimes(date: string, startTime: string, endTime: string, endDate = ''): { start: string; end: string; endDate: string; nextDay: boolean } {
  const last = endDate || (endTime < startTime ? addDays(date, 1) : date);
  return { start: `${date} ${startTime}`, end: `${last} ${endTime}`, endDate: last, nextDay: last !== date };
}

export interface WeekBlock {
  id: string;
  shift: Shift;
  /** Where the part of the shift on this day lies, as fractions of the day. */
  left: number;
  width: number;
  /** The shift began on an earlier day / goes on into the next one. */
  fromBefore: boolean;
  intoNext: boolean;
  /** "22:00–06:00" in Danish time, the whole shift's times. */
  label: string;
}

export interface WeekRow {
  username: string;
  name: string;
  days: WeekBlock[][];
}

/** One row per person (the bookable team first, in its order, then anyone else with a shift that week). */
export function weekGrid(shifts: readonly Shift[], people: readonly { username: string; name: string }[], monday: string): WeekRow[] {
  const days = weekDays(monday);
  const bounds = days.map((d) => [dayStart(d), dayStart(addDays(d, 1))] as const);
  const [weekFrom, weekTo] = [bounds[0][0], bounds[6][1]];
  const rows = new Map<string, WeekRow>();
  const row = (username: string, name: string) => rows.get(username) ?? rows.set(username, { username, name, days: days.map(() => []) }).get(username)!;
  for (const p of people) row(p.username, p.name);
  const inWeek = shifts.filter((s) => Date.parse(s.start) < weekTo && Date.parse(s.end) > weekFrom);
  const others = [...new Set(inWeek.map((s) => s.username).filter((u) => !rows.has(u)))].sort();
  for (const u of others) row(u, u);
  for (const s of inWeek) {
    const [from, to] = [Date.parse(s.start), Date.parse(s.end)];
    const label = `${formatRosterTime(s.start).slice(11)}–${formatRosterTime(s.end).slice(11)}`;
    bounds.forEach(([a, b], i) => {
      if (from >= b || to <= a) return;
      const [lo, hi] = [Math.max(from, a), Math.min(to, b)];
      row(s.username, s.username).days[i].push({ id: shiftId(s), shift: s, left: (lo - a) / (b - a), width: (hi - lo) / (b - a), fromBefore: from < a, intoNext: to > b, label });
    });
  }
  for (const r of rows.values()) for (const d of r.days) d.sort((x, y) => x.left - y.left);
  return [...rows.values()];
}

/** The ISO week number of the week starting `monday` (the week with the year's first Thursday is 1). */
export function isoWeek(monday: string): number {
  const thursday = addDays(monday, 3);
  const jan4 = `${thursday.slice(0, 4)}-01-04`;
  const days = (Date.parse(`${monday}T00:00:00Z`) - Date.parse(`${mondayOf(jan4)}T00:00:00Z`)) / 86_400_000;
  return 1 + Math.round(days / 7);
}
