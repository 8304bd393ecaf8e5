// The roster on the board: who is on duty now and next, kept fresh by reading it again every
// minute (a roster changes a few times a day; the clock moves the strip on in between).
import { formatRosterTime, nextOnDuty, onDutyNow, type Shift } from '../../shared/roster.ts';
import { ApiError, request } from './api.ts';
import { Loadable } from './loadable.svelte.ts';

export interface Person {
  username: string;
  name: string;
}

export type ImportOutcome = { ok: true; count: number } | { ok: false; line: number; message: string; code?: string; params?: Record<string, string | number> };

export const ROSTER_REFRESH_MS = 60_000;

export class RosterState extends Loadable {
  shifts = $state.raw<Shift[]>([]);
  people = $state.raw<Person[]>([]);

  readonly #clock: { readonly now: Date };
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(clock: { readonly now: Date }) {
    super();
    this.#clock = clock;
  }

  onDuty = $derived.by(() => onDutyNow(this.shifts, this.#clock.now));
  next = $derived.by(() => nextOnDuty(this.shifts, this.#clock.now));
  #names = $derived(new Map(this.people.map((p) => [p.username, p.name])));

  /** Shifts grouped by their Danish calendar day, in order. */
  byDay = $derived.by(() => {
    const days = new Map<string, Shift[]>();
    for (const s of this.shifts) {
      const day = formatRosterTime(s.start).slice(0, 10);
      days.set(day, [...(days.get(day) ?? []), s]);
    }
    return [...days.entries()].map(([day, shifts]) => ({ day, shifts }));
  });

  nameOf(username: string): string {
    return this.#names.get(username) ?? username;
  }

  start(): void {
    this.stop();
    void this.load();
    this.#timer = setInterval(() => void this.load(), ROSTER_REFRESH_MS);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  async load(): Promise<void> {
    // The last roster stays on screen; the next refresh tries again.
    await this.read(async () => {
      const [roster, people] = await Promise.all([
        request<{ shifts: Shift[] }>('/api/roster'),
        request<{ people: Person[] }>('/api/roster/people'),
      ]);
      this.shifts = roster.shifts;
      this.people = people.people;
    });
  }

  /** Replaces the whole roster (the lead's add and remove); throws ApiError with the server's reason. */
  async replace(shifts: Shift[]): Promise<void> {
    const body = await request<{ shifts: Shift[] }>('/api/roster', { method: 'PUT', body: { shifts } });
    this.shifts = body.shifts;
  }

  /** Gives one shift new times (moving it); the answer's roster is the stored one. Throws ApiError with the reason. */
  async update(id: string, times: { start: string; end: string }): Promise<Shift> {
    const body = await request<{ shift: Shift; shifts: Shift[] }>(`/api/roster/${encodeURIComponent(id)}`, { method: 'PUT', body: times });
    this.shifts = body.shifts;
    return body.shift;
  }

  add(shift: Shift): Promise<void> {
    return this.replace([...this.shifts, shift]);
  }

  remove(shift: Shift): Promise<void> {
    return this.replace(this.shifts.filter((s) => s !== shift));
  }

  /**
   * The server checks the file (lines, times, overlaps, names) and answers with the line and the
   * refusal's code; the board carries no CSV reader of its own for a lead's occasional import.
   */
  async importCsv(text: string): Promise<ImportOutcome> {
    try {
      const body = await request<{ shifts: Shift[] }>('/api/roster', { method: 'PUT', text: { body: text, contentType: 'text/csv' } });
      this.shifts = body.shifts;
      return { ok: true, count: body.shifts.length };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, line: Number((err.body as { line?: number } | null)?.line ?? 0), message: err.message, code: err.code, params: err.params };
      throw err;
    }
  }
}
