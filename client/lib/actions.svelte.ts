// What the user is doing to cards right now: commands in flight, the last refusal per
// card, and the open resolve/reopen dialog. The board itself only ever shows server state.
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { CommandName, CommandPayload, CommandResult } from './sync.svelte.ts';

export interface CardError {
  action: CommandName;
  message: string;
  code: string;
}

export interface PromptRequest {
  kind: 'resolve' | 'reopen';
  caseId: string;
}

export interface CommandSender {
  command<K extends CommandName>(name: K, payload: CommandPayload[K]): Promise<CommandResult>;
}

export class CardActions {
  readonly pending = new SvelteSet<string>();
  readonly errors = new SvelteMap<string, CardError>();
  prompt = $state<PromptRequest | null>(null);
  /** A card that just moved columns takes the keyboard focus, so it is not lost with the old button. */
  focusCaseId = $state<string | null>(null);

  readonly #sender: CommandSender;
  readonly #errorTtlMs: number;
  #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(sender: CommandSender, errorTtlMs = 12_000) {
    this.#sender = sender;
    this.#errorTtlMs = errorTtlMs;
  }

  async run<K extends CommandName>(name: K, payload: CommandPayload[K]): Promise<CommandResult> {
    const id = payload.caseId;
    this.pending.add(id);
    this.#clearError(id);
    try {
      const result = await this.#sender.command(name, payload);
      if (result.ok) this.focusCaseId = id;
      else this.#setError(id, { action: name, code: result.error.code, message: result.error.message });
      return result;
    } finally {
      this.pending.delete(id);
    }
  }

  /** Resolve and reopen need text first; claim and release go straight out. */
  request(name: CommandName, caseId: string): void {
    if (name === 'resolve' || name === 'reopen') this.prompt = { kind: name, caseId };
    else void this.run(name, { caseId });
  }

  closePrompt(): void {
    this.prompt = null;
  }

  dismissError(caseId: string): void {
    this.#clearError(caseId);
  }

  dispose(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #setError(id: string, error: CardError): void {
    this.errors.set(id, error);
    this.#timers.set(
      id,
      setTimeout(() => this.#clearError(id), this.#errorTtlMs),
    );
  }

  #clearError(id: string): void {
    const t = this.#timers.get(id);
    if (t) clearTimeout(t);
    this.#timers.delete(id);
    this.errors.delete(id);
  }
}
