// Cases that probably describe the same problem, grouped: the intake records each case's best
// matches; a group is every case reachable through those links, so "seven centres in forty
// minutes" shows as one group whichever case arrived first.
import type { Case } from './case.ts';

export interface RecurringGroup {
  caseIds: string[];
  institutions: string[];
}

/** Case ids in the order people count them: "9" before "10". */
export const byCaseNumber = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Groups of two or more linked cases, largest first (then the one with the oldest case). */
export function recurringGroups(cases: Iterable<Case>): RecurringGroup[] {
  const byId = new Map<string, Case>();
  for (const c of cases) byId.set(c.id, c);
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    // Every case on the way points at the root from now on, so a long chain is walked once.
    for (let at = id; at !== root; ) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  for (const c of byId.values()) {
    parent.set(c.id, parent.get(c.id) ?? c.id);
    for (const s of c.similar) {
      if (!byId.has(s.caseId)) continue;
      parent.set(s.caseId, parent.get(s.caseId) ?? s.caseId);
      const [a, b] = [find(c.id), find(s.caseId)];
      if (a !== b) parent.set(a, b);
    }
  }
  const groups = new Map<string, string[]>();
  for (const id of byId.keys()) {
    const root = find(id);
    // Appended in place: copying the group for every member made a group of thousands cost millions of copies.
    const members = groups.get(root);
    if (members) members.push(id);
    else groups.set(root, [id]);
  }
  return [...groups.values()]
    .filter((ids) => ids.length > 1)
    .map((ids) => {
      const sorted = ids.sort(byCaseNumber);
      return { caseIds: sorted, institutions: [...new Set(sorted.map((id) => byId.get(id)!.institution))].sort() };
    })
    .sort((a, b) => b.institutions.length - a.institutions.length || b.caseIds.length - a.caseIds.length || byCaseNumber(a.caseIds[0], b.caseIds[0]));
}

/** The group a case belongs to, or null when nothing like it came in. */
export function groupOf(caseId: string, groups: RecurringGroup[]): RecurringGroup | null {
  return groups.find((g) => g.caseIds.includes(caseId)) ?? null;
}
