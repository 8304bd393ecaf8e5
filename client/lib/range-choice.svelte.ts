// The stretch of time the dashboard and the report cover, as a person chose it or as it follows
// the data by default (shared/default-range.ts). One small state for both pages, so they offer the
// same choices with the same picker (RangePicker.svelte).
import { formatRosterTime } from '../../shared/roster.ts';
import type { BucketSize } from '../../shared/stats-schemas.ts';
import { MAX_BUCKETS, nextDayStart, parseInstant, type TimeRange } from '../../shared/time-range.ts';

export type RangePreset = 'rollout' | 'cases' | 'today' | 'last24' | 'custom';
export const RANGE_PRESETS: readonly RangePreset[] = ['rollout', 'cases', 'today', 'last24', 'custom'];

/** The named ranges a preset picks from: the rollout week, and the days with cases (null without any). */
export interface RangeBounds {
  rollout: TimeRange;
  cases: TimeRange | null;
}

const HOUR = 3_600_000;

/** The Danish day `at` falls in, as a date "2026-11-30". */
export function danishDate(at: number): string {
  return formatRosterTime(new Date(at)).slice(0, 10);
}

/** The range of a preset at `now`; null for 'custom' (the dates come from the form) and for 'cases' without cases. */
export function presetRange(preset: RangePreset, bounds: RangeBounds, now: number): TimeRange | null {
  if (preset === 'rollout') return bounds.rollout;
  if (preset === 'cases') return bounds.cases;
  if (preset === 'today') {
    const from = parseInstant(danishDate(now))!;
    return { from, to: nextDayStart(now) };
  }
  if (preset === 'last24') {
    // Whole hours, the current one included, so the last bucket is the hour that is running.
    const to = Math.floor(now / HOUR) * HOUR + HOUR;
    return { from: to - 24 * HOUR, to };
  }
  return null;
}

/** From one Danish day to another, both included; null when the dates cannot make a range. */
export function dateRange(fromDate: string, toDate: string): TimeRange | null {
  const from = parseInstant(fromDate);
  const lastDay = parseInstant(toDate);
  if (from === null || lastDay === null) return null;
  const to = nextDayStart(lastDay);
  return to > from ? { from, to } : null;
}

/** Hours when they fit the server's limit and the chart; days for anything longer. */
export function bucketFor(range: TimeRange, wanted: BucketSize): BucketSize {
  return wanted === 'hour' && (range.to - range.from) / HOUR > MAX_BUCKETS ? 'day' : wanted;
}

/** The preset that names `range`, so a range read back from an address shows as what it is. */
export function presetOf(range: TimeRange, bounds: RangeBounds): RangePreset {
  const same = (r: TimeRange | null) => r !== null && r.from === range.from && r.to === range.to;
  return same(bounds.rollout) ? 'rollout' : same(bounds.cases) ? 'cases' : 'custom';
}

export class RangeChoice {
  preset = $state<RangePreset>('rollout');
  range = $state.raw<TimeRange | null>(null);
  bucket = $state<BucketSize>('hour');

  readonly #bounds: () => RangeBounds | null;
  readonly #changed: () => void;
  readonly #now: () => number;

  /**
   * `bounds` is asked at each choice, so the days with cases grow with the data; `changed` runs
   * after every change of range or bucket.
   */
  constructor(opts: { bounds: () => RangeBounds | null; changed?: () => void; now?: () => number; bucket?: BucketSize }) {
    this.#bounds = opts.bounds;
    this.#changed = opts.changed ?? (() => {});
    this.#now = opts.now ?? (() => Date.now());
    if (opts.bucket) this.bucket = opts.bucket;
  }

  /** The presets on offer: "first to last case" only when there are cases. */
  get presets(): RangePreset[] {
    return RANGE_PRESETS.filter((p) => p !== 'cases' || this.#bounds()?.cases);
  }

  /** The first range, unless one was chosen already (a reload keeps the person's choice); the owner shows it. */
  begin(range: TimeRange, preset: RangePreset): void {
    if (this.range) return;
    this.preset = preset;
    this.range = range;
    this.bucket = bucketFor(range, this.bucket);
  }

  choosePreset(preset: RangePreset): void {
    this.preset = preset;
    const bounds = this.#bounds();
    const range = bounds && presetRange(preset, bounds, this.#now());
    if (range) this.setRange(range, preset === 'rollout' || preset === 'cases' ? this.bucket : 'hour');
  }

  /**
   * While "first to latest case" is chosen, the range follows the cases: a case on a new day (past
   * midnight, on a page left open) widens it. True when the range changed (the owner was told).
   */
  followData(): boolean {
    if (this.preset !== 'cases') return false;
    const cases = this.#bounds()?.cases;
    if (!cases || (this.range && cases.from === this.range.from && cases.to === this.range.to)) return false;
    this.setRange(cases);
    return true;
  }

  chooseDates(range: TimeRange): void {
    this.preset = 'custom';
    this.setRange(range);
  }

  setRange(range: TimeRange, bucket: BucketSize = this.bucket): void {
    this.range = range;
    this.bucket = bucketFor(range, bucket);
    this.#changed();
  }

  setBucket(bucket: BucketSize): void {
    if (this.range) this.setRange(this.range, bucket);
  }
}

/** An instant for an address: a Danish date at a Danish midnight, else ISO. */
function addressInstant(at: number): string {
  const day = danishDate(at);
  return parseInstant(day) === at ? day : new Date(at).toISOString();
}

/** A range as an address's query, with from and to as GET /api/stats reads them ([from, to)). */
export function rangeQuery(range: TimeRange): string {
  return new URLSearchParams({ from: addressInstant(range.from), to: addressInstant(range.to) }).toString();
}

/** The range an address names, or null when it names none or a wrong one. */
export function readRangeQuery(query: string): TimeRange | null {
  const p = new URLSearchParams(query);
  const from = parseInstant(p.get('from') ?? '');
  const to = parseInstant(p.get('to') ?? '');
  return from !== null && to !== null && from < to ? { from, to } : null;
}
