// The next help café for the wall screen and a superuser's page. Read when started, on every
// (re)connect and when the lead changes the settings; in between, one timer to the moment the
// shown café starts or ends moves it on, so nothing is asked for every second.
import { cafeAt, NEXT_CAFES_LIMIT, nextChangeAt } from '../../shared/next-cafe.ts';
import type { NextCafe } from '../../shared/next-cafe-schemas.ts';
import { request } from './api.ts';

/** setTimeout's longest wait; a café further off is looked at again after it. */
const LONGEST_WAIT = 2 ** 31 - 1;

export class NextCafeState {
  cafes = $state.raw<NextCafe[]>([]);
  now = $state(Date.now());
  /** The café to show: under way or the soonest to come; null when none is planned. */
  shown = $derived(cafeAt(this.cafes, this.now));
  underWay = $derived(this.shown !== null && Date.parse(this.shown.start) <= this.now);

  #started = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #asked = 0;
  #fetch: () => Promise<NextCafe[]>;

  constructor(fetch: () => Promise<NextCafe[]> = async () => (await request<{ cafes: NextCafe[] }>('/api/help-cafes/next')).cafes) {
    this.#fetch = fetch;
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
      this.cafes = cafes;
      this.#tick();
    } catch {
      // Shown as it was; the next reconnect or settings change reads it again.
    }
  }

  #tick(): void {
    this.#clear();
    this.now = Date.now();
    // The list was cut at the limit and has run out: there may be more cafés after it.
    if (this.shown === null && this.cafes.length >= NEXT_CAFES_LIMIT) {
      void this.load();
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
