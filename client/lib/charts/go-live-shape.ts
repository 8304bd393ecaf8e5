// The go-live curve shaped for a chart: one line per wave (the centres that share a go-live
// day), the mean arrivals per centre on day 0, 1, 2 … since go-live. A line ends at the wave's
// today, so a wave that went live yesterday is not drawn as falling to zero.
import type { GoLiveCurve } from '../../../shared/stats-schemas.ts';

export interface WaveLine {
  goLive: string;
  centres: number;
  /** Per day since go-live; null after the wave's today. */
  perCentre: (number | null)[];
}

export interface WaveChart {
  /** Day 0, 1, … up to the longest line. */
  x: number[];
  waves: WaveLine[];
}

export function waveChart(curve: GoLiveCurve): WaveChart {
  const byDay = new Map<string, GoLiveCurve['centres']>();
  for (const c of curve.centres) byDay.set(c.goLive, [...(byDay.get(c.goLive) ?? []), c]);
  const length = Math.max(0, ...curve.centres.map((c) => c.counts.length));
  const x = Array.from({ length }, (_, i) => i);
  const waves = [...byDay.entries()]
    .filter(([, centres]) => centres[0].counts.length > 0)
    .map(([goLive, centres]) => ({
      goLive,
      centres: centres.length,
      perCentre: x.map((d) => (d < centres[0].counts.length ? round(centres.reduce((n, c) => n + c.counts[d], 0) / centres.length) : null)),
    }));
  return { x, waves };
}

const round = (n: number) => Math.round(n * 100) / 100;
