// What the user is doing to cards right now: commands in flight, the last refusal per
// card, the open dialog and the open case. The board itself only ever shows server state.
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { CardCommand } from '../../shared/decide.ts';
import type { CommandName, CommandPayload, CommandResult } from './sync.svelte.ts';
import { boardAddress, caseAddress, caseIdOf } from './case-address.ts';

export interface CardError {
  action: CommandName;
  message: string;
  code: string;
  params?: Record<string, string | number>;
}

/** The dialogs that ask for something before a command goes out. */
export type PromptKind = 'resolve' | 'reopen' | 'wait' | 'escalate' | 'vendorRef' | 'assign';
const NEEDS_TEXT: readonly CardCommand[] = ['resolve', 'reopen', 'wait', 'escalate'];

export interface PromptRequest {
  kind: PromptKind;
  caseId: string;
}

export interface OpenCase {
  caseId: string;
  /** Put the cursor in the note form at once (the "n" shortcut). */
  focusNote: boolean;
}

/** Where the open case is kept: the address bar on the board, memory elsewhere. */
export interface CaseRoute {
  readonly path: string;
  go(path: string, keepHash?: boolean): void;
}

class MemoryRoute implements CaseRoute {
  path = $state('/');
  go(path: string): void {
    this.path = path;
  }
}

export interface CommandSender {
  command<K extends CommandName>(name: K, payload: CommandPayload[K]): Promise<CommandResult>;
}

export class CardActions {
  readonly pending = new SvelteSet<string>();
  readonly errors = new SvelteMap<string, CardError>();
  prompt = $state<PromptRequest | null>(null);
  /** The card the keyboard shortcuts act on; it holds the board's one tab stop. */
  selected = $state<string | null>(null);
  /** A card that just moved columns takes the keyboard focus, so it is not lost with the old button. */
  focusCaseId = $state<string | null>(null);

  readonly #sender: CommandSender;
  readonly #errorTtlMs: number;
  #timers = new Map<string, ReturnType<typeof setTimeout>>();

  readonly #onRefused: ((caseId: string, error: CardError) => void) | null;
  readonly #route: CaseRoute;
  /** The case whose note field takes the cursor when it opens. */
  #focusNoteFor = $state<string | null>(null);
  /** The address a case was opened from, to go back to on closing it; not for a case opened by its link. */
  #returnTo: { caseId: string; path: string } | null = null;

  /** `onRefused` hears of every move sent straight from the board (a button, a drop, a key) that the server refused. */
  constructor(
    sender: CommandSender,
    errorTtlMs = 12_000,
    onRefused: ((caseId: string, error: CardError) => void) | null = null,
    route: CaseRoute = new MemoryRoute(),
  ) {
    this.#sender = sender;
    this.#errorTtlMs = errorTtlMs;
    this.#onRefused = onRefused;
    this.#route = route;
  }

  /** The case shown in the case drawer (its address says which), or null. */
  get open(): OpenCase | null {
    const caseId = caseIdOf(this.#route.path);
    return caseId === null ? null : { caseId, focusNote: this.#focusNoteFor === caseId };
  }

  async run<K extends CommandName>(name: K, payload: CommandPayload[K]): Promise<CommandResult> {
    const id = payload.caseId;
    this.pending.add(id);
    this.#clearError(id);
    try {
      const result = await this.#sender.command(name, payload);
      if (result.ok) this.focusCaseId = id;
      else this.#setError(id, { action: name, ...result.error });
      return result;
    } finally {
      this.pending.delete(id);
    }
  }

  /** Resolve, reopen, wait and escalate need text first; claim, release and resume go straight out. */
  request(name: CardCommand, caseId: string): void {
    if (NEEDS_TEXT.includes(name)) this.prompt = { kind: name as PromptKind, caseId };
    else
      void this.run(name as 'claim' | 'release' | 'resume', { caseId }).then((result) => {
        if (!result.ok) this.#onRefused?.(caseId, { action: name, ...result.error });
      });
  }

  /** A refusal that closed the dialog it came from: said over the board like any refused move. */
  report(caseId: string, error: CardError): void {
    this.#onRefused?.(caseId, error);
  }

  ask(kind: PromptKind, caseId: string): void {
    this.prompt = { kind, caseId };
  }

  openCase(caseId: string, focusNote = false): void {
    this.#focusNoteFor = focusNote ? caseId : null;
    const from = this.#route.path;
    this.#returnTo = { caseId, path: caseIdOf(from) === null ? from : (this.#returnTo?.path ?? boardAddress(from)) };
    this.#route.go(caseAddress(caseId, from));
  }

  closeCase(): void {
    const path = this.#route.path;
    if (caseIdOf(path) === null) return;
    const caseId = caseIdOf(path);
    const back = this.#returnTo && this.#returnTo.caseId === caseId ? this.#returnTo.path : boardAddress(path);
    this.#returnTo = null;
    this.#focusNoteFor = null;
    this.#route.go(back, true);
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
