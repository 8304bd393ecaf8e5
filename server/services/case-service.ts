// The shell around the domain core: load → decide → store atomically. Publishing is the
// event log's job: every stored event reaches the live feeds from the Redis Stream.
import type { Actor, Case } from '../../shared/case.ts';
import type { Command, Refusal } from '../../shared/commands.ts';
import { decide } from '../../shared/decide.ts';
import type { CaseEvent, EventDraft } from '../../shared/events.ts';
import { evolve } from '../../shared/evolve.ts';
import type { CreateCaseInput } from '../../shared/schemas.ts';
import { wipLimitFor } from '../../shared/settings.ts';
import type { CurrentSettings } from '../settings/settings-holder.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { Bucket } from '../store/bucket-script.ts';
import { retryAfterSeconds, type Spent } from '../security/move-budget.ts';
import { keys } from '../store/keys.ts';
import type { AnswerRef, Priority, ProblemRef } from '../../shared/case.ts';

export type ServiceError = { code: Refusal['code'] | 'busy' | 'rate_limited'; message: string; params?: Refusal['params'] };

/** A move as clients send it: assign names a user id; the server adds SLA targets itself. */
export type MoveRequest =
  | Exclude<Command, { type: 'create' | 'assign' | 'prioritize' | 'link' | 'resolve' }>
  | { type: 'assign'; userId: string }
  | { type: 'prioritize'; priority: Priority }
  | { type: 'link'; problemId: string }
  | { type: 'resolve'; resolution: string; answerId?: string | null; problemId?: string };

/** Problems and answers by id, for linking and for citing an answer. */
export interface Library {
  problem(id: string): Promise<ProblemRef | null>;
  answer(id: string): Promise<AnswerRef | null>;
}

export interface TeamDirectory {
  /** The account with this id, if it exists and is not disabled. */
  findActive(userId: string): Promise<{ id: string; username: string; name: string; role: string } | null>;
}
export type CaseResult =
  | { ok: true; case: Case; events: CaseEvent[]; replayed?: boolean }
  | { ok: false; error: ServiceError; case?: Case };

// Each stale retry means another writer made progress, so this bound is only reached under a storm.
const MAX_ATTEMPTS = 100;

export interface CaseServiceDeps {
  store: CaseStore;
  /** Read at each use: the lead's changes apply to the next case without a restart. */
  settings: CurrentSettings;
  team?: TeamDirectory;
  library?: Library;
  onCreated?: (c: Case) => Promise<void>;
  /** After every stored change, with the case before it (null for a new one), e.g. to set the case's next SLA timer. */
  onCommitted?: (c: Case, before: Case | null) => Promise<void>;
  /**
   * Decide a move on the state this process holds in memory (kept from the event stream's tail)
   * instead of reading the case first: the commit's version check refuses it if the case has
   * moved on, and a refusal is confirmed on a fresh read before it is given.
   */
  fromMemory?: boolean;
  now?: () => Date;
}

/** The budget a move is paid from: its token is taken in the commit's own round trip. */
export interface ChangeBudget {
  bucket(userId: string): Bucket;
  take(userId: string): Promise<Spent>;
}

function rateLimited(seconds: number): CaseResult {
  return { ok: false, error: { code: 'rate_limited', message: `Too many changes; try again in ${seconds} seconds`, params: { limit: 'moves', seconds } } };
}

function steps(state: Case | null, drafts: EventDraft[]) {
  let current = state;
  return drafts.map((draft) => {
    current = evolve(current, draft);
    return { draft, after: current };
  });
}

