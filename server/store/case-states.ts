// Gives stored events (which hold only what changed) the case after them, as every reader of
// the log expects. Each case is folded with evolve() in log order; what a fold starts from:
//  - nothing, for case.created; the copy an entry of the first format carries;
//  - the state this process last knew of the case (kept for the most recently touched cases);
//  - else the case hash, when its version is the one needed (the usual case for a live event);
//  - else the case's own events (wr:case-events:<id>) folded from its start.
// A read of the log from its start therefore needs no other reads at all, and the live tail
// needs one hash read per case it has not seen lately; no read is made per client.
//
// Memory: at most MAX_CASES cases per process, each with its newest STATES_PER_CASE states,
// least recently touched first out. The states are plain values shared with the events handed out.
import { withDefaults, type Case } from '../../shared/case.ts';
import type { CaseEvent } from '../../shared/events.ts';
import { evolve } from '../../shared/evolve.ts';
import type { Redis } from '../redis/connect.ts';
import { pipelineReplies, shapes } from '../redis/replies.ts';
import { decodeEntry, type StoredEvent } from './event-format.ts';
import { keys } from './keys.ts';

export const MAX_CASES = 10_000;
/**
 * States kept per case: its newest few, so an event read just after a later change was
 * stored here (two commits in quick succession, a resolve that claims first) still finds
 * the state before it.
 */
const STATES_PER_CASE = 4;

export class CaseStates {
  /** caseId → true states of the case, oldest first; a Map keeps insertion order, so the first case is the least recent. */
  private known = new Map<string, Case[]>();

  constructor(
    private readonly redis: Redis,
    private readonly maxCases = MAX_CASES,
  ) {}

  get size(): number {
    return this.known.size;
  }

  /** Records a state of a case, unless it is older than the states kept. */
  remember(c: Case): void {
    const had = this.known.get(c.id) ?? [];
    if (had.length >= STATES_PER_CASE && had[0].version > c.version) return;
    const kept = had.filter((s) => s.version !== c.version);
    kept.push(c);
    kept.sort((a, b) => a.version - b.version);
    this.known.delete(c.id);
    this.known.set(c.id, kept.slice(-STATES_PER_CASE));
    if (this.known.size > this.maxCases) this.known.delete(this.known.keys().next().value!);
  }

  /**
   * The newest state of the case this process knows, if any: usually the current one, but a
   * write from elsewhere may not have reached the tail yet, so a commit decided on it is
   * checked against the stored version.
   */
  latest(caseId: string): Case | undefined {
    return this.known.get(caseId)?.at(-1);
  }

  /** A kept state of the case at this version, if any. */
  private at(caseId: string, version: number): Case | undefined {
    return this.known.get(caseId)?.find((s) => s.version === version);
  }

  /** Forgets every state: after an erasure or a purge rewrote the log, they may hold what is gone. */
  forget(): void {
    this.known.clear();
  }

  /** The events with the case after each, in the order given (log order). */
  async materialize(stored: StoredEvent[]): Promise<CaseEvent[]> {
    // The state each case's first event in this batch starts from (its version says which).
    const start = new Map<string, Case | null>();
    const missing = new Map<string, number>();
    for (const { event, after } of stored) {
      if (start.has(event.caseId) || missing.has(event.caseId)) continue;
      if (after || event.type === 'case.created') {
        start.set(event.caseId, null);
        continue;
      }
      const known = this.at(event.caseId, event.version - 1) ?? this.at(event.caseId, event.version);
      if (known) start.set(event.caseId, known);
      else missing.set(event.caseId, event.version - 1);
    }
    if (missing.size > 0) for (const [id, c] of await this.load(missing)) start.set(id, c);

    const current = start;
    return stored.map(({ event, after }) => {
      const state = current.get(event.caseId) ?? null;
      const next = after ?? (state && state.version === event.version ? state : evolve(state, event));
      if (next.version !== event.version) {
        throw new Error(`Event ${event.id} of case ${event.caseId} is version ${event.version}, but folding the log gives ${next.version}`);
      }
      current.set(event.caseId, next);
      this.remember(next);
      const { version: _v, ...draft } = event;
      return { ...draft, case: next } as CaseEvent;
    });
  }

  /** The state of each case at the given version (or the one after it), from Redis. */
  private async load(wanted: Map<string, number>): Promise<Map<string, Case>> {
    const ids = [...wanted.keys()];
    const multi = this.redis.multi();
    for (const id of ids) multi.hmGet(keys.case(id), ['v', 'json']);
    const rows = await pipelineReplies(multi, shapes.stringsOrNulls);
    const out = new Map<string, Case>();
    const folds: Promise<void>[] = [];
    for (const [i, id] of ids.entries()) {
      const [v, json] = rows[i];
      const need = wanted.get(id)!;
      if (json && (Number(v) === need || Number(v) === need + 1)) out.set(id, withDefaults(JSON.parse(json) as Case));
      else folds.push(this.fold(id, need).then((c) => void out.set(id, c)));
    }
    await Promise.all(folds);
    return out;
  }

  /** The case at `version`, folded from its own first events. */
  async fold(caseId: string, version: number): Promise<Case> {
    const events = await this.firstEvents(caseId, version);
    let state: Case | null = null;
    for (const { event, after } of events) state = after ?? evolve(state, event);
    if (!state || state.version !== version) throw new Error(`Case ${caseId}'s stored events do not reach version ${version}`);
    return state;
  }

  /** The case's first `count` stored events (all when undefined), oldest first. */
  async firstEvents(caseId: string, count?: number): Promise<StoredEvent[]> {
    if (count === 0) return [];
    const ids = await this.redis.lRange(keys.caseEvents(caseId), 0, count === undefined ? -1 : count - 1);
    if (ids.length === 0) return [];
    const multi = this.redis.multi();
    for (const id of ids) multi.xRange(keys.events, id, id);
    const rows = await pipelineReplies(multi, shapes.streamEntries);
    return rows.flat().map(decodeEntry);
  }
}

