// The browser's localStorage kept in memory, for unit tests that run outside a browser.
export class MemoryStorage implements Storage {
  #m = new Map<string, string>();

  get length(): number {
    return this.#m.size;
  }
  key(index: number): string | null {
    return [...this.#m.keys()][index] ?? null;
  }
  getItem(k: string): string | null {
    return this.#m.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.#m.set(k, String(v));
  }
  removeItem(k: string): void {
    this.#m.delete(k);
  }
  clear(): void {
    this.#m.clear();
  }
}

/** Gives the test a fresh, empty localStorage. */
export function useMemoryStorage(): MemoryStorage {
  const storage = new MemoryStorage();
  globalThis.localStorage = storage;
  return storage;
}
