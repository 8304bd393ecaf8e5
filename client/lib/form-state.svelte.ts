// What every form and dialog shows while it sends: the button's "sending…" and the one line
// that says why it did not work. One policy for all of them: a refusal ({code, params}) or a
// failed request is worded by the client from its code, in the reader's current language.
import { i18n, type MessageKey } from './i18n.svelte.ts';
import type { CardActions } from './actions.svelte.ts';
import { asRefusal, errorText, type ErrorLike } from './messages.ts';
import type { CommandName, CommandPayload, CommandResult } from './sync.svelte.ts';

/** The failed shapes a request comes back with: an Outcome, or a command's result. */
type Refused = { ok: false } & (ErrorLike | { error: ErrorLike });

/** The failure of a command result or an Outcome, or null when it is not one. */
export function refusalIn(result: unknown): ErrorLike | null {
  if (typeof result !== 'object' || result === null || !('ok' in result) || result.ok !== false) return null;
  const refused = result as Refused;
  return 'error' in refused ? refused.error : refused;
}

/** The form's own complaint about what was typed, before anything is sent. */
export interface Complaint {
  key: MessageKey;
  params?: Record<string, string | number>;
}

type Problem = { refusal: ErrorLike } | Complaint;

export class FormState {
  pending = $state(false);
  #problem = $state.raw<Problem | null>(null);
  readonly #word: (refusal: ErrorLike) => string;

  /** `word` puts the refusal into the form's own sentence ("Could not save: …"); the default is the refusal alone. */
  constructor(word: (refusal: ErrorLike) => string = (refusal) => errorText(refusal, i18n.t)) {
    this.#word = word;
  }

  /** The line to show, worded now, so it follows a change of language. */
  get error(): string | null {
    const problem = this.#problem;
    if (problem === null) return null;
    return 'refusal' in problem ? this.#word(problem.refusal) : i18n.t(problem.key, problem.params);
  }

  /** The refusal behind the line, for a form that acts on its code; null for a form's own words. */
  get refusal(): ErrorLike | null {
    const problem = this.#problem;
    return problem !== null && 'refusal' in problem ? problem.refusal : null;
  }

  /** The form's own complaint before anything is sent (a field left empty). */
  fail(key: MessageKey, params?: Record<string, string | number>): void {
    this.#problem = { key, params };
  }

  /** Shows a refusal that came some other way than `run`. */
  refuse(refusal: ErrorLike): void {
    this.#problem = { refusal };
  }

  clear(): void {
    this.#problem = null;
  }

  /** The submit button's words: "Sending …" (or the form's own `busy` words) while it sends, else `idle`. */
  label(idle: string, busy: MessageKey = 'card.busy'): string {
    return this.pending ? i18n.t(busy) : idle;
  }

  /**
   * Sends once at a time: null when already sending or when `send` threw; otherwise its result,
   * whose failure (an Outcome or a command result with ok false) is the form's error line.
   */
  async run<T>(send: () => Promise<T>): Promise<T | null> {
    if (this.pending) return null;
    this.pending = true;
    this.#problem = null;
    try {
      const result = await send();
      const refusal = refusalIn(result);
      if (refusal) this.#problem = { refusal };
      return result;
    } catch (err) {
      this.#problem = { refusal: asRefusal(err) };
      return null;
    } finally {
      this.pending = false;
    }
  }

  /** A card command whose refusal this form says, so the card does not say it as well. */
  async command<K extends CommandName>(actions: CardActions, name: K, payload: CommandPayload[K]): Promise<CommandResult | null> {
    const result = await this.run(() => actions.run(name, payload));
    if (result && !result.ok) actions.dismissError(payload.caseId);
    return result;
  }
}
