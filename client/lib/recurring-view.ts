// How recurring cases and problems are shown: which earlier case a card probably repeats,
// which groups still wait to become a problem, and where a link on a card leads.
import type { Case } from '../../shared/case.ts';
import type { RecurringGroup } from '../../shared/recurring.ts';

export interface CardRecurrence {
  /** The earliest other case in the group: "probably the same as #12". */
  sameAs: string;
  institutions: number;
  size: number;
}

export function recurrenceOf(caseId: string, group: RecurringGroup | null): CardRecurrence | null {
  if (!group) return null;
  const sameAs = group.caseIds.find((id) => id !== caseId);
  if (sameAs === undefined) return null;
  return { sameAs, institutions: group.institutions.length, size: group.caseIds.length };
}

/**
 * The groups that still need someone to make them a problem: their cases that are not linked
 * to one yet, when two or more are left and at least one is still open (a group that is all
 * answered already needs nothing).
 */
export function groupsWithoutProblem(groups: readonly RecurringGroup[], caseOf: (id: string) => Case | undefined): RecurringGroup[] {
  const out: RecurringGroup[] = [];
  for (const g of groups) {
    const loose = g.caseIds.map(caseOf).filter((c): c is Case => c !== undefined && c.problem === null);
    if (loose.length < 2 || loose.every((c) => c.status === 'resolved')) continue;
    out.push({ caseIds: loose.map((c) => c.id), institutions: [...new Set(loose.map((c) => c.institution))].sort() });
  }
  return out;
}

/** Case numbers as people type them: "12, #15 17" → ["12", "15", "17"], each once. */
export function parseCaseIds(text: string): string[] {
  return [...new Set(text.match(/\d+/g) ?? [])];
}

/**
 * A link safe to put in href: only web addresses. The server already refuses anything else;
 * this keeps a `javascript:` URL from ever reaching the page should one slip into the data.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** What a link into the Problems view points at: "#/problems?problem=7" or "?case=12". */
export type ProblemsFocus = { kind: 'problem'; id: string } | { kind: 'case'; id: string } | null;

export function problemsHref(focus: Exclude<ProblemsFocus, null>): string {
  return `#/problems?${focus.kind}=${encodeURIComponent(focus.id)}`;
}

export function parseProblemsFocus(query: string): ProblemsFocus {
  const params = new URLSearchParams(query);
  const problem = params.get('problem');
  if (problem) return { kind: 'problem', id: problem };
  const c = params.get('case');
  return c ? { kind: 'case', id: c } : null;
}
