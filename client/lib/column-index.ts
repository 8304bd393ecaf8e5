// The board's columns kept in order as cases change, one card at a time: a binary search finds
// where a case leaves and where it lands, so an event costs a splice, not a sort of every case.
import { COLUMNS, columnOf, compareForColumn, type ColumnId } from '../../shared/board.ts';
import type { Case } from '../../shared/case.ts';

export type Columns = Record<ColumnId, readonly Case[]>;

const COMPARE = Object.fromEntries(COLUMNS.map((c) => [c.id, compareForColumn(c.id)])) as Record<ColumnId, (a: Case, b: Case) => number>;

/** The first index whose case sorts at or after `item`. */
function lowerBound(list: readonly Case[], item: Case, compare: (a: Case, b: Case) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid], item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every case in its column, each column sorted as the board shows it (the resolved column holds
 * every resolved case; which of them count as today is the board's choice). Columns published by
 * `publish` are never changed afterwards: a batch copies a column once, the first time it touches it.
 */
export class ColumnIndex {
  #cols: Record<ColumnId, Case[]> = { new: [], in_progress: [], waiting: [], resolved: [] };
  #touched = new Set<ColumnId>();

  reset(cases: Iterable<Case>): void {
    const cols: Record<ColumnId, Case[]> = { new: [], in_progress: [], waiting: [], resolved: [] };
    for (const c of cases) cols[columnOf(c.status)].push(c);
    for (const col of COLUMNS) cols[col.id].sort(COMPARE[col.id]);
    this.#cols = cols;
    this.#touched.clear();
  }

  /** Replaces `before` (the copy the board held, if any) with `after`. */
  put(before: Case | undefined, after: Case): void {
    if (before) this.#remove(before);
    const col = columnOf(after.status);
    const list = this.#writable(col);
    list.splice(lowerBound(list, after, COMPARE[col]), 0, after);
  }

  /** The columns as they are now; the next change copies what it touches. */
  publish(): Columns {
    this.#touched.clear();
    return { ...this.#cols };
  }

  #remove(item: Case): void {
    const col = columnOf(item.status);
    const list = this.#writable(col);
    let at = lowerBound(list, item, COMPARE[col]);
    // The comparator ends on the id, so the search lands on the case itself; the scan is a safety net.
    if (list[at]?.id !== item.id) at = list.findIndex((c) => c.id === item.id);
    if (at >= 0) list.splice(at, 1);
  }

  #writable(col: ColumnId): Case[] {
    if (!this.#touched.has(col)) {
      this.#cols[col] = this.#cols[col].slice();
      this.#touched.add(col);
    }
    return this.#cols[col];
  }
}