export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  private get settings() {
    return this.deps.settings.current;
  }

  private async committed(c: Case, before: Case | null): Promise<void> {
    // The change is stored; a failed follow-up (a timer) is recovered by the start-up sweep.
    await this.deps.onCommitted?.(c, before).catch(() => {});
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async create(raw: CreateCaseInput, actor: Actor, idempotencyKey?: string): Promise<CaseResult> {
    // An empty category choice means none: the intake suggests one.
    const input = raw.category === '' ? { ...raw, category: null } : raw;
    const { institutions, categories, sla: policy } = this.settings;
    if (!institutions.has(input.institution)) {
      return { ok: false, error: { code: 'invalid', message: `Unknown institution "${input.institution}"; GET /api/institutions lists the valid ids` } };
    }
    if (input.category != null && !categories.has(input.category)) {
      return { ok: false, error: { code: 'invalid', message: `Unknown category "${input.category}"; GET /api/categories lists the valid ids` } };
    }
    const idemKey = idempotencyKey ? keys.idempotency(actor.id, idempotencyKey) : undefined;
    if (idemKey) {
      const replay = await this.replayIdempotent(idemKey);
      if (replay) return replay;
    }
    const caseId = await this.deps.store.nextCaseId();
    const sla = policy[input.priority ?? 'normal'];
    const decision = decide(null, { type: 'create', caseId, ...input, sla }, actor, this.now());
    if (!decision.ok) return decision;
    const result = await this.deps.store.commit({ expectedVersion: 0, steps: steps(null, decision.events), idempotencyKey: idemKey });
    if (result.kind === 'idempotent') return (await this.replayIdempotent(idemKey!))!;
    if (result.kind !== 'ok') throw new Error(`Case id ${caseId} was taken twice; the case sequence is broken`);
    const created = result.events[result.events.length - 1].case;
    // Its timer and its intake job are independent: queued side by side, in one wait. The
    // answer waits for them: the start-up and after-outage sweeps would queue a lost job again,
    // but a case acknowledged without its intake queued could wait for enrichment until then.
    await Promise.all([this.committed(created, null), this.deps.onCreated?.(created)]);
    return { ok: true, case: created, events: result.events };
  }

  private async replayIdempotent(idemKey: string): Promise<CaseResult | null> {
    const existingId = await this.deps.store.caseIdForIdempotencyKey(idemKey);
    if (!existingId) return null;
    const existing = await this.deps.store.load(existingId);
    if (!existing) throw new Error(`Idempotency key points at missing case ${existingId}`);
    return { ok: true, case: existing, events: [], replayed: true };
  }

  private async commandFor(request: MoveRequest): Promise<Exclude<Command, { type: 'create' }> | ServiceError> {
    if (request.type === 'prioritize') return { ...request, sla: this.settings.sla[request.priority] };
    if (request.type === 'recategorise' && !this.settings.categories.has(request.category)) {
      return { code: 'invalid', message: `Unknown category "${request.category}"; GET /api/categories lists the valid ids`, params: { category: request.category } };
    }
    if (request.type === 'link') {
      const problem = await this.deps.library?.problem(request.problemId);
      if (!problem) return { code: 'invalid', message: `No problem has id "${request.problemId}"; GET /api/problems lists them` };
      return { type: 'link', problem };
    }
    if (request.type === 'resolve') {
      const { answerId, ...rest } = request;
      if (!answerId) return rest;
      const answer = await this.deps.library?.answer(answerId);
      if (!answer) return { code: 'invalid', message: `No answer has id "${answerId}"; GET /api/answers lists the library` };
      return { ...rest, answer };
    }
    if (request.type !== 'assign') return request;
    const user = await this.deps.team?.findActive(request.userId);
    if (!user) return { code: 'invalid', message: `No active account has id "${request.userId}"; GET /api/roster/people lists the team` };
    return { type: 'assign', assignee: user };
  }

  /**
   * Runs a command on an existing case; retried from a fresh load when someone else wrote first.
   * `loaded` is the case as the caller just read it, decided on first instead of a second read
   * (the commit still stores only if its version is current). `loadedFromMemory` says it came
   * from this process's memory rather than a read: an erasure keeps the version, so the commit
   * must then also refuse an erased case. `attempts` caps the tries (default: until it lands).
   * With a budget, the move costs one token of it: taken in the commit's round trip, or on its
   * own when no write is tried (a refusal); none left → rate_limited, whatever the move.
   */
  async handle(caseId: string, request: MoveRequest, actor: Actor, opts: { loaded?: Case; loadedFromMemory?: boolean; attempts?: number; budget?: ChangeBudget } = {}): Promise<CaseResult> {
    const budget = opts.budget;
    let unpaid = budget !== undefined;
    const refuse = async (result: CaseResult): Promise<CaseResult> => {
      if (!unpaid) return result;
      unpaid = false;
      const spent = await budget!.take(actor.id);
      return spent.allowed ? result : rateLimited(spent.retryAfterSeconds);
    };
    const command = await this.commandFor(request);
    if ('code' in command) return refuse({ ok: false, error: command });
    // Members taking a case are held to the limit; the lead, who rebalances the room, is not,
    // and may still hand work to anyone.
    const wipLimit = command.type === 'claim' && actor.role === 'member' ? wipLimitFor(this.settings.settings, actor.username) : null;
    let remembered = this.deps.fromMemory ? (this.deps.store.states.latest(caseId) ?? null) : null;
    const attempts = Math.min(opts.attempts ?? MAX_ATTEMPTS, MAX_ATTEMPTS);
    for (let attempt = 0; attempt < attempts; attempt++) {
      // Decided first on what the caller just read, else on the newest state this process
      // holds from the stream tail; the commit's version check refuses either when stale.
      const given = attempt === 0 && opts.loaded?.id === caseId ? opts.loaded : null;
      const fromMemory = given !== null ? opts.loadedFromMemory === true : remembered !== null;
      const state = given ?? remembered ?? (await this.deps.store.load(caseId));
      remembered = null;
      const refusal = (result: CaseResult) => (fromMemory ? null : refuse(result));
      if (!state || (actor.role === 'reporter' && state.institution !== actor.institution)) {
        const refused = refusal({ ok: false, error: { code: 'not_found', message: `Case ${caseId} not found` } });
        if (refused) return refused;
        continue; // what memory holds may be behind: a refusal is given only on a fresh read
      }
      const decision = decide(state, command, actor, this.now());
      if (!decision.ok || decision.events.length === 0) {
        const refused = refusal(decision.ok ? { ok: true, case: state, events: [] } : { ok: false, error: decision.error, case: state });
        if (refused) return refused;
        continue;
      }
      const result = await this.deps.store.commit({
        expectedVersion: state.version,
        before: state,
        steps: steps(state, decision.events),
        wipLimit,
        budget: unpaid ? budget!.bucket(actor.id) : null,
        fromMemory,
      });
      if (result.kind === 'rate_limited') return rateLimited(retryAfterSeconds(result.retryAfterMs));
      // Any other answer took the token (a stale write too): the retries are free.
      unpaid = false;
      if (result.kind === 'wip_limit') {
        return {
          ok: false,
          error: { code: 'wip_limit', message: `You already have ${result.inProgress} cases in progress (the limit is ${result.limit}); resolve, release or set one waiting first` },
          case: state,
        };
      }
      if (result.kind === 'ok') {
        const after = result.events[result.events.length - 1].case;
        // The answer does not wait for the SLA timer: it is set right after, and a timer that
        // failed to be set is recovered by the start-up sweep.
        void this.committed(after, state);
        return { ok: true, case: after, events: result.events };
      }
    }
    return refuse({ ok: false, error: { code: 'busy', message: 'The case is changing too fast to update; try again' } });
  }
}
