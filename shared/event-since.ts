// Whether a reader can go on from the event id it last applied: one rule for GET /api/events,
// the WebSocket feed and the board's socket. Each transport words the verdict its own way
// (400/410, sync:ready and a hang-up, sync:reset); the rule itself lives only here.
import { compareEventIds, isEventId } from './events.ts';

export type SinceVerdict =
  | { ok: true }
  | { ok: false; code: 'invalid' | 'gone'; params: Record<string, string>; message: string };

/** The two ends of the log that decide a verdict, read when `since` is a well-formed id. */
export interface LogEnds {
  /** The newest event id; "0-0" while the log is empty. */
  lastEventId: string;
  /** Whether every event after `since` is still kept (none trimmed or purged). */
  retainsEventsAfter: boolean;
}

/**
 * `since` absent: from the start of the kept log. Malformed: invalid. Newer than the newest
 * event: invalid (the reader saw a log this one never had; it reloads the snapshot). Equal to
 * the newest: nothing to miss, so fine even when older events were trimmed — a snapshot of an
 * empty, purged log says "0-0", and refusing it would send that reader round in a loop.
 * Otherwise gone unless every event after it is kept. "0-0" is an id like any other: the start.
 * `parameter` names where the id came from (`since`, the socket's `lastEventId`).
 */
export function checkSince(since: string | null | undefined, log: LogEnds, parameter = 'since'): SinceVerdict {
  if (since === null || since === undefined) return { ok: true };
  const shown = since.length > 40 ? `${since.slice(0, 40)}…` : since;
  if (!isEventId(since)) {
    return {
      ok: false,
      code: 'invalid',
      params: { parameter },
      message: `${parameter}=${JSON.stringify(shown)} is not an event id; send the "<ms>-<seq>" id of the last event applied, or "0-0" for the start of the log`,
    };
  }
  const order = compareEventIds(since, log.lastEventId);
  if (order > 0) {
    return {
      ok: false,
      code: 'invalid',
      params: { parameter, lastEventId: log.lastEventId },
      message: `${parameter}=${since} is newer than the newest event (${log.lastEventId}); reload the snapshot from GET /api/cases`,
    };
  }
  if (order === 0 || log.retainsEventsAfter) return { ok: true };
  return {
    ok: false,
    code: 'gone',
    params: { parameter },
    message: `Events after ${parameter}=${since} are no longer kept; load GET /api/cases and go on from its lastEventId`,
  };
}
