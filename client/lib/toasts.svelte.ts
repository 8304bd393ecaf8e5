// Short messages over the board that nobody can miss: a refused move, a refused shortcut.
// The text is a function, so a message on screen follows a change of language.
export interface Toast {
  id: number;
  text: () => string;
}

export class Toasts {
  items = $state<Toast[]>([]);
  readonly #ttlMs: number;
  readonly #max: number;
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(ttlMs = 10_000, max = 3) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  show(text: () => string): number {
    const id = this.#next++;
    const items = [...this.items, { id, text }];
    for (const dropped of items.slice(0, Math.max(0, items.length - this.#max))) this.#forget(dropped.id);
    this.items = items.slice(-this.#max);
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), this.#ttlMs),
    );
    return id;
  }

  dismiss(id: number): void {
    this.#forget(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  dispose(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #forget(id: number): void {
    const t = this.#timers.get(id);
    if (t) clearTimeout(t);
    this.#timers.delete(id);
  }
}
