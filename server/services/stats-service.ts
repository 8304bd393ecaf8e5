// Keeps the lead's statistics (shared/stats.ts) in memory: built once from the whole event log,
// then one event at a time from the event tail, so a request never replays the log and the
// figures are right after any restart. Each node keeps its own; they agree, since every node
// tails the same log.
import { casesRange, defaultRange, type RangeBasis } from '../../shared/default-range.ts';
import { compareEventIds, type CaseEvent } from '../../shared/events.ts';
import { danishDay, goLiveCurve, type GoLiveCentre } from '../../shared/go-live-curve.ts';
import type { BucketSize, GoLiveCurve, Stats, StatsState } from '../../shared/stats-schemas.ts';
import { StatsModel } from '../../shared/stats.ts';
import type { TimeRange } from '../../shared/time-range.ts';
import type { EventTail } from '../live/event-tail.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { RosterStore } from '../store/roster-store.ts';

const PAGE = 1000;
/** How long a request waits for the tail to bring the events stored before it. */
const CATCH_UP_MS = 2000;

export class StatsNotReadyError extends Error {}

export class StatsService {
  private model = new StatsModel();
  /** A model being read from the log, and the tailed events that arrive meanwhile. */
  private pending: { model: StatsModel; held: CaseEvent[] } | null = null;
  private waiters: { id: string; wake: () => void }[] = [];
  private unsubscribe: (() => void) | null = null;
  private loaded: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      store: CaseStore;
      tail: EventTail;
      roster: RosterStore;
      onError: (err: Error) => void;
    },
  ) {}

  /**
   * Subscribes, then reads the log in the background. Call it once the tail has started (the
   * app starts it before listening): what the log read misses, the tail brings, and repeats are
   * dropped by id.
   */
  start(): void {
    this.unsubscribe = this.deps.tail.subscribe((event) => {
      if (this.pending) this.pending.held.push(event);
      else this.apply(event);
    });
    this.reload();
  }

  /**
   * Builds the model again from the log: after an erasure or a retention purge the log is no
   * longer the one the model was built from, and the figures must be what a restart would give.
   */
  reload(): void {
    const pending = { model: new StatsModel(), held: [] as CaseEvent[] };
    this.pending = pending;
    this.loaded = this.load(pending);
    this.loaded.catch(() => {}); // a request that waits on it reports the failure
  }

  private async load(pending: { model: StatsModel; held: CaseEvent[] }): Promise<void> {
    for (;;) {
      try {
        let since: string | null = pending.model.lastEventId;
        for (;;) {
          const page = await this.deps.store.eventsAfter(since, PAGE);
          for (const event of page) pending.model.apply(event);
          if (page.length < PAGE) break;
          since = page[page.length - 1].id;
        }
        break;
      } catch (err) {
        // Redis away at start-up: go on from the last event read.
        if (this.stopped) throw err;
        this.deps.onError(err as Error);
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (this.pending !== pending) return; // a newer reload took over
    }
    if (this.pending !== pending) return;
    this.pending = null;
    this.model = pending.model;
    for (const event of pending.held) this.model.apply(event);
    this.wakeWaiters();
  }

  private apply(event: CaseEvent) {
    this.model.apply(event);
    this.wakeWaiters();
  }

  private wakeWaiters() {
    if (this.waiters.length === 0) return;
    const last = this.model.lastEventId;
    this.waiters = this.waiters.filter((w) => {
      if (compareEventIds(w.id, last) > 0) return true;
      w.wake();
      return false;
    });
  }

  /**
   * Waits until the model holds every event stored before this call, so a client sees its own
   * change at once. If the tail lags (Redis trouble), it answers after a bound with what it has;
   * the answer's lastEventId says how far that is.
   */
  private async caughtUp(opts: { latest: boolean } = { latest: true }): Promise<void> {
    if (!this.loaded) throw new StatsNotReadyError('The statistics have not started');
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), CATCH_UP_MS)));
    const waiter = { id: '', wake: () => {} };
    try {
      if ((await Promise.race([this.loaded, bound])) === 'late') throw new StatsNotReadyError('The statistics are still being read from the event log; try again in a moment');
      if (!opts.latest) return;
      waiter.id = await this.deps.store.lastEventId();
      if (compareEventIds(this.model.lastEventId, waiter.id) >= 0) return;
      await Promise.race([new Promise<void>((wake) => ((waiter.wake = wake), this.waiters.push(waiter))), bound]);
    } finally {
      clearTimeout(timer);
      this.waiters = this.waiters.filter((w) => w !== waiter);
    }
  }

  /** `latest: false` skips the wait for the events stored just before, for a caller that has just waited for them. */
  async stats(range: TimeRange, bucket: BucketSize, opts = { latest: true }): Promise<Stats> {
    await this.caughtUp(opts);
    const shifts = await this.deps.roster.get();
    return this.model.query({ range, bucket, shifts });
  }

  /**
   * The go-live curve from the arrival counts in memory and the centres as the settings name
   * them now; no wait, for a caller that has just waited for the events stored before.
   */
  goLive(centres: readonly GoLiveCentre[], now = Date.now()): GoLiveCurve {
    return goLiveCurve(this.model.state.arrivalDays, centres, danishDay(now));
  }

  /**
   * The range to cover when a request names none, and what it follows: from the model in
   * memory (its span of the data), never from a read of the log; after the events stored just
   * before are in it, so a case just reported counts towards the choice.
   */
  async ranges(rollout: TimeRange): Promise<{ rollout: TimeRange; cases: TimeRange | null; default: TimeRange; basis: RangeBasis }> {
    await this.caughtUp();
    const chosen = defaultRange(rollout, this.model);
    return { rollout, cases: casesRange(this.model), default: chosen.range, basis: chosen.basis };
  }

  /** A copy of the model, for a browser to go on from with the case:event stream. */
  async snapshot(): Promise<StatsState> {
    await this.caughtUp();
    return this.model.snapshot();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const w of this.waiters) w.wake();
    this.waiters = [];
  }
}
