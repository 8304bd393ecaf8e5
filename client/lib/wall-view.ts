// What the wall screen shows, worked out from the board's cases: pure, so it is tested without
// a screen. The board keeps the cases live; these only pick and order.
import type { Case } from '../../shared/case.ts';
import type { ProblemView } from '../../shared/problem.ts';
import { recurringGroups } from '../../shared/recurring.ts';
import { timeLeftMs, type SlaClockKind } from '../../shared/sla.ts';
import { groupsWithoutProblem } from './recurring-view.ts';

const byCreated = (a: Case, b: Case) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

/** The unclaimed case that has waited longest, and for how long. */
export function oldestUnclaimed(cases: Iterable<Case>, now: number): { case: Case; waitedMs: number } | null {
  const unclaimed = [...cases].filter((c) => c.status === 'new').sort(byCreated);
  const oldest = unclaimed[0];
  return oldest ? { case: oldest, waitedMs: now - Date.parse(oldest.createdAt) } : null;
}

export interface Breach {
  case: Case;
  clock: SlaClockKind;
  /** How long past the target; 0 when the server flagged it a moment before this screen's clock. */
  overMs: number;
}

/**
 * Open cases with a breached clock, flagged by the server or past its target by this screen's
 * clock: claim or resolve while new, resolve after. The most overdue first.
 */
export function breaches(cases: Iterable<Case>, now: number): Breach[] {
  const out: Breach[] = [];
  for (const c of cases) {
    if (c.status === 'resolved') continue;
    for (const clock of ['claim', 'resolve'] as const) {
      const sla = c.sla[clock];
      const left = timeLeftMs(sla, now);
      // A late claim is history once someone has the case; what is left to act on is its resolve clock.
      if (clock === 'claim' && c.status !== 'new') continue;
      if (sla.breached || (left !== null && left <= 0)) {
        out.push({ case: c, clock, overMs: Math.max(0, -(left ?? 0)) });
        break;
      }
    }
  }
  return out.sort((a, b) => b.overMs - a.overMs || byCreated(a.case, b.case));
}

export function latestCases(cases: Iterable<Case>, count: number): Case[] {
  return [...cases].sort((a, b) => byCreated(b, a)).slice(0, count);
}

export interface HotProblem {
  key: string;
  /** A named problem's title, or the first case's title for a group nobody has named yet. */
  title: string;
  named: boolean;
  openCases: number;
  institutions: number;
}

/**
 * The recurring problems still hurting: named problems with open cases, and groups of
 * look-alike cases from two or more centres that nobody has named yet. Most centres first.
 */
export function hotProblems(cases: readonly Case[], problems: readonly ProblemView[], limit = 5): HotProblem[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const hot: HotProblem[] = [];
  for (const p of problems) {
    if (p.problem.status === 'resolved') continue;
    const linked = cases.filter((c) => c.problem?.id === p.problem.id);
    const open = linked.filter((c) => c.status !== 'resolved');
    if (open.length === 0) continue;
    hot.push({ key: `p-${p.problem.id}`, title: p.problem.title, named: true, openCases: open.length, institutions: new Set(linked.map((c) => c.institution)).size });
  }
  for (const g of groupsWithoutProblem(recurringGroups(cases), (id) => byId.get(id))) {
    if (g.institutions.length < 2) continue;
    const members = g.caseIds.map((id) => byId.get(id)!).sort(byCreated);
    hot.push({
      key: `g-${members[0].id}`,
      title: members[0].title,
      named: false,
      openCases: members.filter((c) => c.status !== 'resolved').length,
      institutions: g.institutions.length,
    });
  }
  return hot.sort((a, b) => b.institutions - a.institutions || b.openCases - a.openCases || a.title.localeCompare(b.title, 'da')).slice(0, limit);
}

/**
 * What the breach panel lists when nothing is past its target, so it never repeats the figure
 * above it: the unclaimed cases that have waited longest, or else the open cases that have.
 */
export function longestWaiting(cases: Iterable<Case>, count: number): { kind: 'unclaimed' | 'open'; list: Case[] } {
  const all = [...cases].sort(byCreated);
  const unclaimed = all.filter((c) => c.status === 'new');
  if (unclaimed.length > 0) return { kind: 'unclaimed', list: unclaimed.slice(0, count) };
  return { kind: 'open', list: all.filter((c) => c.status !== 'resolved').slice(0, count) };
}
