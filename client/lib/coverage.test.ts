import { describe, expect, test } from 'vitest';
import { parseRosterTime } from '../../shared/roster.ts';
import { hourlyCoverage } from './coverage.ts';

const iso = (danish: string) => parseRosterTime(danish)!.toISOString();
const shift = (username: string, start: string, end: string) => ({ username, start: iso(start), end: iso(end) });
/** Hourly buckets of a Danish day, as GET /api/stats?bucket=hour gives them. */
const hours = (date: string) =>
  Array.from({ length: 24 }, (_, h) => {
    const start = parseRosterTime(`${date} ${String(h).padStart(2, '0')}:00`)!.getTime();
    return { start: new Date(start).toISOString(), end: new Date(start + 3_600_000).toISOString() };
  });

describe('hourlyCoverage', () => {
  const buckets = hours('2026-12-01');
  const arrivals = Array.from({ length: 24 }, () => 0);
  arrivals[3] = 2; // in the night shift, one person
  arrivals[9] = 7; // two people: 3.5 each
  arrivals[10] = 6; // two people: 3 each, not over the line
  arrivals[13] = 1; // nobody booked

  const shifts = [
    shift('anna', '2026-11-30 22:00', '2026-12-01 06:00'),
    shift('bo', '2026-12-01 08:00', '2026-12-01 12:00'),
    shift('carl', '2026-12-01 09:30', '2026-12-01 11:00'),
    shift('carl', '2026-12-01 11:00', '2026-12-01 12:00'),
  ];
  const rows = hourlyCoverage(shifts, buckets, arrivals, 3);

  test('counts people on shift each hour, a night shift from the day before included', () => {
    expect(rows.map((r) => r.people)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 1, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('puts the arrivals beside them, per person', () => {
    expect(rows[9]).toMatchObject({ start: Date.parse(buckets[9].start), arrivals: 7, people: 2, perPerson: 3.5 });
    expect(rows[13]).toMatchObject({ arrivals: 1, people: 0, perPerson: null });
  });

  test('marks the hours with more arrivals per person than the threshold, or arrivals and nobody booked', () => {
    expect(rows.filter((r) => r.thin).map((r) => new Date(r.start).getTime())).toEqual([rows[9].start, rows[13].start]);
    expect(hourlyCoverage(shifts, buckets, arrivals, 1).filter((r) => r.thin).length).toBe(4);
  });

  test('an empty range is no rows', () => {
    expect(hourlyCoverage(shifts, [], [])).toEqual([]);
  });
});
