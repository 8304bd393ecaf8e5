// Catch-up then live, for one connection: replay the log after the client's last event,
// then pass on live events, never one twice and never one skipped. Live events that arrive
// during the replay are held and released after it, in order.
import type { Actor } from '../../shared/case.ts';
import { compareEventIds, type CaseEvent } from '../../shared/events.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { EventTail } from './event-tail.ts';

export function visibleTo(actor: Actor, event: CaseEvent): boolean {
  return actor.role !== 'reporter' || event.case.institution === actor.institution;
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
}): Subscription {
  const { store, tail, actor, send } = opts;
  let cursor: string | null = null;
  let live = false;
  let closed = false;
  const held: CaseEvent[] = [];

  const deliver = (event: CaseEvent) => {
    if (cursor !== null && compareEventIds(event.id, cursor) <= 0) return;
    cursor = event.id;
    if (visibleTo(actor, event)) send(event);
  };
  const unsubscribe = tail.subscribe((event) => {
    if (closed) return;
    if (live) deliver(event);
    else held.push(event);
  });

  const ready = (async () => {
    // Without a since, the connection starts at the log's current end.
    cursor = opts.since ?? (await store.lastEventId());
    for (;;) {
      const page = await store.eventsAfter(cursor, PAGE);
      if (closed) return cursor;
      for (const event of page) deliver(event);
      if (page.length < PAGE) break;
    }
    for (const event of held.splice(0)) deliver(event);
    live = true;
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
