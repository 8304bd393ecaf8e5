// The team's presence as a board shows it: one entry per person and open case. Computed per
// person, so a change on one board touches only that person's entries; boards get the whole
// list once on connect and then only these per-person differences.
import type { PresenceDelta, PresenceEntry } from './socket-contract.ts';

export const presenceKey = (e: { userId: string; caseId: string | null }) => `${e.userId}|${e.caseId ?? ''}`;

/** Name (da), then case id: the order every board shows, whether built whole or from deltas. */
export function comparePresence(a: PresenceEntry, b: PresenceEntry): number {
  return a.name.localeCompare(b.name, 'da') || (a.caseId ?? '').localeCompare(b.caseId ?? '') || a.userId.localeCompare(b.userId);
}

/**
 * One person's entries from their open boards: each open case once; "idle" only when no
 * board of theirs has a case open (two tabs, one on a case: the case, not also idle).
 */
export function personEntries(boards: Iterable<PresenceEntry>): PresenceEntry[] {
  const byCase = new Map<string | null, PresenceEntry>();
  for (const b of boards) byCase.set(b.caseId, b);
  if (byCase.size > 1) byCase.delete(null);
  return [...byCase.values()];
}

/** What changed in one person's entries, added to `delta`. */
export function diffPerson(before: readonly PresenceEntry[], after: readonly PresenceEntry[], delta: PresenceDelta): void {
  const now = new Map(after.map((e) => [presenceKey(e), e]));
  for (const e of before) if (!now.has(presenceKey(e))) delta.removed.push({ userId: e.userId, caseId: e.caseId });
  const was = new Map(before.map((e) => [presenceKey(e), e]));
  for (const e of after) {
    const old = was.get(presenceKey(e));
    if (!old || old.name !== e.name || old.username !== e.username) delta.set.push(e);
  }
}

/** The list after a delta: removals first, then the entries set (added or replaced), in board order. */
export function applyPresenceDelta(entries: readonly PresenceEntry[], delta: PresenceDelta): PresenceEntry[] {
  const map = new Map(entries.map((e) => [presenceKey(e), e]));
  for (const r of delta.removed) map.delete(presenceKey(r));
  for (const e of delta.set) map.set(presenceKey(e), e);
  return [...map.values()].sort(comparePresence);
}
