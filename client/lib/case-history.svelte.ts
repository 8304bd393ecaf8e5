// An open case's history: the events the server has stored (GET /api/cases/:id), then every new
// one as the board's stream brings it, each shown once and in the log's order.
import type { Case } from '../../shared/case.ts';
import { compareEventIds, type CaseEvent, type LeanEvent } from '../../shared/events.ts';
import { ApiError, request } from './api.ts';
import type { CaseEventHub } from './case-events.ts';
import { loadFailureText } from './messages.ts';

export interface CaseDetail {
  case: Case;
  events: LeanEvent[];
}

export type HistoryState = 'loading' | 'ready' | 'not_found' | 'failed';

export const fetchCaseDetail = (caseId: string): Promise<CaseDetail> => request<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}`);

/** A streamed event as stored: the case after it is on the board already; its version is enough here. */
export function leanOf(event: CaseEvent): LeanEvent {
  const { case: after, ...draft } = event;
  return { ...draft, version: after.version } as LeanEvent;
}

export class CaseHistory {
  readonly caseId: string;
  state = $state<HistoryState>('loading');
  /** The case as it came with its history, or from the stream since; for a case the board does not hold. */
  case = $state.raw<Case | null>(null);
  events = $state.raw<LeanEvent[]>([]);
  error = $state<string | null>(null);

  readonly #fetch: (caseId: string) => Promise<CaseDetail>;
  readonly #unsubscribe: () => void;
  readonly #catchUpMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(caseId: string, hub: CaseEventHub, fetch: (caseId: string) => Promise<CaseDetail> = fetchCaseDetail, catchUpMs = 1000) {
    this.caseId = caseId;
    this.#fetch = fetch;
    this.#catchUpMs = catchUpMs;
    // Listening before asking: an event stored while the answer is on its way is not lost.
    this.#unsubscribe = hub.subscribe((event) => {
      if (event.caseId !== caseId) return;
      this.#add([leanOf(event)]);
      if (!this.case || event.case.version >= this.case.version) this.case = event.case;
    });
  }

  /** The case's version after the newest event shown; 0 before any. */
  get version(): number {
    return this.events.reduce((v, e) => Math.max(v, e.version), 0);
  }

  async load(): Promise<void> {
    try {
      const detail = await this.#fetch(this.caseId);
      if (this.#stopped) return;
      if (!this.case || detail.case.version >= this.case.version) this.case = detail.case;
      this.#add(detail.events);
      this.state = 'ready';
      this.error = null;
    } catch (err) {
      if (this.#stopped) return;
      if (err instanceof ApiError && err.status === 404) this.state = 'not_found';
      else if (this.state !== 'ready') {
        this.state = 'failed';
        this.error = loadFailureText(err);
      }
    }
  }

  /**
   * The board holds the case at `version`. Events the stream skipped (a catch-up after a lost
   * connection passes none of them on) are read again, unless they arrive meanwhile.
   */
  follow(version: number): void {
    if (this.state !== 'ready' || version <= this.version || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#stopped && version > this.version) void this.load();
    }, this.#catchUpMs);
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #add(list: LeanEvent[]): void {
    const byId = new Map(this.events.map((e) => [e.id, e]));
    let added = false;
    for (const e of list) {
      if (e.caseId !== this.caseId || byId.has(e.id)) continue;
      byId.set(e.id, e);
      added = true;
    }
    if (added) this.events = [...byId.values()].sort((a, b) => compareEventIds(a.id, b.id));
  }
}
