// The dashboard's "Det løste det" counts for a range, read again every minute. A failed read
// keeps the counts last read for the same range in view, with the failure beside them; counts
// of another range are never shown under this one's heading.
import type { DeflectionCounts } from '../../shared/suggestions.ts';
import type { TimeRange } from '../../shared/time-range.ts';

export class DeflectionStats {
  counts = $state.raw<DeflectionCounts | null>(null);
  failure = $state.raw<unknown>(null);

  readonly #read: (range: TimeRange) => Promise<DeflectionCounts>;
  /** The range asked for last, and the range `counts` belong to. */
  #asked = '';
  #shown = '';

  constructor(read: (range: TimeRange) => Promise<DeflectionCounts>) {
    this.#read = read;
  }

  async load(range: TimeRange): Promise<void> {
    const key = `${range.from}/${range.to}`;
    this.#asked = key;
    try {
      const got = await this.#read(range);
      if (this.#asked !== key) return;
      [this.counts, this.failure, this.#shown] = [got, null, key];
    } catch (err) {
      if (this.#asked !== key) return;
      this.failure = err;
      if (this.#shown !== key) this.counts = null;
    }
  }
}
