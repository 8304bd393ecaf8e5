// The board's copy of the server state: a snapshot plus every event after it, applied
// in order. It never guesses: an event it cannot place is reported as a gap.
import { SvelteMap } from 'svelte/reactivity';
import type { Case } from '../../shared/case.ts';
import { compareEventIds, type CaseEvent } from '../../shared/events.ts';
import { fitEvent, type ColumnId, type EventFit } from '../../shared/board.ts';
import type { Snapshot } from './api.ts';
import { ColumnIndex, type Columns } from './column-index.ts';

/** A case the board took (`before` is the copy it held until now), or a reload of every case. */
export type BoardChange = { reset: true } | { reset: false; before: Case | undefined; after: Case };

const localDay = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

export class BoardState {
  readonly cases = new SvelteMap<string, Case>();
  lastEventId = $state<string | null>(null);
  loaded = $state(false);

  readonly #clock: { readonly now: Date };

  constructor(clock: { readonly now: Date }) {
    this.#clock = clock;
  }

  readonly #index = new ColumnIndex();
  // Replaced as a whole once per snapshot and once per batch of events, never per case.
  #sorted = $state.raw<Columns>(new ColumnIndex().publish());
  /** How many times the columns have been worked out again: once per snapshot, once per batch. */
  revision = 0;
  // Only a new day changes which resolved cases show, not every tick of the clock.
  #today = $derived.by(() => localDay(this.#clock.now));

  /** The columns as the board shows them: the resolved column holds today's cases only, as the team works day by day. */
  columns = $derived.by((): Record<ColumnId, readonly Case[]> => {
    const sorted = this.#sorted;
    const today = this.#today;
    return { ...sorted, resolved: sorted.resolved.filter((c) => localDay(new Date(c.updatedAt)) === today) };
  });
  unclaimedCount = $derived(this.columns.new.length);

  load(snapshot: Snapshot): void {
    this.cases.clear();
    for (const c of snapshot.cases) this.cases.set(c.id, c);
    this.#index.reset(this.cases.values());
    this.#publish();
    this.lastEventId = snapshot.lastEventId;
    this.loaded = true;
    this.#tell({ reset: true });
  }

  readonly #watchers = new Set<(change: BoardChange) => void>();

  /**
   * Tells `watcher` of every case the board takes, and of every reload, as it happens: for an
   * index that follows the board case by case rather than reading every case on every change.
   */
  watch(watcher: (change: BoardChange) => void): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  #tell(change: BoardChange): void {
    for (const w of this.#watchers) w(change);
  }

  /** Applies the event if it is the next one for its case; a gap leaves the board untouched. */
  apply(event: CaseEvent): EventFit {
    const fit = fitEvent(this.cases.get(event.caseId), event);
    if (fit === 'gap') return fit;
    if (fit === 'apply') {
      this.#put(event.case);
      this.#publish();
    }
    // A duplicate's effect is already on the board, so the stream position moves past it too.
    this.#advance(event.id);
    return fit;
  }

  /**
   * Applies a batch of events in order, each as `apply` would, and writes each case once: the
   * board is projected again once for the batch, not once per event. Stops at a gap: the events
   * before it are applied, none after. `fits` holds one entry per event taken (applied or repeat).
   */
  applyBatch(events: readonly CaseEvent[]): { fits: EventFit[]; gap: boolean } {
    const next = new Map<string, Case>();
    const fits: EventFit[] = [];
    let last: string | null = null;
    let gap = false;
    for (const event of events) {
      const fit = fitEvent(next.get(event.caseId) ?? this.cases.get(event.caseId), event);
      if (fit === 'gap') {
        gap = true;
        break;
      }
      if (fit === 'apply') next.set(event.caseId, event.case);
      fits.push(fit);
      last = event.id;
    }
    for (const c of next.values()) this.#put(c);
    if (next.size > 0) this.#publish();
    if (last !== null) this.#advance(last);
    return { fits, gap };
  }

  /**
   * Takes a newer copy of one case, as a command's acknowledgement carries. The events that
   * led there still arrive on the stream and are then recognised as duplicates.
   */
  merge(next: Case): void {
    const known = this.cases.get(next.id);
    if (!known || next.version > known.version) {
      this.#put(next);
      this.#publish();
    }
  }

  get(id: string): Case | undefined {
    return this.cases.get(id);
  }

  #put(next: Case): void {
    const before = this.cases.get(next.id);
    this.#index.put(before, next);
    this.cases.set(next.id, next);
    if (this.#watchers.size > 0) this.#tell({ reset: false, before, after: next });
  }

  #publish(): void {
    this.#sorted = this.#index.publish();
    this.revision++;
  }

  #advance(id: string): void {
    if (this.lastEventId === null || compareEventIds(id, this.lastEventId) > 0) this.lastEventId = id;
  }
}
