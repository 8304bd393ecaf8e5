// A long column shows its newest cards first and the rest on request. "Løst i dag" grows all
// day; a board that held every one of them would grow with it. Older resolved cases are not on
// the board at all: the server hands them out page by page, newest first, as a history.

export interface OlderPage<T> {
  items: T[];
  /** Where the next page starts; null after the last one. */
  next: string | null;
}

export interface OlderPages<T> {
  /** The page of cases resolved before `cursor` (null: the first page, from the start of today). */
  load(cursor: string | null, limit: number): Promise<OlderPage<T>>;
}

export class ColumnPaging<T extends { id: string }> {
  readonly pageSize: number;
  expanded = $state(false);
  loading = $state(false);
  /** The older pages loaded so far, in the order the server gave them. */
  older = $state.raw<T[]>([]);
  /** The next page's cursor; null when the history has no more; undefined before the first page. */
  next = $state<string | null | undefined>(undefined);
  failed = $state(false);
  readonly #source: OlderPages<T> | null;
  // A page that lands after "show fewer" belongs to a history nobody is looking at any more.
  #generation = 0;

  constructor(pageSize = 20, source: OlderPages<T> | null = null) {
    this.pageSize = pageSize;
    this.#source = source;
  }

  visible(items: readonly T[]): readonly T[] {
    return this.expanded ? items : items.slice(0, this.pageSize);
  }

  hidden(items: readonly T[]): number {
    return items.length - this.visible(items).length;
  }

  /** Whether there is a history to ask for, or more of it. */
  get hasOlder(): boolean {
    return this.#source !== null && this.next !== null;
  }

  /** Shows every card the board holds, and the first page of the history when a source is plugged in. */
  async showAll(): Promise<void> {
    this.expanded = true;
    await this.showMore();
  }

  /** The next page of the history. */
  async showMore(): Promise<void> {
    if (!this.#source || this.loading || this.next === null) return;
    const generation = this.#generation;
    this.loading = true;
    this.failed = false;
    try {
      const page = await this.#source.load(this.next ?? null, this.pageSize);
      if (generation !== this.#generation) return;
      const known = new Set(this.older.map((c) => c.id));
      this.older = [...this.older, ...page.items.filter((c) => !known.has(c.id))];
      this.next = page.next;
    } catch {
      if (generation === this.#generation) this.failed = true;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  showFewer(): void {
    this.#generation++;
    this.expanded = false;
    this.loading = false;
    this.failed = false;
    this.older = [];
    this.next = undefined;
  }
}
