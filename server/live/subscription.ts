// Catch-up then live, for one connection: replay the log after the client's last event,
// then pass on live events, never one twice and never one skipped. Live events that arrive
// during the replay are held and released after it, in order. Events go out in batches
// (a page of the replay, the held events, one read of the tail): the caller sends a batch
// as one frame, or each event of it on its own.
import type { Actor } from '../../shared/case.ts';
import { compareEventIds, type CaseEvent } from '../../shared/events.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { EventTail } from './event-tail.ts';
import { eventForReporter } from '../../shared/visibility.ts';

export function visibleTo(actor: Actor, event: CaseEvent): boolean {
  return actor.role !== 'reporter' || event.case.institution === actor.institution;
}

/** The event as this actor may see it: a superuser's copy leaves out internal notes. */
export function shownTo(actor: Actor, event: CaseEvent): CaseEvent {
  return actor.role === 'reporter' ? eventForReporter(event) : event;
}

export interface Subscription {
  /** Resolves with the id of the last event handled by the replay (the live cursor from then on). */
  ready: Promise<string | null>;
  close(): void;
}

const PAGE = 1000;
/** The most events one batch holds: a frame stays a size a client parses without a stall. */
export const MAX_BATCH = 500;

export function subscribe(opts: {
  store: CaseStore;
  tail: EventTail;
  actor: Actor;
  since: string | null;
  /**
   * Never an empty batch; events in log order, batches in order. A batch the tail read is
   * passed on as the same array when all of it is for this actor, so a caller may cache its
   * encoding by identity.
   */
  send: (events: readonly CaseEvent[]) => void;
  /**
   * Called once the connection is caught up, instead of staying subscribed: from then on the
   * caller delivers live events itself (socket.io rooms, which encode each batch once for all).
   */
  handOff?: () => void;
}): Subscription {
  const { store, tail, actor, send } = opts;
  let cursor: string | null = null;
  let live = false;
  let closed = false;
  const held: CaseEvent[] = [];

  const deliver = (events: readonly CaseEvent[]) => {
    let from = 0;
    if (cursor !== null) while (from < events.length && compareEventIds(events[from].id, cursor) <= 0) from++;
    if (from === events.length) return;
    cursor = events[events.length - 1].id;
    const fresh = from === 0 ? events : events.slice(from);
    const shown = actor.role === 'reporter' ? fresh.filter((e) => visibleTo(actor, e)).map((e) => shownTo(actor, e)) : fresh;
    for (let i = 0; i < shown.length; i += MAX_BATCH) send(shown.length <= MAX_BATCH ? shown : shown.slice(i, i + MAX_BATCH));
  };
  // Set when the replay is done but this process's reader has not yet read as far as the
  // client has seen (it comes from another process whose reader is ahead): the room would send
  // those events again, so the hand-off waits until the reader is past them.
  let handOffPending = false;
  const handOffIfCaughtUp = () => {
    if (compareEventIds(tail.lastDelivered, cursor ?? '0-0') < 0) return false;
    handOffPending = false;
    unsubscribe();
    opts.handOff!();
    return true;
  };
  const unsubscribe = tail.subscribeBatches((events) => {
    if (closed) return;
    if (live) {
      deliver(events);
      if (handOffPending) handOffIfCaughtUp();
    } else held.push(...events);
  });

  // The replay reads the log only up to what the tail had handed out when we subscribed;
  // everything after that comes through the tail, so a hand-off can never repeat an event.
  const upTo = tail.lastDelivered;
  const within = (events: readonly CaseEvent[]) => {
    let end = events.length;
    while (end > 0 && compareEventIds(events[end - 1].id, upTo) > 0) end--;
    return end === events.length ? events : events.slice(0, end);
  };
  const ready = (async () => {
    // Without a since, the connection starts where the live stream is.
    cursor = opts.since ?? upTo;
    // A short drop: the tail still holds everything since, so nothing is read from Redis.
    const recent = tail.recentAfter(cursor);
    if (recent) {
      deliver(within(recent));
    } else {
      for (;;) {
        const page = await store.eventsAfter(cursor, PAGE);
        if (closed) return cursor;
        const kept = within(page);
        deliver(kept);
        if (page.length < PAGE || kept.length < page.length) break;
      }
    }
    deliver(held.splice(0));
    if (!opts.handOff || !handOffIfCaughtUp()) {
      live = true;
      handOffPending = opts.handOff !== undefined;
    }
    return cursor;
  })();
  ready.catch(() => unsubscribe());

  return {
    ready,
    close() {
      closed = true;
      unsubscribe();
    },
  };
}
