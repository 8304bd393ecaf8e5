// The answer library: how-to videos and guides that close many cases at once. The answers
// come from the server ('answer:changed' keeps them fresh); how often each one closed a case
// is counted from the board's cases, as the server counts it, so it moves with every resolve.
// "What still needs an answer" is the server's judgement and is read again while it is shown.
import type { Answer, AnswerInput, Library, Unanswered } from '../../shared/problem-schemas.ts';
import { request } from './api.ts';
import { attempt, type Http, type Outcome } from './outcome.ts';
import type { CaseSource } from './problems.svelte.ts';
import { Loadable } from './loadable.svelte.ts';

/** How long to gather case events before asking the server again what needs an answer. */
export const REFRESH_DELAY_MS = 1_000;

export class LibraryState extends Loadable {
  answers = $state.raw<Answer[]>([]);
  unanswered = $state.raw<Unanswered[]>([]);

  readonly #board: CaseSource;
  readonly #http: Http;
  readonly #delayMs: number;
  #watchers = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(board: CaseSource, http: Http = request, delayMs = REFRESH_DELAY_MS) {
    super();
    this.#board = board;
    this.#http = http;
    this.#delayMs = delayMs;
  }

  #uses = $derived.by(() => {
    const uses = new Map<string, number>();
    for (const c of this.#board.cases.values()) if (c.answer) uses.set(c.answer.id, (uses.get(c.answer.id) ?? 0) + 1);
    return uses;
  });

  /** Alphabetical, as people look for a title they remember. */
  sorted = $derived([...this.answers].sort((a, b) => a.title.localeCompare(b.title, 'da') || a.id.localeCompare(b.id)));

  usesOf(answerId: string): number {
    return this.#uses.get(answerId) ?? 0;
  }

  async load(): Promise<void> {
    await this.read(async () => {
      const body = await this.#http<Library>('/api/answers');
      // The server's `uses` is left behind: the board's count is the live one.
      this.answers = body.answers.map(({ uses: _uses, ...a }) => a);
      this.unanswered = body.unanswered;
    });
  }

  changed(answer: Answer): void {
    const rest = this.answers.filter((a) => a.id !== answer.id);
    this.answers = [...rest, answer];
  }

  async save(input: AnswerInput, id: string | null = null): Promise<Outcome<Answer>> {
    const path = id === null ? '/api/answers' : `/api/answers/${encodeURIComponent(id)}`;
    const outcome = await attempt(async () => (await this.#http<{ answer: Answer }>(path, { method: id === null ? 'POST' : 'PUT', body: input })).answer);
    if (outcome.ok) this.changed(outcome.value);
    return outcome;
  }

  /** While a view shows "what needs an answer", changes on the board make it ask again. */
  watch(): () => void {
    this.#watchers++;
    void this.load();
    return () => {
      this.#watchers--;
      if (this.#watchers === 0) this.#clearTimer();
    };
  }

  /** Something that may change the list happened (a case resolved, linked, matched; a problem or answer changed). */
  refreshSoon(): void {
    if (this.#watchers === 0 || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#watchers > 0) void this.load();
    }, this.#delayMs);
  }

  dispose(): void {
    this.#clearTimer();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
