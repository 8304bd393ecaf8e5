// Answers before sending, in the intake form: as the superuser types, the published notices and
// library answers that fit (GET /api/suggestions), asked for once the typing pauses; a request
// for text since changed is cancelled, so an older answer never replaces a newer one. "Det
// løste det" records a deflection: the case is not sent.
import { SUGGESTION_LIMITS } from '../../shared/suggestion-limits.ts';
import type { Suggestion } from '../../shared/suggestions.ts';
import type { ApiError } from './api.ts';

export interface SuggestionsDeps {
  fetch(text: string, signal: AbortSignal): Promise<Suggestion[]>;
  deflect(s: Pick<Suggestion, 'kind' | 'id'>, signal: AbortSignal): Promise<void>;
  /** The pause in typing before asking; 250 ms by default. */
  delayMs?: number;
}

export const SUGGESTION_DELAY_MS = 250;
const keyOf = (s: Pick<Suggestion, 'kind' | 'id'>) => `${s.kind}:${s.id}`;
const enoughLetters = (text: string) => (text.match(/\p{L}/gu)?.length ?? 0) >= SUGGESTION_LIMITS.minLetters;

export class IntakeSuggestions {
  items = $state.raw<Suggestion[]>([]);
  /** The suggestion being recorded as the solution, by kind and id. */
  recording = $state<string | null>(null);
  /** The suggestion that solved it: the form says the case was not sent. */
  deflected = $state.raw<Suggestion | null>(null);
  error = $state.raw<ApiError | null>(null);

  readonly #deps: SuggestionsDeps;
  #text = '';
  #timer: ReturnType<typeof setTimeout> | null = null;
  #controller: AbortController | null = null;
  /** The "Det løste det" on its way; aborted when the form goes away. */
  #deflecting: AbortController | null = null;

  constructor(deps: SuggestionsDeps) {
    this.#deps = deps;
  }

  static key = keyOf;

  /** The form's title and description as they are now. */
  update(title: string, description: string): void {
    const text = `${title.trim()}\n${description.trim()}`.trim().slice(0, SUGGESTION_LIMITS.text);
    if (text === this.#text) return;
    this.#text = text;
    // More typing is a new try: the line about an earlier failed "Det løste det" goes.
    this.error = null;
    if (text !== '') this.deflected = null;
    this.#cancel();
    if (!enoughLetters(text)) {
      this.items = [];
      return;
    }
    this.#timer = setTimeout(() => void this.#ask(text), this.#deps.delayMs ?? SUGGESTION_DELAY_MS);
  }

  async #ask(text: string): Promise<void> {
    this.#timer = null;
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const items = await this.#deps.fetch(text, controller.signal);
      if (!controller.signal.aborted) this.items = items;
    } catch {
      // Suggestions are a help, not a step: without them the form works as before.
      if (!controller.signal.aborted) this.items = [];
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** "Det løste det": true once recorded, so the form can empty itself. */
  async deflect(s: Suggestion): Promise<boolean> {
    if (this.recording) return false;
    this.recording = keyOf(s);
    this.error = null;
    const controller = new AbortController();
    this.#deflecting = controller;
    try {
      await this.#deps.deflect(s, controller.signal);
      if (controller.signal.aborted) return false;
      this.#cancel();
      this.deflected = s;
      this.items = [];
      this.#text = '';
      return true;
    } catch (err) {
      if (!controller.signal.aborted) this.error = err as ApiError;
      return false;
    } finally {
      if (this.#deflecting === controller) this.#deflecting = null;
      this.recording = null;
    }
  }

  #cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#controller?.abort();
    this.#controller = null;
  }

  dispose(): void {
    this.#cancel();
    this.#deflecting?.abort();
    this.#deflecting = null;
  }
}
