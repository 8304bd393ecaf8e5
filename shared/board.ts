// The board projection: how cases and events become columns. Shared so the server's
// snapshot and the browser's live board can never disagree on what a column holds.
import { PRIORITIES, type Case, type CaseStatus } from './case.ts';
import type { CaseEvent } from './events.ts';

export type ColumnId = 'new' | 'in_progress' | 'waiting' | 'resolved';

export interface ColumnDef {
  id: ColumnId;
  statuses: readonly CaseStatus[];
}

export const COLUMNS: readonly ColumnDef[] = [
  { id: 'new', statuses: ['new'] },
  { id: 'in_progress', statuses: ['claimed'] },
  // One column, shown in two parts: waiting on the reporter, and escalated to the vendor.
  { id: 'waiting', statuses: ['waiting', 'escalated'] },
  { id: 'resolved', statuses: ['resolved'] },
];

export function columnOf(status: CaseStatus): ColumnId {
  return COLUMNS.find((c) => c.statuses.includes(status))!.id;
}

/**
 * What a board should do with an incoming event, given the version it holds of that case.
 * 'gap' means an event went missing in between: the board must re-sync, not guess.
 */
export type EventFit = 'apply' | 'duplicate' | 'gap';

export function fitEvent(known: Case | undefined, event: CaseEvent): EventFit {
  const incoming = event.case.version;
  // A board holds the open cases and the recently resolved ones, so a note or a category change
  // on an older resolved case is expected news, not a sign of a lost event: the event carries the
  // whole case after it, and a resolved case needs nothing before it to be shown right.
  if (!known) return incoming === 1 || event.case.status === 'resolved' ? 'apply' : 'gap';
  if (incoming <= known.version) return 'duplicate';
  return incoming === known.version + 1 ? 'apply' : 'gap';
}

// PRIORITIES runs low → urgent, so a higher index is more urgent.
const urgency = (c: Case) => PRIORITIES.indexOf(c.priority);
// ISO timestamps order as plain strings; localeCompare would add collation rules for nothing.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// Case ids are stream-like counters: "9" is older than "10".
const compareIds = (a: string, b: string) => a.length - b.length || cmp(a, b);

/** Urgent first, then oldest first: the case that has waited longest gets taken next. */
export function compareForColumn(column: ColumnId) {
  return (a: Case, b: Case): number => {
    if (column === 'new') {
      return urgency(b) - urgency(a) || cmp(a.createdAt, b.createdAt) || compareIds(a.id, b.id);
    }
    return cmp(b.updatedAt, a.updatedAt) || compareIds(a.id, b.id);
  };
}

function sameLocalDay(iso: string, now: Date): boolean {
  const d = new Date(iso);
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
}

/** Groups cases into columns. The resolved column shows today's cases only, as the team works day by day. */
export function project(cases: Iterable<Case>, now: Date): Record<ColumnId, Case[]> {
  const out: Record<ColumnId, Case[]> = { new: [], in_progress: [], waiting: [], resolved: [] };
  for (const c of cases) {
    const col = columnOf(c.status);
    if (col === 'resolved' && !sameLocalDay(c.updatedAt, now)) continue;
    out[col].push(c);
  }
  for (const col of COLUMNS) out[col.id].sort(compareForColumn(col.id));
  return out;
}

export type DropCommand = 'claim' | 'release' | 'wait' | 'resume' | 'resolve' | 'reopen';

/**
 * Which command moves a card dropped from one column onto another, if any. Dropping on
 * Waiting means waiting on the reporter; escalating to the vendor is a button, as it needs a note.
 */
export function commandForDrop(from: ColumnId, to: ColumnId): DropCommand | null {
  if (from === to) return null;
  if (to === 'in_progress') return from === 'new' ? 'claim' : from === 'waiting' ? 'resume' : null;
  if (to === 'waiting') return from === 'in_progress' ? 'wait' : null;
  if (to === 'new') return from === 'in_progress' ? 'release' : from === 'resolved' ? 'reopen' : null;
  return 'resolve';
}
