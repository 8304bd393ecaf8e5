// The next help café for the wall screen and a superuser's page. Read when started, on every
// (re)connect and when the lead changes the settings; in between, one timer to the moment the
// shown café starts or ends moves it on, so nothing is asked for every second.
import { cafeAt, NEXT_CAFES_LIMIT, nextChangeAt } from '../../shared/next-cafe.ts';
import type { NextCafe } from '../../shared/next-cafe-schemas.ts';
import { request } from './api.ts';

/** setTimeout's longest wait; a café further off is looked at again after it. */
const LONGEST_WAIT = 2 ** 31 - 1;

export interface NextCafeTiming {
  /**
   * After a reload that brings no café ahead, the wait before asking again: the server drops a café
   * only once it has ended by its own clock, so a browser whose clock runs ahead would otherwise ask
   * in a tight loop.
   */
  pause: number;
  /** The first wait after a failed read; it doubles with every failure in a row, up to `longestRetry`. */
  retry: number;
  longestRetry: number;
}

const TIMING: NextCafeTiming = { pause: 30_000, retry: 5_000, longestRetry: 5 * 60_000 };

export class NextCafeState {
  cafes = $state.raw<NextCafe[]>([]);
  now = $state(Date.now());
  /** The café to show: under way or the soonest to come; null when none is planned. */
  shown = $derived(cafeAt(this.cafes, this.now));
  underWay = $derived(this.shown !== null && Date.parse(this.shown.start) <= this.now);

  #started = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #asked = 0;
  #failures = 0;
  #fetch: () => Promise<NextCafe[]>;
  #timing: NextCafeTiming;

  constructor(
    fetch: () => Promise<NextCafe[]> = async () => (await request<{ cafes: NextCafe[] }>('/api/help-cafes/next')).cafes,
    timing: Partial<NextCafeTiming> = {},
  ) {
    this.#fetch = fetch;
    this.#timing = { ...TIMING, ...timing };
  }

  start(): void {
    this.#started = true;
    void this.load();
  }

  stop(): void {
    this.#started = false;
    this.#clear();
  }

  /** Reads the list again; only while started, and an older answer never replaces a newer one. */
  async load(): Promise<void> {
    if (!this.#started) return;
    const asked = ++this.#asked;
    try {
      const cafes = await this.#fetch();
      if (asked !== this.#asked || !this.#started) return;
      this.#failures = 0;
      this.cafes = cafes;
      this.#tick(true);
    } catch {
      if (asked !== this.#asked || !this.#started) return;
      // Shown as it was, and asked again later, a little later after every failure in a row.
      const wait = Math.min(this.#timing.retry * 2 ** this.#failures, this.#timing.longestRetry);
      this.#failures++;
      this.#clear();
      this.#timer = setTimeout(() => void this.load(), wait);
    }
  }

  /** `justRead`: the list has just come from the server. */
  #tick(justRead = false): void {
    this.#clear();
    this.now = Date.now();
    // The list was cut at the limit and has run out: there may be more cafés after it. Asked at once
    // when it ran out while shown, after a pause when a fresh list had already run out.
    if (this.shown === null && this.cafes.length >= NEXT_CAFES_LIMIT) {
      if (justRead) this.#timer = setTimeout(() => void this.load(), this.#timing.pause);
      else void this.load();
      return;
    }
    const at = nextChangeAt(this.cafes, this.now);
    if (at === null) return;
    this.#timer = setTimeout(() => this.#tick(), Math.min(Math.max(at - Date.now(), 0) + 50, LONGEST_WAIT));
  }

  #clear(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
