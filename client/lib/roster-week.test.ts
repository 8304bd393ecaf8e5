import { describe, expect, test } from 'vitest';
import { parseRosterTime } from '../../shared/roster.ts';
import { shiftId } from '../../shared/roster-edit.ts';
import { addDays, defaultWeek, isoWeek, mondayOf, shiftTimes, weekDays, weekGrid } from './roster-week.ts';

const iso = (danish: string) => parseRosterTime(danish)!.toISOString();
const shift = (username: string, start: string, end: string) => ({ username, start: iso(start), end: iso(end) });
const people = [
  { username: 'anna', name: 'Anna Andersen' },
  { username: 'bo', name: 'Bo Berg' },
];

describe('the week', () => {
  test('runs Monday to Sunday, across a month and a year', () => {
    expect(mondayOf('2026-12-03')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(weekDays('2026-12-28')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect([isoWeek('2026-11-30'), isoWeek('2026-12-28'), isoWeek('2027-01-04'), isoWeek('2025-12-29')]).toEqual([49, 53, 1, 1]);
  });

  test('opens on this week during the rollout, else on the rollout’s first week', () => {
    const rollout = { from: parseRosterTime('2026-11-30 00:00')!.getTime(), to: parseRosterTime('2026-12-05 00:00')!.getTime() };
    expect(defaultWeek(parseRosterTime('2026-12-02 10:00')!.getTime(), rollout)).toBe('2026-11-30');
    expect(defaultWeek(parseRosterTime('2026-06-17 02:30')!.getTime(), rollout)).toBe('2026-11-30');
    expect(defaultWeek(parseRosterTime('2026-12-09 10:00')!.getTime(), rollout)).toBe('2026-11-30');
    // 00:30 on a Monday in Danish time is still Sunday in UTC: the Danish day counts.
    expect(defaultWeek(parseRosterTime('2026-12-07 00:30')!.getTime(), null)).toBe('2026-12-07');
  });
});

describe('shiftTimes (the form)', () => {
  test('an end time before the start time is the next day', () => {
    expect(shiftTimes('2026-11-30', '22:00', '06:00')).toEqual({ start: '2026-11-30 22:00', end: '2026-12-01 06:00', endDate: '2026-12-01', nextDay: true });
    expect(shiftTimes('2026-12-31', '22:00', '06:00').end).toBe('2027-01-01 06:00');
    expect(shiftTimes('2026-11-30', '08:00', '16:00')).toMatchObject({ end: '2026-11-30 16:00', nextDay: false });
  });

  test('an end date written out wins', () => {
    expect(shiftTimes('2026-11-30', '08:00', '16:00', '2026-12-01')).toMatchObject({ end: '2026-12-01 16:00', nextDay: true });
  });
});

describe('weekGrid', () => {
  const night = shift('anna', '2026-11-30 22:00', '2026-12-01 06:00');
  const day = shift('bo', '2026-12-02 08:00', '2026-12-02 16:00');

  test('a night shift is a block on both its days: the evening’s end of one, the morning of the next', () => {
    const [anna, bo] = weekGrid([night, day], people, '2026-11-30');
    expect(anna.name).toBe('Anna Andersen');
    expect(anna.days.map((d) => d.length)).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(anna.days[0][0]).toMatchObject({ id: shiftId(night), left: 22 / 24, width: 2 / 24, fromBefore: false, intoNext: true, label: '22:00–06:00' });
    expect(anna.days[1][0]).toMatchObject({ id: shiftId(night), left: 0, width: 6 / 24, fromBefore: true, intoNext: false, label: '22:00–06:00' });
    expect(bo.days[2][0]).toMatchObject({ left: 8 / 24, width: 8 / 24, fromBefore: false, intoNext: false });
  });

  test('a night shift from the Sunday before shows on Monday; other weeks’ shifts do not', () => {
    const sunday = shift('bo', '2026-11-29 22:00', '2026-11-30 06:00');
    const later = shift('bo', '2026-12-07 08:00', '2026-12-07 12:00');
    const [, bo] = weekGrid([sunday, later], people, '2026-11-30');
    expect(bo.days.map((d) => d.length)).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(bo.days[0][0]).toMatchObject({ left: 0, width: 6 / 24, fromBefore: true });
  });

  test('everyone bookable has a row, unbooked too; a shift of someone no longer on the team adds theirs', () => {
    const rows = weekGrid([shift('carl', '2026-12-01 08:00', '2026-12-01 12:00')], people, '2026-11-30');
    expect(rows.map((r) => [r.username, r.name])).toEqual([
      ['anna', 'Anna Andersen'],
      ['bo', 'Bo Berg'],
      ['carl', 'carl'],
    ]);
  });

  test('the day summer time ends has 25 hours; fractions are of that day', () => {
    const [anna] = weekGrid([shift('anna', '2026-10-25 12:00', '2026-10-25 18:00')], people, '2026-10-19');
    expect(anna.days[6][0].width).toBeCloseTo(6 / 25);
  });
});
