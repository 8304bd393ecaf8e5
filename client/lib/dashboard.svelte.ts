// The lead's dashboard: the server's statistics model, loaded once and then kept current with
// every case event from the board's own socket, through the same reducer the server runs
// (shared/stats.ts). Figures are asked of the model again at most once per animation frame,
// so a burst of events redraws the charts once, not once per event.
import type { CaseEvent } from '../../shared/events.ts';
import { formatRosterTime, type Shift } from '../../shared/roster.ts';
import { StatsModel } from '../../shared/stats.ts';
import type { BucketSize, Stats, StatsState } from '../../shared/stats-schemas.ts';
import { MAX_BUCKETS, nextDayStart, parseInstant, type TimeRange } from '../../shared/time-range.ts';
import { ApiError } from './api.ts';
import { crossTable, histograms, type CrossTable, type Histograms } from './charts/stats-shape.ts';
import { loadFailureText } from './messages.ts';

export type RangePreset = 'rollout' | 'today' | 'last24' | 'custom';
export const RANGE_PRESETS: readonly RangePreset[] = ['rollout', 'today', 'last24', 'custom'];

export interface DashboardDeps {
  fetchModel(): Promise<StatsState>;
  /** The range the server uses when none is named: the rollout week from its config. */
  fetchDefaultRange(): Promise<TimeRange>;
  /** requestAnimationFrame in the browser; tests run the frame by hand. */
  frame?(run: () => void): void;
  now?(): number;
  /** The wait before the next try after a failed load; the server answers 503 while its figures catch up. */
  retryDelayMs?(attempt: number): number;
}

const HOUR = 3_600_000;

/** The Danish day `at` falls in, as a date "2026-11-30". */
export function danishDate(at: number): string {
  return formatRosterTime(new Date(at)).slice(0, 10);
}

/** The range of a preset at `now`; null for 'custom' (the dates come from the form). */
export function presetRange(preset: RangePreset, rollout: TimeRange, now: number): TimeRange | null {
  if (preset === 'rollout') return rollout;
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

export class DashboardState {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  preset = $state<RangePreset>('rollout');
  range = $state.raw<TimeRange | null>(null);
  bucket = $state<BucketSize>('hour');
  stats = $state.raw<Stats | null>(null);
  claimHistograms = $state.raw<Histograms | null>(null);
  resolveHistograms = $state.raw<Histograms | null>(null);
  heat = $state.raw<CrossTable | null>(null);
  /** Events counted since the model was loaded: the page can show that the figures are live. */
  liveEvents = $state(0);

  readonly #deps: DashboardDeps;
  #model: StatsModel | null = null;
  /** Events that arrive while the model is on its way; it drops those it already counted. */
  #waiting: CaseEvent[] = [];
  #rollout: TimeRange | null = null;
  #shifts: readonly Shift[] = [];
  #queued = false;
  #loads = 0;
  #stopped = false;

  constructor(deps: DashboardDeps) {
    this.#deps = deps;
  }

  get rollout(): TimeRange | null {
    return this.#rollout;
  }

  /**
   * Loads the model (again, after the board had to resync and so skipped events). A failure
   * the server may get over by itself (503 while its figures catch up, no network) is tried
   * again with a growing wait; the error is on screen meanwhile.
   */
  async load(): Promise<void> {
    const load = ++this.#loads;
    this.#stopped = false;
    this.#model = null;
    this.#waiting = [];
    if (!this.stats) this.status = 'loading';
    for (let attempt = 0; ; attempt++) {
      try {
        const [state, rollout] = await Promise.all([this.#deps.fetchModel(), this.#rollout ?? this.#deps.fetchDefaultRange()]);
        if (load !== this.#loads || this.#stopped) return;
        this.#start(state, rollout);
        return;
      } catch (err) {
        if (load !== this.#loads || this.#stopped) return;
        this.error = loadFailureText(err);
        if (!this.stats) this.status = 'error';
        if (!(err instanceof ApiError && err.isTransient)) return;
        await new Promise((resolve) => setTimeout(resolve, this.#deps.retryDelayMs?.(attempt) ?? Math.min(10_000, 1000 * 2 ** attempt)));
        if (load !== this.#loads || this.#stopped) return;
      }
    }
  }

  #start(state: StatsState, rollout: TimeRange): void {
    this.#rollout = rollout;
    const model = new StatsModel(state);
    for (const event of this.#waiting) model.apply(event);
    this.#waiting = [];
    this.#model = model;
    this.range ??= presetRange(this.preset, rollout, this.#now()) ?? rollout;
    this.bucket = bucketFor(this.range, this.bucket);
    this.status = 'ready';
    this.error = null;
    this.#query();
  }

  stop(): void {
    this.#stopped = true;
  }

  apply(event: CaseEvent): void {
    if (!this.#model) {
      this.#waiting.push(event);
      return;
    }
    if (!this.#model.apply(event)) return;
    this.liveEvents++;
    this.#schedule();
  }

  setShifts(shifts: readonly Shift[]): void {
    this.#shifts = shifts;
    this.#schedule();
  }

  choosePreset(preset: RangePreset): void {
    this.preset = preset;
    const range = this.#rollout && presetRange(preset, this.#rollout, this.#now());
    if (range) this.setRange(range, preset === 'rollout' ? this.bucket : 'hour');
  }

  setRange(range: TimeRange, bucket: BucketSize = this.bucket): void {
    this.range = range;
    this.bucket = bucketFor(range, bucket);
    this.#schedule();
  }

  setBucket(bucket: BucketSize): void {
    if (this.range) this.setRange(this.range, bucket);
  }

  #schedule(): void {
    if (this.#queued || !this.#model) return;
    this.#queued = true;
    const frame = this.#deps.frame ?? (typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (run: () => void) => setTimeout(run, 16));
    frame(() => {
      this.#queued = false;
      if (!this.#stopped) this.#query();
    });
  }

  #query(): void {
    const model = this.#model;
    const range = this.range;
    if (!model || !range) return;
    this.stats = model.query({ range, bucket: this.bucket, shifts: this.#shifts });
    this.claimHistograms = histograms(model.state.claims, range);
    this.resolveHistograms = histograms(model.state.resolutions, range);
    this.heat = crossTable(model.state.cases, range);
  }

  #now(): number {
    return this.#deps.now?.() ?? Date.now();
  }
}
