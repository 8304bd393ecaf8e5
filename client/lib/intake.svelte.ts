// A superuser's new case survives a lost connection or a closed tab: it is kept in
// localStorage with its Idempotency-Key until the server answers 2xx, and every retry
// reuses that key, so the war room never gets the same request twice.
import type { Case } from '../../shared/case.ts';
import { ApiError, type NewCaseInput } from './api.ts';
import { storage as defaultStorage } from './storage.ts';
import { uuid } from './uuid.ts';

export interface PendingCase {
  key: string;
  input: NewCaseInput;
  savedAt: string;
}

export type IntakeStatus = 'idle' | 'sending' | 'waiting' | 'sent' | 'refused';

export interface IntakeDeps {
  createCase(input: NewCaseInput, idempotencyKey: string): Promise<Case>;
  storage?: Pick<typeof defaultStorage, 'getJson' | 'setJson' | 'remove'>;
  retryDelayMs?: (attempt: number) => number;
  newKey?: () => string;
}

const defaultDelay = (attempt: number) => Math.min(60_000, 2_000 * 2 ** attempt);

export class Intake {
  pending = $state<PendingCase | null>(null);
  status = $state<IntakeStatus>('idle');
  /** The server's reason when it refused (4xx); the form keeps the text so it can be fixed. */
  /** The refusal as the server sent it; the form words it from its code. */
  error = $state.raw<ApiError | null>(null);
  lastSent = $state<Case | null>(null);

  readonly #deps: IntakeDeps;
  readonly #storageKey: string;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;

  constructor(userId: string, deps: IntakeDeps) {
    this.#deps = deps;
    this.#storageKey = `warroom.intake.pending.${userId}`;
    const saved = this.#storage.getJson<PendingCase>(this.#storageKey);
    if (saved && typeof saved.key === 'string' && saved.input && typeof saved.input.title === 'string') {
      this.pending = saved;
      this.status = 'waiting';
    }
  }

  get busy(): boolean {
    return this.status === 'sending' || this.status === 'waiting';
  }

  /** Sends a saved case left over from an earlier visit. */
  resume(): void {
    if (this.pending && this.status !== 'sending') void this.send();
  }

  submit(input: NewCaseInput): Promise<void> {
    if (this.busy) return Promise.resolve();
    this.pending = { key: (this.#deps.newKey ?? uuid)(), input, savedAt: new Date().toISOString() };
    this.#storage.setJson(this.#storageKey, this.pending);
    this.#attempt = 0;
    return this.send();
  }

  async send(): Promise<void> {
    const pending = this.pending;
    if (!pending || this.#disposed) return;
    this.#clearTimer();
    this.status = 'sending';
    this.error = null;
    try {
      const created = await this.#deps.createCase(pending.input, pending.key);
      this.#storage.remove(this.#storageKey);
      this.pending = null;
      this.lastSent = created;
      this.status = 'sent';
      this.#attempt = 0;
    } catch (err) {
      if (err instanceof ApiError && !err.isTransient && err.status !== 401) {
        // Refused for good (invalid, forbidden): a retry would be refused again.
        this.#storage.remove(this.#storageKey);
        this.pending = null;
        this.error = err;
        this.status = 'refused';
        return;
      }
      // No answer, server trouble, or signed out: keep it and try again (after login, for a 401).
      this.status = 'waiting';
      if (!(err instanceof ApiError && err.status === 401)) this.#schedule();
    }
  }

  /** The form is being edited again after a success or refusal. */
  acknowledge(): void {
    if (this.status === 'sent' || this.status === 'refused') {
      this.status = 'idle';
      this.error = null;
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
  }

  get #storage() {
    return this.#deps.storage ?? defaultStorage;
  }

  #schedule(): void {
    const delay = (this.#deps.retryDelayMs ?? defaultDelay)(this.#attempt++);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.send();
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
