import { describe, expect, test } from 'vitest';
import type { Stats, StatsState } from '../../../shared/stats-schemas.ts';
import { arrivalsData, crossTable, flowLayers, heatShade, histograms, percentText, perBookedHour, untilNow } from './stats-shape.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-11-30T07:00:00Z');

/** Three hourly buckets from 07:00 UTC; only the fields the shapes read. */
function stats(overrides: Partial<Stats> = {}): Stats {
  const buckets = [0, 1, 2].map((i) => ({ start: new Date(T0 + i * H).toISOString(), end: new Date(T0 + (i + 1) * H).toISOString() }));
  return {
    buckets,
    arrivals: { count: 5, total: [2, 3, 0], byCategory: [], byInstitution: [] },
    backlog: { new: [2, 1, 1], claimed: [0, 2, 2], waiting: [0, 1, 1], escalated: [0, 0, 0], resolved: [0, 1, 1] },
    capacity: { people: [1, 2, 2], hours: [1, 2, 1.5] },
    ...overrides,
  } as Stats;
}

describe('time series', () => {
  test('buckets that have not begun are gaps, not zeros', () => {
    const now = T0 + 1.5 * H;
    expect(untilNow([2, 3, 0], stats(), now)).toEqual([2, 3, null]);
    const data = arrivalsData(stats(), now);
    expect(data.x).toEqual([T0 / 1000, T0 / 1000 + 3600, T0 / 1000 + 7200]);
    expect(data.arrivals).toEqual([2, 3, null]);
    // The roster is known ahead: capacity is drawn for the whole range.
    expect(data.hours).toEqual([1, 2, 1.5]);
  });

  test('the flow is stacked from resolved at the bottom to new on top', () => {
    const layers = flowLayers(stats(), T0 + 10 * H);
    expect(layers.map((l) => l.status)).toEqual(['resolved', 'escalated', 'waiting', 'claimed', 'new']);
    expect(layers[0].top).toEqual([0, 1, 1]);
    expect(layers.at(-1)!.top).toEqual([2, 5, 5]);
    expect(layers.at(-1)!.counts).toEqual([2, 1, 1]);
  });
});

describe('histograms', () => {
  test('samples fall in their span, by priority, inside the range only', () => {
    const range = { from: T0, to: T0 + 24 * H };
    const min = 60_000;
    const h = histograms(
      [
        { at: T0, ms: 4 * min, priority: 'normal' },
        { at: T0, ms: 5 * min, priority: 'normal' },
        { at: T0, ms: 30 * H, priority: 'urgent' },
        { at: T0 - 1, ms: 4 * min, priority: 'normal' },
      ],
      range,
    );
    expect(h.normal).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(h.urgent).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(h.low.every((n) => n === 0)).toBe(true);
  });
});

describe('institution × category', () => {
  const facts = (institution: string, category: string | null, createdAt = T0) => ({ institution, category, createdAt }) as StatsState['cases'][string];

  test('busiest institutions and categories first, the uncategorised last', () => {
    const table = crossTable(
      {
        a: facts('bh-a', 'login'),
        b: facts('bh-b', 'login'),
        c: facts('bh-b', 'app'),
        d: facts('bh-b', null),
        e: facts('bh-c', 'app', T0 - 1),
      },
      { from: T0, to: T0 + H },
    );
    expect(table.institutions).toEqual(['bh-b', 'bh-a']);
    expect(table.categories).toEqual(['login', 'app', null]);
    expect(table.counts).toEqual([
      [1, 1, 1],
      [1, 0, 0],
    ]);
    expect(table.max).toBe(1);
  });

  test('an empty range is an empty table', () => {
    expect(crossTable({}, { from: T0, to: T0 + H })).toEqual({ institutions: [], categories: [], counts: [], max: 0 });
  });

  test('dark cells get white text, light cells dark text, empty cells no shade', () => {
    expect(heatShade(0, 5).background).toBe('transparent');
    expect(heatShade(5, 5)).toEqual({ background: 'rgb(31 78 121)', color: '#ffffff' });
    expect(heatShade(1, 5).color).toBe('#111827');
  });
});

describe('figures', () => {
  test('percentages as each language writes them', () => {
    expect(percentText(0.873, 'da')).toBe('87 %');
    expect(percentText(0.873, 'en')).toBe('87%');
    expect(percentText(null, 'da')).toBeNull();
  });

  test('arrivals per booked hour', () => {
    expect(perBookedHour(9, 6)).toBe(1.5);
    expect(perBookedHour(3, 0)).toBeNull();
  });
});
