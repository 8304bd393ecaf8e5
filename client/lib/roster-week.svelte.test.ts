import { describe, expect, test } from 'vitest';
import { parseRosterTime } from '../../shared/roster.ts';
import { ApiError } from './api.ts';
import { RosterWeekState, type WeekDeps } from './roster-week.svelte.ts';

const at = (danish: string) => parseRosterTime(danish)!.getTime();
const ROLLOUT = { from: at('2026-11-30 00:00'), to: at('2026-12-05 00:00') };

/** The statistics' hourly buckets of a range, one arrival at 09:00 each day. */
function stats(from: string, to: string) {
  const buckets = [];
  for (let t = at(`${from} 00:00`); t < at(`${to} 00:00`); t += 3_600_000) buckets.push({ start: new Date(t).toISOString(), end: new Date(t + 3_600_000).toISOString() });
  const total = buckets.map((b) => (new Date(b.start).getUTCHours() === 8 ? 1 : 0));
  return { buckets, arrivals: { count: 0, total, byCategory: [], byInstitution: [] } };
}

function deps(now: number, asked: string[] = [], fail: unknown[] = []): WeekDeps {
  return {
    now: () => now,
    fetchRollout: async () => ROLLOUT,
    fetchStats: async (from, to) => {
      asked.push(`${from}/${to}`);
      if (fail.length) throw fail.shift();
      return stats(from, to);
    },
    retryDelayMs: 1,
  };
}

describe('RosterWeekState', () => {
  test('opens on the rollout week before it, with its Monday’s coverage, and asks for that week’s arrivals once', async () => {
    const asked: string[] = [];
    const week = new RosterWeekState(deps(at('2026-11-20 10:00'), asked));
    await week.open();
    expect(week.monday).toBe('2026-11-30');
    expect(week.day).toBe('2026-11-30');
    expect(asked).toEqual(['2026-11-30/2026-12-07']);
    const night = [{ username: 'anna', start: new Date(at('2026-11-29 22:00')).toISOString(), end: new Date(at('2026-11-30 06:00')).toISOString() }];
    const rows = week.coverage(night);
    expect(rows).toHaveLength(24);
    expect(rows.slice(0, 7).map((r) => r.people)).toEqual([1, 1, 1, 1, 1, 1, 0]);
    expect(rows[9]).toMatchObject({ arrivals: 1, people: 0, thin: true });

    // Another day of the same week needs no new request.
    await week.show('2026-12-02', '2026-12-02');
    expect(week.day).toBe('2026-12-02');
    expect(asked).toHaveLength(1);
    expect(week.coverage([])[0].start).toBe(at('2026-12-02 00:00'));
  });

  test('during the rollout it opens on today; the arrows step a week', async () => {
    const asked: string[] = [];
    const week = new RosterWeekState(deps(at('2026-12-03 10:00'), asked));
    await week.open();
    expect([week.monday, week.day]).toEqual(['2026-11-30', '2026-12-03']);
    await week.step(1);
    expect([week.monday, week.day]).toEqual(['2026-12-07', '2026-12-07']);
    await week.step(-2);
    expect(week.days).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(asked).toEqual(['2026-11-30/2026-12-07', '2026-12-07/2026-12-14', '2026-11-23/2026-11-30']);
  });

  test('tries again while the figures catch up (503), then says what went wrong', async () => {
    const busy = () => new ApiError(503, 'unavailable', 'catching up');
    const week = new RosterWeekState(deps(at('2026-12-03 10:00'), [], [busy()]));
    await week.open();
    expect(week.arrivals).not.toBeNull();
    const failing = new RosterWeekState(deps(at('2026-12-03 10:00'), [], [busy(), busy(), busy()]));
    await failing.open();
    expect(failing.arrivals).toBeNull();
    expect(failing.loadError).toBeTruthy();
  });
});
