import { describe, expect, test } from 'vitest';
import type { DeflectionCounts } from '../../shared/suggestions.ts';
import type { TimeRange } from '../../shared/time-range.ts';
import { DeflectionStats } from './deflection-stats.svelte.ts';

const counts = (total: number): DeflectionCounts => ({ total, byTarget: [], byInstitution: [{ institution: 'bh-solsikken', count: total }] });
const week: TimeRange = { from: 0, to: 7 * 86_400_000 };
const day: TimeRange = { from: 0, to: 86_400_000 };

describe('DeflectionStats', () => {
  test('a failed refresh keeps the counts last read for the range and says why beside them', async () => {
    const answers: (DeflectionCounts | Error)[] = [counts(3), new Error('offline'), counts(4)];
    const stats = new DeflectionStats(async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    });
    await stats.load(week);
    expect(stats.counts?.total).toBe(3);
    await stats.load(week);
    expect(stats.counts?.total).toBe(3);
    expect(stats.failure).toBeInstanceOf(Error);
    await stats.load(week);
    expect([stats.counts?.total, stats.failure]).toEqual([4, null]);
  });

  test("another range's counts are not shown when its first read fails, nor after a slower answer for an old range", async () => {
    const pending: { range: TimeRange; settle: (c: DeflectionCounts | Error) => void }[] = [];
    const stats = new DeflectionStats(
      (range) => new Promise((resolve, reject) => pending.push({ range, settle: (c) => (c instanceof Error ? reject(c) : resolve(c)) })),
    );
    const first = stats.load(week);
    pending[0].settle(counts(3));
    await first;
    const old = stats.load(week);
    const next = stats.load(day);
    pending[2].settle(new Error('offline'));
    await next;
    expect([stats.counts, stats.failure]).toEqual([null, expect.any(Error)]);
    pending[1].settle(counts(9));
    await old;
    expect(stats.counts).toBe(null);
  });
});
