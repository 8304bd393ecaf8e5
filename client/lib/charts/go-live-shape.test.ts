import { describe, expect, test } from 'vitest';
import type { GoLiveCurve } from '../../../shared/stats-schemas.ts';
import { waveChart } from './go-live-shape.ts';

const centre = (institution: string, goLive: string, counts: number[]) => ({ institution, goLive, day: counts.length - 1, before: 0, counts, after: 0, total: counts.reduce((a, b) => a + b, 0) });

describe('the go-live chart', () => {
  test('draws one line per wave, the mean per centre, ending at the wave’s today', () => {
    const curve: GoLiveCurve = {
      today: '2026-12-02',
      days: 30,
      centres: [centre('a', '2026-11-30', [4, 2, 1]), centre('b', '2026-11-30', [1, 1, 0]), centre('c', '2026-12-02', [3]), { ...centre('d', '2026-12-09', []), day: -7 }],
      noCase: [],
    };
    expect(waveChart(curve)).toEqual({
      x: [0, 1, 2],
      waves: [
        { goLive: '2026-11-30', centres: 2, perCentre: [2.5, 1.5, 0.5] },
        { goLive: '2026-12-02', centres: 1, perCentre: [3, null, null] },
      ],
    });
  });

  test('has nothing to draw before the first wave', () => {
    expect(waveChart({ today: '2026-11-29', days: 30, centres: [{ ...centre('d', '2026-11-30', []), day: -1 }], noCase: [] })).toEqual({ x: [], waves: [] });
  });
});
