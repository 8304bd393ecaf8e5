// Which week the roster grid shows, which day the coverage table shows, and that week's
// arrivals per hour from the statistics (one request per week shown; the shifts come from the
// roster the page already holds, so an edit shows in the coverage at once).
import type { Shift } from '../../shared/roster.ts';
import type { Stats } from '../../shared/stats-schemas.ts';
import { ApiError } from './api.ts';
import { hourlyCoverage, type HourCoverage } from './coverage.ts';
import { loadFailureText } from './messages.ts';
import { addDays, danishDay, defaultWeek, mondayOf, weekDays } from './roster-week.ts';

export interface WeekDeps {
  /** GET /api/stats with this range (Danish dates, `to` not included) and hourly buckets. */
  fetchStats(from: string, to: string): Promise<Pick<Stats, 'buckets' | 'arrivals'>>;
  /** The range the statistics use when none is named: the rollout week from the config. */
  fetchRollout(): Promise<{ from: number; to: number } | null>;
  now(): number;
  /** The wait before another try while the server's figures catch up (503). */
  retryDelayMs?: number;
}

const TRIES = 3;

export class RosterWeekState {
  monday = $state(mondayOf(danishDay(Date.now())));
  day = $state(danishDay(Date.now()));
  arrivals = $state.raw<Pick<Stats, 'buckets' | 'arrivals'> | null>(null);
  loadError = $state<string | null>(null);
  #deps: WeekDeps;
  #asked = 0;

  constructor(deps: WeekDeps) {
    this.#deps = deps;
    this.monday = mondayOf(danishDay(deps.now()));
    this.day = this.monday;
  }

  days = $derived(weekDays(this.monday));

  /** Opens on the rollout week, or this week while the rollout runs. */
  async open(): Promise<void> {
    const rollout = await this.#deps.fetchRollout().catch(() => null);
    await this.show(defaultWeek(this.#deps.now(), rollout));
  }

  /** Shows the week `date` falls in; the coverage shows today if it is in that week, else the Monday. */
  async show(date: string, day?: string): Promise<void> {
    const monday = mondayOf(date);
    const today = danishDay(this.#deps.now());
    this.day = day ?? (mondayOf(today) === monday ? today : monday);
    if (monday === this.monday && this.arrivals) return;
    this.monday = monday;
    await this.load();
  }

  step(weeks: number): Promise<void> {
    return this.show(addDays(this.monday, 7 * weeks));
  }

  async load(): Promise<void> {
    const asked = ++this.#asked;
    const monday = this.monday;
    this.arrivals = null;
    this.loadError = null;
    for (let attempt = 1; ; attempt++) {
      try {
        const stats = await this.#deps.fetchStats(monday, addDays(monday, 7));
        if (asked === this.#asked) this.arrivals = stats;
        return;
      } catch (err) {
        const retry = err instanceof ApiError && err.status === 503 && attempt < TRIES;
        if (!retry) {
          if (asked === this.#asked) this.loadError = loadFailureText(err);
          return;
        }
        await new Promise((r) => setTimeout(r, this.#deps.retryDelayMs ?? 1000));
      }
    }
  }

  /** The chosen day's hours: people on shift (from `shifts`) beside the arrivals. */
  coverage(shifts: readonly Shift[]): HourCoverage[] {
    const stats = this.arrivals;
    if (!stats) return [];
    const day = this.day;
    const picked = stats.buckets.map((b, i) => ({ b, n: stats.arrivals.total[i] ?? 0 })).filter(({ b }) => danishDay(Date.parse(b.start)) === day);
    return hourlyCoverage(
      shifts,
      picked.map((p) => p.b),
      picked.map((p) => p.n),
    );
  }
}
