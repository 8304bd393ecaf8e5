// Known problems and the recurring groups of cases, kept live for the team. The problems
// themselves come from the server (loaded on every connect, then 'problem:changed'); which
// cases belong to them, and which cases look alike, is read off the board's own cases, so a
// link made anywhere shows here as soon as its case event arrives.
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { Case } from '../../shared/case.ts';
import { viewProblem, type Problem, type ProblemView } from '../../shared/problem.ts';
import type { RecurringGroup } from '../../shared/recurring.ts';
import type { BoardChange } from './board.svelte.ts';
import { RecurringIndex } from './recurring-index.ts';
import { request } from './api.ts';
import { attempt, type Http, type Outcome } from './outcome.ts';
import { groupsWithoutProblem } from './recurring-view.ts';
import { Loadable } from './loadable.svelte.ts';

export interface CaseSource {
  readonly cases: ReadonlyMap<string, Case>;
}

/** A board that also tells of every case it takes, and every reload, as it happens (BoardState.watch). */
export interface WatchedCases extends CaseSource {
  watch(watcher: (change: BoardChange) => void): () => void;
}

const STATUS_ORDER = { resolving: 0, open: 1, resolved: 2 } as const;

export class ProblemsState extends Loadable {
  readonly problems = new SvelteMap<string, Problem>();

  readonly #board: CaseSource;
  readonly #http: Http;

  constructor(board: WatchedCases, http: Http = request) {
    super();
    this.#board = board;
    this.#http = http;
    this.#index = new RecurringIndex(board.cases);
    untrack(() => this.#index.reset());
    board.watch((change) => {
      const changed = untrack(() => (change.reset ? (this.#index.reset(), true) : this.#index.put(change.before, change.after)));
      if (changed) this.#revision++;
    });
  }

  /**
   * The recurring groups, kept up to date case by case as the board takes them: a claim or a note
   * changes no group and costs nothing here, a new match joins two groups in place. Grouping
   * every case again on every event was a long task per frame on a board of thousands of cards.
   */
  readonly #index: RecurringIndex;
  /** Moves on whenever a group changes. */
  #revision = $state(0);

  groups = $derived.by((): RecurringGroup[] => {
    void this.#revision;
    return this.#index.groups();
  });

  /** Groups of look-alike cases not yet made a problem. */
  looseGroups = $derived.by(() => groupsWithoutProblem(this.groups, (id) => this.#board.cases.get(id)));

  /** Every problem with its cases; the ones still being worked on first, the latest arrivals first. */
  views = $derived.by((): ProblemView[] => {
    const linked = new Map<string, Case[]>();
    for (const c of this.#board.cases.values()) if (c.problem) linked.set(c.problem.id, [...(linked.get(c.problem.id) ?? []), c]);
    return [...this.problems.values()]
      .map((p) => viewProblem(p, linked.get(p.id) ?? []))
      .sort(
        (a, b) =>
          STATUS_ORDER[a.problem.status] - STATUS_ORDER[b.problem.status] ||
          (b.lastAt ?? b.problem.createdAt).localeCompare(a.lastAt ?? a.problem.createdAt) ||
          a.problem.id.localeCompare(b.problem.id),
      );
  });

  /** Problems a case can still be linked to. */
  openProblems = $derived(this.views.filter((v) => v.problem.status === 'open').map((v) => v.problem));

  groupOf(caseId: string): RecurringGroup | null {
    void this.#revision;
    return this.#index.groupOf(caseId);
  }

  get(id: string): Problem | undefined {
    return this.problems.get(id);
  }

  async load(): Promise<void> {
    await this.read(async () => {
      const body = await this.#http<{ problems: ProblemView[] }>('/api/problems');
      this.problems.clear();
      for (const v of body.problems) this.problems.set(v.problem.id, v.problem);
    });
  }

  /** A problem from the socket or an answer: an older copy than the one held is dropped. */
  changed(problem: Problem): void {
    const known = this.problems.get(problem.id);
    if (!known || problem.version >= known.version) this.problems.set(problem.id, problem);
  }

  create(title: string, caseIds: string[]): Promise<Outcome<Problem>> {
    return this.#send('/api/problems', 'POST', { title, caseIds });
  }

  update(id: string, patch: { title?: string; vendorRef?: string | null }): Promise<Outcome<Problem>> {
    return this.#send(`/api/problems/${encodeURIComponent(id)}`, 'PUT', patch);
  }

  announce(id: string, message: string): Promise<Outcome<Problem>> {
    return this.#send(`/api/problems/${encodeURIComponent(id)}/notice`, 'PUT', { message });
  }

  withdraw(id: string): Promise<Outcome<Problem>> {
    return this.#send(`/api/problems/${encodeURIComponent(id)}/notice`, 'DELETE');
  }

  /** Resolves every open case of the problem; cut off halfway, the same call again finishes it. */
  resolve(id: string, resolution: string, answerId: string | null): Promise<Outcome<Problem>> {
    return this.#send(`/api/problems/${encodeURIComponent(id)}/resolve`, 'POST', { resolution, answerId });
  }

  async #send(path: string, method: string, body?: unknown): Promise<Outcome<Problem>> {
    const outcome = await attempt(async () => (await this.#http<{ problem: Problem }>(path, { method, body })).problem);
    if (outcome.ok) this.changed(outcome.value);
    return outcome;
  }
}
