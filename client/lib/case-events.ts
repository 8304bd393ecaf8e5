// The board's event stream passed on to whoever else reads it (the dashboard's statistics),
// so the one socket serves them all and nothing opens a second stream.
import type { CaseEvent } from '../../shared/events.ts';

export type CaseEventListener = (event: CaseEvent) => void;

export class CaseEventHub {
  readonly #listeners = new Set<CaseEventListener>();

  emit(event: CaseEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** Returns the unsubscribe. */
  subscribe(listener: CaseEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
