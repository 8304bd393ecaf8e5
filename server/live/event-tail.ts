// One blocking reader per server process follows the event stream and hands every new
// event, with the case after it, to the connected boards and feeds. Redis is the only
// source: an event reaches a board the same way whichever process (or node) stored it.
// The last RECENT_EVENTS events are kept, so a board that reconnects after a short drop
// catches up from memory instead of reading the log again.
// Listeners take either each event or each read's events at once (a batch, up to 500, in log
// order): a batch becomes one frame per room or feed client instead of one per event.
// A fan-out costs about the same for one event as for many (a write per board), and while it
// runs nothing else in the process does (a command's Redis round trips wait behind it). So after
// a fan-out of D ms the next read waits D ms more (at most MAX_LINGER_MS): the events stored
// meanwhile go out together, and fan-outs take at most about half of the process's time however
// fast events come. After one under a millisecond (few boards) the next read does not wait.
import { compareEventIds, type CaseEvent } from '../../shared/events.ts';
import type { Redis } from '../redis/connect.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { StreamEntry } from '../store/event-format.ts';
import { keys } from '../store/keys.ts';

export const RECENT_EVENTS = 5_000;
/** The longest wait before a read: an event stored just after a fan-out waits at most this, plus that fan-out, for its own. */
const MAX_LINGER_MS = 25;

type Listener = (event: CaseEvent) => void;
export type BatchListener = (events: readonly CaseEvent[]) => void;

export class EventTail {
  private listeners = new Set<Listener>();
  private batchListeners = new Set<BatchListener>();
  private running = false;
  private loop: Promise<void> | null = null;
  private position: string | null = null;
  /** Every event after `recentFrom` up to `position`, oldest first. */
  private recent: CaseEvent[] = [];
  private recentFrom: string | null = null;

  constructor(
    private readonly blocking: Redis,
    private readonly store: CaseStore,
    private readonly onError: (err: Error) => void,
    private readonly recentMax = RECENT_EVENTS,
  ) {}

  /**
   * The events after `since` up to lastDelivered, from memory; null when some of them are
   * no longer (or were never) held here, and the log must be read.
   */
  recentAfter(since: string): CaseEvent[] | null {
    if (this.recentFrom === null || compareEventIds(since, this.recentFrom) < 0) return null;
    let lo = 0;
    let hi = this.recent.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareEventIds(this.recent[mid].id, since) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return this.recent.slice(lo);
  }

  /** Drops the held events and case states: the log was rewritten (an erasure) or cut (a purge). */
  forgetRecent(): void {
    this.recent = [];
    this.recentFrom = this.position;
    this.store.states.forget();
  }

  private hold(event: CaseEvent) {
    this.recent.push(event);
    // Trimmed in steps, so holding an event costs O(1) on average.
    if (this.recent.length >= this.recentMax * 2) {
      const dropped = this.recent.splice(0, this.recent.length - this.recentMax);
      this.recentFrom = dropped[dropped.length - 1].id;
    }
  }

  /** The id of the last event handed to the listeners. */
  get lastDelivered(): string {
    return this.position ?? '0-0';
  }

  get listenerCount(): number {
    return this.listeners.size + this.batchListeners.size;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Each read's events at once, in log order; never an empty batch. */
  subscribeBatches(listener: BatchListener): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  private notify<T>(listener: (arg: T) => void, arg: T) {
    try {
      listener(arg);
    } catch (err) {
      this.onError(err as Error);
    }
  }

  /**
   * Whether the reader runs and has handed on every event stored before this call: it waits up
   * to `withinMs` for the events the stream got meanwhile. Throws when Redis does not answer.
   */
  async caughtUp(withinMs = 1_000): Promise<boolean> {
    if (!this.running || this.position === null) return false;
    const last = await this.store.lastEventId();
    const deadline = Date.now() + withinMs;
    while (compareEventIds(this.lastDelivered, last) < 0) {
      if (!this.running || Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  }

  async start(): Promise<void> {
    this.position = await this.store.lastEventId();
    this.recentFrom = this.position;
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const reply = (await this.blocking.xRead({ key: keys.events, id: this.position! }, { BLOCK: 1000, COUNT: 500 })) as
          | { messages: StreamEntry[] }[]
          | null;
        if (!reply) continue;
        // The write this read brought was usually made here, by a command whose answer comes
        // back on another connection at the same moment, and often just after this read: its
        // reply is waited for (only a commit of a case this read holds, and for a bounded time),
        // then a turn of the loop lets the answer go out before the fan-out to every board.
        // A move's answer thus usually comes first; a create's does not: it is given only once
        // the case's timer and intake job are queued (case-service.ts), so its event often
        // reaches the boards, the creator's too, before the answer.
        await this.store.commitsSettled(reply[0].messages.map((m) => m.message.caseId));
        await new Promise<void>((resolve) => setImmediate(resolve));
        // A failed read of the cases (Redis away) leaves the position where it was: read again.
        const events = await this.store.materialize(reply[0].messages);
        if (events.length === 0) continue;
        // All in one synchronous step: a subscriber sees a read's events all or none, and
        // lastDelivered is the end of what every listener has had.
        const fanOutStart = performance.now();
        for (const event of events) this.hold(event);
        this.position = events[events.length - 1].id;
        for (const event of events) for (const listener of this.listeners) this.notify(listener, event);
        for (const listener of this.batchListeners) this.notify(listener, events);
        // The wait that lets the next read bring more (see the top of this file).
        const linger = Math.min(performance.now() - fanOutStart, MAX_LINGER_MS);
        if (linger >= 1) await new Promise((r) => setTimeout(r, linger));
      } catch (err) {
        if (!this.running) return;
        this.onError(err as Error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    // The blocking read returns within its one-second timeout. Destroying the connection
    // first would leave that read unanswered for ever, so wait for it, with a bound.
    await Promise.race([this.loop?.catch(() => {}), new Promise((r) => setTimeout(r, 2_000).unref())]);
    this.blocking.destroy();
  }
}
