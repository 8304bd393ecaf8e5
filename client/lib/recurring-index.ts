// The recurring groups of the board's cases (shared/recurring.ts says what a group is), kept up
// to date case by case. Regrouping every case on every event cost a long task per frame on a
// board of thousands of linked cases; here a new case or a new match joins groups in place, and
// only a match that disappears, or a reload, groups everything again.
import type { Case } from '../../shared/case.ts';
import { byCaseNumber, recurringGroups, type RecurringGroup } from '../../shared/recurring.ts';

export class RecurringIndex {
  readonly #cases: ReadonlyMap<string, Case>;
  #parent = new Map<string, string>();
  /** The members of each group's root, unsorted. */
  #members = new Map<string, string[]>();
  /** Each case's matches as last taken, to see whether a newer copy dropped one. */
  #matches = new Map<string, readonly string[]>();
  /** Matches to cases the board does not hold (yet): target id → the cases that named it. */
  #waiting = new Map<string, string[]>();
  /** Groups as the board shows them, by root; dropped when the group changes. */
  #built = new Map<string, RecurringGroup>();
  #sorted: RecurringGroup[] | null = null;

  /** `cases` is the board's own map, read (never written) for a case's institution. */
  constructor(cases: ReadonlyMap<string, Case>) {
    this.#cases = cases;
  }

  /** Groups everything again from the board's cases. */
  reset(): void {
    this.#parent.clear();
    this.#members.clear();
    this.#matches.clear();
    this.#waiting.clear();
    this.#built.clear();
    this.#sorted = null;
    for (const c of this.#cases.values()) this.#take(undefined, c);
  }

  /**
   * Takes a case the board now holds (`after`, replacing `before`, its copy until now).
   * True if any group changed.
   */
  put(before: Case | undefined, after: Case): boolean {
    const was = this.#matches.get(after.id);
    if (was && was.some((id) => !after.similar.some((s) => s.caseId === id))) {
      // A match taken back cannot be undone in place: everything is grouped again.
      this.reset();
      return true;
    }
    return this.#take(before, after);
  }

  /** The group of a case, or null when nothing like it is on the board. */
  groupOf(caseId: string): RecurringGroup | null {
    if (!this.#parent.has(caseId)) return null;
    return this.#group(this.#find(caseId));
  }

  /** Every group of two or more, as shared/recurring.ts orders them. */
  groups(): RecurringGroup[] {
    if (this.#sorted) return this.#sorted;
    const out: RecurringGroup[] = [];
    for (const root of this.#members.keys()) {
      const g = this.#group(root);
      if (g) out.push(g);
    }
    out.sort((a, b) => b.institutions.length - a.institutions.length || b.caseIds.length - a.caseIds.length || byCaseNumber(a.caseIds[0], b.caseIds[0]));
    this.#sorted = out;
    return out;
  }

  #take(before: Case | undefined, after: Case): boolean {
    const id = after.id;
    let changed = false;
    if (!this.#parent.has(id)) {
      this.#parent.set(id, id);
      this.#members.set(id, [id]);
    }
    // Cases that named this one before it was on the board.
    const named = this.#waiting.get(id);
    if (named) {
      this.#waiting.delete(id);
      for (const other of named) changed = this.#union(other, id) || changed;
    }
    if (before && before.similar === after.similar) return changed;
    const matches = after.similar.map((s) => s.caseId);
    this.#matches.set(id, matches);
    for (const target of matches) {
      if (target === id) continue;
      if (this.#parent.has(target)) changed = this.#union(id, target) || changed;
      else {
        const list = this.#waiting.get(target);
        if (!list) this.#waiting.set(target, [id]);
        else if (!list.includes(id)) list.push(id);
      }
    }
    return changed;
  }

  #find(id: string): string {
    let root = id;
    for (let next = this.#parent.get(root)!; next !== root; next = this.#parent.get(root)!) root = next;
    for (let at = id; at !== root; ) {
      const next = this.#parent.get(at)!;
      this.#parent.set(at, root);
      at = next;
    }
    return root;
  }

  /** Joins the groups of two cases on the board; the smaller one moves into the larger. */
  #union(a: string, b: string): boolean {
    let ra = this.#find(a);
    let rb = this.#find(b);
    if (ra === rb) return false;
    let ma = this.#members.get(ra)!;
    let mb = this.#members.get(rb)!;
    if (ma.length < mb.length) {
      [ra, rb] = [rb, ra];
      [ma, mb] = [mb, ma];
    }
    for (const m of mb) ma.push(m);
    this.#parent.set(rb, ra);
    this.#members.delete(rb);
    this.#built.delete(ra);
    this.#built.delete(rb);
    this.#sorted = null;
    return true;
  }

  #group(root: string): RecurringGroup | null {
    const members = this.#members.get(root);
    if (!members || members.length < 2) return null;
    let g = this.#built.get(root);
    if (!g) {
      const caseIds = members.slice().sort(byCaseNumber);
      const institutions = [...new Set(caseIds.map((id) => this.#cases.get(id)?.institution ?? ''))].sort();
      g = { caseIds, institutions };
      this.#built.set(root, g);
    }
    return g;
  }
}

/** What the index must always equal: the groups shared/recurring.ts makes of the same cases. */
export function groupsFromScratch(cases: ReadonlyMap<string, Case>): RecurringGroup[] {
  const linked = new Map<string, Case>();
  for (const c of cases.values()) {
    for (const s of c.similar) {
      const other = cases.get(s.caseId);
      if (!other) continue;
      linked.set(c.id, c);
      linked.set(other.id, other);
    }
  }
  return recurringGroups(linked.values());
}
