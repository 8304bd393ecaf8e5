// The lead's dashboard: the server's statistics model, loaded once and then kept current with
// every case event from the board's own socket, through the same reducer the server runs
// (shared/stats.ts). Figures are asked of the model again at most once per animation frame,
// so a burst of events redraws the charts once, not once per event.
import type { CaseEvent } from '../../shared/events.ts';
import { casesRange, defaultRange } from '../../shared/default-range.ts';
import { goLiveCurve, type GoLiveCentre } from '../../shared/go-live-curve.ts';
import type { Shift } from '../../shared/roster.ts';
import { StatsModel } from '../../shared/stats.ts';
import type { BucketSize, GoLiveCurve, Stats, StatsState } from '../../shared/stats-schemas.ts';
import type { TimeRange } from '../../shared/time-range.ts';
import { ApiError } from './api.ts';
import { crossTable, histograms, type CrossTable, type Histograms } from './charts/stats-shape.ts';
import { loadFailureText } from './messages.ts';
import { RangeChoice, type RangeBounds, type RangePreset } from './range-choice.svelte.ts';

export interface DashboardDeps {
  fetchModel(): Promise<StatsState>;
  /** The rollout week from the server's config (GET /api/stats/ranges). */
  fetchRollout(): Promise<TimeRange>;
  /** requestAnimationFrame in the browser; tests run the frame by hand. */
  frame?(run: () => void): void;
  now?(): number;
  /** The wait before the next try after a failed load; the server answers 503 while its figures catch up. */
  retryDelayMs?(attempt: number): number;
}

export class DashboardState {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  /** The range on show: at first the one that follows the data (shared/default-range.ts). */
  readonly choice: RangeChoice;
  stats = $state.raw<Stats | null>(null);
  claimHistograms = $state.raw<Histograms | null>(null);
  resolveHistograms = $state.raw<Histograms | null>(null);
  heat = $state.raw<CrossTable | null>(null);
  /** Arrivals per centre by day since its own go-live; not bound to the range on show. */
  goLive = $state.raw<GoLiveCurve | null>(null);
  /** Events counted since the model was loaded: the page can show that the figures are live. */
  liveEvents = $state(0);

  readonly #deps: DashboardDeps;
  #model: StatsModel | null = null;
  /** Events that arrive while the model is on its way; it drops those it already counted. */
  #waiting: CaseEvent[] = [];
  #rollout: TimeRange | null = null;
  #shifts: readonly Shift[] = [];
  #waves: { centres: readonly GoLiveCentre[]; today: string } | null = null;
  #queued = false;
  #loads = 0;
  #stopped = false;

  constructor(deps: DashboardDeps) {
    this.#deps = deps;
    this.choice = new RangeChoice({ bounds: () => this.bounds, changed: () => this.#schedule(), now: () => this.#now() });
  }

  get rollout(): TimeRange | null {
    return this.#rollout;
  }

  /** The rollout week and the days with cases as the model has them now. */
  get bounds(): RangeBounds | null {
    return this.#rollout && this.#model ? { rollout: this.#rollout, cases: casesRange(this.#model) } : null;
  }

  get preset(): RangePreset {
    return this.choice.preset;
  }

  get range(): TimeRange | null {
    return this.choice.range;
  }

  get bucket(): BucketSize {
    return this.choice.bucket;
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
        const [state, rollout] = await Promise.all([this.#deps.fetchModel(), this.#rollout ?? this.#deps.fetchRollout()]);
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
    const initial = defaultRange(rollout, model);
    this.choice.begin(initial.range, initial.basis);
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
    // "First to latest case" follows the cases; setting its new range schedules the redraw.
    if (!this.choice.followData()) this.#schedule();
  }

  setShifts(shifts: readonly Shift[]): void {
    this.#shifts = shifts;
    this.#schedule();
  }

  /** The centres and their go-live days as the settings have them now, and today's Danish day. */
  setWaves(centres: readonly GoLiveCentre[], today: string): void {
    this.#waves = { centres, today };
    this.#schedule();
  }

  choosePreset(preset: RangePreset): void {
    this.choice.choosePreset(preset);
  }

  setRange(range: TimeRange, bucket?: BucketSize): void {
    this.choice.setRange(range, bucket);
  }

  setBucket(bucket: BucketSize): void {
    this.choice.setBucket(bucket);
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
    this.goLive = this.#waves && goLiveCurve(model.state.arrivalDays, this.#waves.centres, this.#waves.today);
  }

  #now(): number {
    return this.#deps.now?.() ?? Date.now();
  }
}
