// A sparse latency histogram at 0.1 ms resolution: small enough to pass over IPC every
// phase, mergeable across processes, and exact enough for p99 targets in milliseconds.
const RESOLUTION = 10; // buckets per millisecond

export type HistogramData = { buckets: [number, number][]; count: number; max: number; sum: number };

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class Histogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  max = 0;
  sum = 0;

  add(ms: number): void {
    const v = ms < 0 ? 0 : ms;
    const b = Math.round(v * RESOLUTION);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  merge(other: Histogram | HistogramData): this {
    const pairs = other instanceof Histogram ? other.buckets.entries() : other.buckets;
    for (const [b, n] of pairs) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
    this.count += other.count;
    this.sum += other.sum;
    if (other.max > this.max) this.max = other.max;
    return this;
  }

  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b)!;
      if (seen >= rank) return Math.min(b / RESOLUTION, this.max);
    }
    return this.max;
  }

  summary(): Summary {
    return {
      count: this.count,
      mean: this.count ? this.sum / this.count : NaN,
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
      max: this.count ? this.max : NaN,
    };
  }

  toJSON(): HistogramData {
    return { buckets: [...this.buckets.entries()], count: this.count, max: this.max, sum: this.sum };
  }

  static from(data: HistogramData): Histogram {
    return new Histogram().merge(data);
  }
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null);

export function rounded(s: Summary, digits = 1) {
  return { count: s.count, mean: round(s.mean, digits), p50: round(s.p50, digits), p95: round(s.p95, digits), p99: round(s.p99, digits), max: round(s.max, digits) };
}
