// How an event is kept in the stream wr:events. Format 2 (field f = '2') holds what changed:
// type, caseId, at, actor, the command's data and the case's version after it (v), so an
// entry's size does not grow with the case's history. Entries written before it (no f) also
// hold a full copy of the case after them (field case); they are read as they are.
import { withDefaults, type Case } from '../../shared/case.ts';
import type { EventDraft, LeanEvent } from '../../shared/events.ts';

export const EVENT_FORMAT = '2';

export type StreamEntry = { id: string; message: Record<string, string> };

/** A stored event, and for an entry of the first format the case after it. */
export interface StoredEvent {
  event: LeanEvent;
  after: Case | null;
}

/** The values COMMIT_CASE writes per event, in its order: type, caseId, at, actor, data, version. */
export function entryArgs(draft: EventDraft, version: number): string[] {
  return [draft.type, draft.caseId, draft.at, JSON.stringify(draft.actor), JSON.stringify(draft.data), String(version)];
}

export function decodeEntry(entry: StreamEntry): StoredEvent {
  const m = entry.message;
  const after = m.f === undefined && m.case !== undefined ? withDefaults(JSON.parse(m.case) as Case) : null;
  const event = {
    id: entry.id,
    type: m.type,
    caseId: m.caseId,
    at: m.at,
    actor: JSON.parse(m.actor),
    data: JSON.parse(m.data),
    version: after ? after.version : Number(m.v),
  } as LeanEvent;
  return { event, after };
}
