// Catch-up then live, for one connection: replay the log after the client's last event,
// then pass on live events, never one twice and never one skipped. Live events that arrive
// during the replay are held and released after it, in order.
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

export function subscribe(opts: {
  store: CaseStore;
  tail: EventTail;
  actor: Actor;
  since: string | null;
  send: (event: CaseEvent) => void;
  /**
   * Called once the connection is caught up, instead of staying subscribed: from then on the
   * caller delivers live events itself (socket.io rooms, which encode each event once for all).
   */
  handOff?: () => void;
}): Subscription {
  const { store, tail, actor, send } = opts;
  let cursor: string | null = null;
  let live = false;
  let closed = false;
  const held: CaseEvent[] = [];

  const deliver = (event: CaseEvent) => {
    if (cursor !== null && compareEventIds(event.id, cursor) <= 0) return;
    cursor = event.id;
    if (visibleTo(actor, event)) send(shownTo(actor, event));
  };
  const unsubscribe = tail.subscribe((event) => {
    if (closed) return;
    if (live) deliver(event);
    else held.push(event);
  });

  // The replay reads the log only up to what the tail had handed out when we subscribed;
  // everything after that comes through the tail, so a hand-off can never repeat an event.
  const upTo = tail.lastDelivered;
  const ready = (async () => {
    // Without a since, the connection starts where the live stream is.
    cursor = opts.since ?? upTo;
    // A short drop: the tail still holds everything since, so nothing is read from Redis.
    const recent = tail.recentAfter(cursor);
    if (recent) {
      for (const event of recent) if (compareEventIds(event.id, upTo) <= 0) deliver(event);
    } else {
      for (;;) {
        const page = await store.eventsAfter(cursor, PAGE);
        if (closed) return cursor;
        const within = page.filter((e) => compareEventIds(e.id, upTo) <= 0);
        for (const event of within) deliver(event);
        if (page.length < PAGE || within.length < page.length) break;
      }
    }
    for (const event of held.splice(0)) deliver(event);
    if (opts.handOff) {
      unsubscribe();
      opts.handOff();
    } else {
      live = true;
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
