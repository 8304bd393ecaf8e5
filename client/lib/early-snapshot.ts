// The snapshot request index.html starts before the app runs (its inline script). It is
// taken once per page: a later load (a resync, another login) asks the server afresh.
import type { Case } from '../../shared/case.ts';
import type { Snapshot } from './api.ts';

export interface EarlySnapshot {
  /** Date.now() when the request started. */
  at: number;
  response: Promise<Response | null>;
}

declare global {
  interface Window {
    /** undefined: not started (yet); null: taken, or not to be started any more. */
    warroomEarlySnapshot?: EarlySnapshot | null;
  }
}

/** Older than this, the board would start from a stale state and replay more than it needs to. */
export const EARLY_SNAPSHOT_MAX_AGE_MS = 30_000;

/**
 * Drops the early answer unread. It was asked for with whatever cookie the page opened with, so
 * only a board whose user the session check confirmed may take it; another login must not.
 */
export function dropEarlySnapshot(): void {
  if (typeof window !== 'undefined') window.warroomEarlySnapshot = null;
}

/**
 * The early answer as a snapshot, or null when there is none to take (already taken, never
 * started, too old, not a 200 with a snapshot): the caller then fetches its own. A 401 here only
 * says that nobody was logged in when the page opened, so it is no reason to log anyone out.
 */
export async function takeEarlySnapshot(now = Date.now()): Promise<Snapshot | null> {
  if (typeof window === 'undefined') return null;
  const early = window.warroomEarlySnapshot;
  // Marked as taken before anything is awaited: the script must not start a request after this.
  window.warroomEarlySnapshot = null;
  if (!early || now - early.at > EARLY_SNAPSHOT_MAX_AGE_MS) return null;
  try {
    const res = await early.response;
    if (!res || res.status !== 200) return null;
    const body = (await res.json()) as { cases?: unknown; lastEventId?: unknown };
    if (!Array.isArray(body.cases)) return null;
    return { cases: body.cases as Case[], lastEventId: typeof body.lastEventId === 'string' ? body.lastEventId : null };
  } catch {
    return null;
  }
}
