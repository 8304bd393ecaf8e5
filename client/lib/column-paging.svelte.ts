// A long column shows its newest cards first and the rest on request. "Løst i dag" grows all
// day; a board that held every one of them would grow with it.
export interface OlderPages<T> {
  /** Loads the page before the oldest card the board holds (the server pages resolved cases by time). */
  load(before: T | undefined, limit: number): Promise<void>;
}

export class ColumnPaging<T> {
  readonly pageSize: number;
  expanded = $state(false);
  loading = $state(false);
  readonly #older: OlderPages<T> | null;

  constructor(pageSize = 20, older: OlderPages<T> | null = null) {
    this.pageSize = pageSize;
    this.#older = older;
  }

  visible(items: readonly T[]): readonly T[] {
    return this.expanded ? items : items.slice(0, this.pageSize);
  }

  hidden(items: readonly T[]): number {
    return items.length - this.visible(items).length;
  }

  /** Shows every card the board holds, and asks for the older ones when a source is plugged in. */
  async showAll(items: readonly T[]): Promise<void> {
    this.expanded = true;
    if (!this.#older || this.loading) return;
    this.loading = true;
    try {
      await this.#older.load(items.at(-1), this.pageSize);
    } finally {
      this.loading = false;
    }
  }

  showFewer(): void {
    this.expanded = false;
  }
}
