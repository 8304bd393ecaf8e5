// Turns the statistics model's answers into what the dashboard draws: uPlot's column arrays,
// stacked layers, histograms and a cross table. Pure, so the shapes are tested without a canvas.
import { PRIORITIES, type CaseStatus, type Priority } from '../../../shared/case.ts';
import type { Stats, StatsState } from '../../../shared/stats-schemas.ts';
import type { TimeRange } from '../../../shared/time-range.ts';

/** uPlot's x values are seconds. */
export function bucketSeconds(stats: Stats): number[] {
  return stats.buckets.map((b) => Date.parse(b.start) / 1000);
}

/**
 * A bucket that has not begun yet has no arrivals and no flow to show: null leaves a gap
 * instead of a line that drops to zero (or stays flat) across the rest of the week.
 */
export function untilNow(values: readonly number[], stats: Stats, now: number): (number | null)[] {
  return values.map((v, i) => (Date.parse(stats.buckets[i].start) <= now ? v : null));
}

export interface ArrivalsData {
  x: number[];
  arrivals: (number | null)[];
  /** People on shift in each bucket (the roster is known ahead, so the whole range is drawn). */
  people: number[];
  hours: number[];
}

export function arrivalsData(stats: Stats, now: number): ArrivalsData {
  return {
    x: bucketSeconds(stats),
    arrivals: untilNow(stats.arrivals.total, stats, now),
    people: stats.capacity.people,
    hours: stats.capacity.hours,
  };
}

/** Bottom to top: what is done sits at the bottom, what still waits for someone on top. */
export const FLOW_ORDER: readonly CaseStatus[] = ['resolved', 'escalated', 'waiting', 'claimed', 'new'];

export interface FlowLayer {
  status: CaseStatus;
  /** The status's own count per bucket. */
  counts: (number | null)[];
  /** This layer's count plus every layer below it: the height its area is drawn to. */
  top: (number | null)[];
}

export function flowLayers(stats: Stats, now: number): FlowLayer[] {
  let below: (number | null)[] = stats.buckets.map(() => 0);
  return FLOW_ORDER.map((status) => {
    const counts = untilNow(stats.backlog[status], stats, now);
    const top = counts.map((c, i) => (c === null ? null : c + (below[i] ?? 0)));
    below = top;
    return { status, counts, top };
  });
}

export interface HistogramBin {
  /** Lower bound in milliseconds, inclusive; the upper is the next bin's lower. */
  fromMs: number;
  toMs: number | null;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Spans people think in: the SLA targets fall on these edges (10 min, 30 min, 1 h, 4 h). */
export const DURATION_BINS: readonly HistogramBin[] = [
  { fromMs: 0, toMs: 5 * MIN },
  { fromMs: 5 * MIN, toMs: 15 * MIN },
  { fromMs: 15 * MIN, toMs: 30 * MIN },
  { fromMs: 30 * MIN, toMs: HOUR },
  { fromMs: HOUR, toMs: 2 * HOUR },
  { fromMs: 2 * HOUR, toMs: 4 * HOUR },
  { fromMs: 4 * HOUR, toMs: 8 * HOUR },
  { fromMs: 8 * HOUR, toMs: 24 * HOUR },
  { fromMs: 24 * HOUR, toMs: null },
];

export type Histograms = Record<Priority, number[]>;

export function histograms(samples: readonly { at: number; ms: number; priority: Priority }[], range: TimeRange, bins = DURATION_BINS): Histograms {
  const out = Object.fromEntries(PRIORITIES.map((p) => [p, bins.map(() => 0)])) as Histograms;
  for (const s of samples) {
    if (s.at < range.from || s.at >= range.to) continue;
    const i = bins.findIndex((b) => s.ms >= b.fromMs && (b.toMs === null || s.ms < b.toMs));
    if (i >= 0) out[s.priority][i]++;
  }
  return out;
}

export interface CrossTable {
  institutions: string[];
  /** null: not categorised (yet). */
  categories: (string | null)[];
  /** counts[institution][category], in the orders above. */
  counts: number[][];
  max: number;
}

/** Arrivals in the range by institution and category, the busiest rows and columns first. */
export function crossTable(cases: StatsState['cases'], range: TimeRange): CrossTable {
  const cells = new Map<string, Map<string | null, number>>();
  const rowTotal = new Map<string, number>();
  const colTotal = new Map<string | null, number>();
  for (const c of Object.values(cases)) {
    if (c.createdAt < range.from || c.createdAt >= range.to) continue;
    const row = cells.get(c.institution) ?? cells.set(c.institution, new Map()).get(c.institution)!;
    row.set(c.category, (row.get(c.category) ?? 0) + 1);
    rowTotal.set(c.institution, (rowTotal.get(c.institution) ?? 0) + 1);
    colTotal.set(c.category, (colTotal.get(c.category) ?? 0) + 1);
  }
  const institutions = [...rowTotal.keys()].sort((a, b) => rowTotal.get(b)! - rowTotal.get(a)! || a.localeCompare(b));
  const categories = [...colTotal.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : colTotal.get(b)! - colTotal.get(a)! || a.localeCompare(b),
  );
  const counts = institutions.map((i) => categories.map((c) => cells.get(i)?.get(c) ?? 0));
  return { institutions, categories, counts, max: Math.max(0, ...counts.flat()) };
}

/**
 * A cell's shade: light to dark blue by its share of the busiest cell. The text turns white
 * from the shade where dark text would fall below 4.5:1, so every figure stays readable.
 */
export function heatShade(count: number, max: number): { background: string; color: string } {
  if (count === 0 || max === 0) return { background: 'transparent', color: 'inherit' };
  const share = count / max;
  // From #e8f0fa (share → 0) to #1f4e79 (share 1), the board's brand colour.
  const mix = (a: number, b: number) => Math.round(a + (b - a) * share);
  const background = `rgb(${mix(0xe8, 0x1f)} ${mix(0xf0, 0x4e)} ${mix(0xfa, 0x79)})`;
  return { background, color: share > 0.45 ? '#ffffff' : '#111827' };
}

/** 0.873 → "87 %" (Danish writes a space before the sign; English does not). */
export function percentText(share: number | null, locale: 'da' | 'en'): string | null {
  if (share === null) return null;
  const n = Math.round(share * 100);
  return locale === 'da' ? `${n} %` : `${n}%`;
}

/** The arrivals per booked hour: how hard each hour the team booked had to work. */
export function perBookedHour(arrivals: number, hours: number): number | null {
  return hours > 0 ? Math.round((arrivals / hours) * 10) / 10 : null;
}
