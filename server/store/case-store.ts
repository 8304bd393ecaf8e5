// Cases and their event log in Redis. Writes go through one Lua script (see scripts.ts),
// so a case, its events and its idempotency key are stored together or not at all.
import { withDefaults, type Case } from '../../shared/case.ts';
import { compareEventIds, type CaseEvent, type EventDraft, type LeanEvent } from '../../shared/events.ts';
import type { Redis } from '../redis/connect.ts';
import { commandReply, pipelineReplies, shapes, transactionReplies } from '../redis/replies.ts';
import { CaseStates } from './case-states.ts';
import { decodeEntry, entryArgs, type StreamEntry } from './event-format.ts';
import { keys } from './keys.ts';
import { COMMIT_CASE, runScript } from './scripts.ts';
import type { Bucket } from './bucket-script.ts';

export type CommitResult =
  | { kind: 'ok'; events: CaseEvent[] }
  | { kind: 'stale'; currentVersion: number }
  | { kind: 'idempotent'; caseId: string }
  | { kind: 'wip_limit'; inProgress: number; limit: number }
  /** The account's change budget had no token left: nothing was written. */
  | { kind: 'rate_limited'; retryAfterMs: number };

export interface CommitInput {
  expectedVersion: number;
  /** The case as loaded (null for a new one): whose cases in progress it leaves. */
  before?: Case | null;
  /** Each draft with the case as it stands after that draft. */
  steps: { draft: EventDraft; after: Case }[];
  idempotencyKey?: string;
  /** Refuse the write when the case's next holder already has this many cases in progress. */
  wipLimit?: number | null;
  /** Take one token from this change budget in the same step, before the version is checked. */
  budget?: Bucket | null;
  /** `before` is the state this process holds in memory, not one just read (see scripts.ts). */
  fromMemory?: boolean;
}

export const EMPTY_LOG_ID = '0-0';

const LOAD_SLICE = 1000;

/** Where a page of resolved cases starts: before this time, or after this case at this time. */
/** A stored case as JSON text, with what the board's order needs. */
export interface CaseRow {
  id: string;
  createdAt: string;
  json: string;
}

// Keys that only a case's top level has (a quote inside a JSON string is escaped, so they
// cannot match inside a text); a row without all of them predates a field and gets its defaults.
const CURRENT_SHAPE = ['"notes":', '"sla":', '"similar":', '"waitingReason":', '"vendorRef":', '"problem":', '"answer":'];
const CREATED_AT = /"createdAt":"([^"]*)"/;

function caseRow(id: string, json: string): CaseRow {
  if (!CURRENT_SHAPE.every((k) => json.includes(k))) {
    const c = withDefaults(JSON.parse(json) as Case);
    return { id, createdAt: c.createdAt, json: JSON.stringify(c) };
  }
  return { id, createdAt: CREATED_AT.exec(json)?.[1] ?? '', json };
}

export interface ResolvedCursor {
  ms: number;
  caseId: string | null;
}

/** The index keys of the commit script (scripts.ts), in its order; the case key stands for "none". */
function indexKeys(before: Case | null, after: Case): string[] {
  const none = keys.case(after.id);
  const named = new Set((before?.similar ?? []).map((s) => s.caseId));
  return [
    keys.openCases,
    keys.resolvedCases,
    keys.institutionOpen(after.institution),
    keys.institutionResolved(after.institution),
    before?.problem ? keys.problemCases(before.problem.id) : none,
    after.problem ? keys.problemCases(after.problem.id) : none,
    // Only a resolved case counts as closed by its answer.
    before?.answer && before.status === 'resolved' ? keys.answerCases(before.answer.id) : none,
    after.answer && after.status === 'resolved' ? keys.answerCases(after.answer.id) : none,
    ...after.similar.filter((s) => !named.has(s.caseId)).map((s) => keys.similarTo(s.caseId)),
  ];
}

/** The index arguments of the commit script: where the case ends, and when it was resolved. */
function indexArgs(before: Case | null, steps: CommitInput['steps']): string[] {
  const after = steps[steps.length - 1].after;
  if (after.status !== 'resolved') return ['open', '0', '0'];
  const resolving = [...steps].reverse().find((s) => s.draft.type === 'case.resolved');
  if (resolving) return ['resolved', String(Date.parse(resolving.draft.at)), '1'];
  // Resolved before this commit (a vendor reference added later): its resolution time stays.
  return ['resolved', String(Date.parse(before?.updatedAt ?? after.updatedAt)), '0'];
}

/**
 * How long the event tail waits for this process's commits in flight before it fans a read out
 * anyway: a reply is normally a round trip away; only a connection that hangs takes this long.
 */
const COMMITS_SETTLED_MAX_MS = 150;

export class CaseStore {
  /** The cases as the log last showed them to this process, to give events their case (see case-states.ts). */
  readonly states: CaseStates;
  /** This process's commits whose reply has not come back yet, by case. */
  readonly #inFlight = new Map<string, Set<Promise<unknown>>>();
  /** How many times each case load() returned had been erased then: its commit is refused if that has changed since. */
  readonly #erasures = new WeakMap<Case, string>();

  constructor(private readonly redis: Redis) {
    this.states = new CaseStates(redis);
  }

  async nextCaseId(): Promise<string> {
    return String(await this.redis.incr(keys.caseSeq));
  }

  async load(id: string): Promise<Case | null> {
    const [json, erased] = await this.redis.hmGet(keys.case(id), ['json', 'erased']);
    if (!json) return null;
    const c = withDefaults(JSON.parse(json) as Case);
    this.#erasures.set(c, erased ?? '0');
    return c;
  }

  async caseIdForIdempotencyKey(key: string): Promise<string | null> {
    return (await this.redis.get(key)) ?? null;
  }

  /**
   * All cases, oldest first: a whole-table read, for start-up, jobs and the CLI only. A request
   * reads through the indexes below.
   */
  async list(): Promise<Case[]> {
    return this.loadMany(await this.redis.zRange(keys.caseIndex, 0, -1));
  }

  /** The cases with these ids, in that order; ids of cases no longer stored are left out. */
  async loadMany(ids: readonly string[]): Promise<Case[]> {
    return (await this.#storedJson(ids)).map(([, json]) => withDefaults(JSON.parse(json) as Case));
  }

  /** [id, stored JSON] of the cases with these ids, in that order; ids of cases no longer stored are left out. */
  async #storedJson(ids: readonly string[]): Promise<[string, string][]> {
    const out: [string, string][] = [];
    // In slices, so one answer never holds tens of thousands of replies at once.
    for (let at = 0; at < ids.length; at += LOAD_SLICE) {
      const slice = ids.slice(at, at + LOAD_SLICE);
      const multi = this.redis.multi();
      for (const id of slice) multi.hGet(keys.case(id), 'json');
      const rows = await pipelineReplies(multi, shapes.stringOrNull);
      rows.forEach((json, i) => {
        if (typeof json === 'string') out.push([slice[i], json]);
      });
    }
    return out;
  }

  /** Every case not resolved, oldest first; one institution's when given. */
  async openCases(institution?: string): Promise<Case[]> {
    return this.loadMany(await this.redis.zRange(institution ? keys.institutionOpen(institution) : keys.openCases, 0, -1));
  }

  /**
   * The board's cases: every open one and those resolved at or after `sinceMs`. Both id lists
   * are read in one transaction, so a case resolved meanwhile is neither missed nor doubled.
   */
  async boardCases(sinceMs: number, institution?: string): Promise<Case[]> {
    return this.loadMany(await this.#boardIds(sinceMs, institution));
  }

  async #boardIds(sinceMs: number, institution?: string): Promise<string[]> {
    const [open, resolved] = await transactionReplies(
      this.redis
        .multi()
        .zRange(institution ? keys.institutionOpen(institution) : keys.openCases, 0, -1)
        .zRange(institution ? keys.institutionResolved(institution) : keys.resolvedCases, sinceMs, '+inf', { BY: 'SCORE' }),
      shapes.strings,
    );
    return [...new Set([...open, ...resolved])];
  }

  /**
   * The board's cases as stored, as JSON text, for an answer that passes them on unread: parsing
   * 5,000 cases and writing them out again was most of the board snapshot's time. Same cases as
   * boardCases; a case stored before a field existed is read and written back with its defaults.
   */
  async boardRows(sinceMs: number): Promise<CaseRow[]> {
    return (await this.#storedJson(await this.#boardIds(sinceMs))).map(([id, json]) => caseRow(id, json));
  }

  /** Resolved cases whose resolution is at or after `sinceMs`, newest first. */
  async resolvedSince(sinceMs: number, institution?: string): Promise<Case[]> {
    const key = institution ? keys.institutionResolved(institution) : keys.resolvedCases;
    return this.loadMany(await this.redis.zRange(key, '+inf', sinceMs, { BY: 'SCORE', REV: true }));
  }

  /**
   * One page of resolved cases, newest resolution first, strictly before the cursor: a time
   * (every case resolved before it) or a time and case id (the cases after that one in this
   * order, so cases resolved in the same millisecond are neither skipped nor repeated).
   * `next` is the cursor of the page's last case, null when nothing older is left.
   */
  async resolvedPage(before: ResolvedCursor, limit: number, institution?: string): Promise<{ cases: Case[]; next: ResolvedCursor | null }> {
    const key = institution ? keys.institutionResolved(institution) : keys.resolvedCases;
    let skip = 0;
    let max = `(${before.ms}`;
    if (before.caseId !== null) {
      // Redis orders equal scores by member; in this newest-first order, those at or above the cursor's id came before it.
      const tied = await this.redis.zRange(key, before.ms, before.ms, { BY: 'SCORE' });
      skip = tied.filter((id) => id >= before.caseId!).length;
      max = String(before.ms);
    }
    const rows = await this.redis.zRangeWithScores(key, max, '-inf', { BY: 'SCORE', REV: true, LIMIT: { offset: skip, count: limit + 1 } });
    const page = rows.slice(0, limit);
    const cases = await this.loadMany(page.map((r) => r.value));
    const last = page.at(-1);
    return { cases, next: rows.length > limit && last ? { ms: last.score, caseId: last.value } : null };
  }

  /** The time of the newest resolution before `ms`, null when none is older. */
  async newestResolvedBefore(ms: number, institution?: string): Promise<number | null> {
    const key = institution ? keys.institutionResolved(institution) : keys.resolvedCases;
    const [row] = await this.redis.zRangeWithScores(key, `(${ms}`, '-inf', { BY: 'SCORE', REV: true, LIMIT: { offset: 0, count: 1 } });
    return row ? row.score : null;
  }

  /** Cases created in [fromMs, toMs), oldest first. */
  async createdBetween(fromMs: number, toMs: number): Promise<Case[]> {
    return this.loadMany(await this.redis.zRange(keys.caseIndex, fromMs, Number.isFinite(toMs) ? `(${toMs}` : '+inf', { BY: 'SCORE' }));
  }

  /** The ids of the cases linked to a problem. */
  problemCaseIds(problemId: string): Promise<string[]> {
    return this.redis.sMembers(keys.problemCases(problemId));
  }

  /** How many cases each answer closed (those resolved now citing it). */
  async answerUses(answerIds: readonly string[]): Promise<Map<string, number>> {
    if (answerIds.length === 0) return new Map();
    const multi = this.redis.multi();
    for (const id of answerIds) multi.sCard(keys.answerCases(id));
    const counts = await pipelineReplies(multi, shapes.integer);
    return new Map(answerIds.map((id, i) => [id, Number(counts[i])]));
  }

  /** The cases whose intake named this one as similar. */
  similarToIds(caseId: string): Promise<string[]> {
    return this.redis.sMembers(keys.similarTo(caseId));
  }

  /**
   * These cases and every case linked to them through intake matches, either way, however
   * indirectly (whole recurring groups), read level by level through the back references.
   */
  async withSimilarNeighbours(seed: readonly Case[]): Promise<Case[]> {
    const byId = new Map(seed.map((c) => [c.id, c]));
    let frontier = [...seed];
    while (frontier.length > 0) {
      const multi = this.redis.multi();
      for (const c of frontier) multi.sMembers(keys.similarTo(c.id));
      const back = await pipelineReplies(multi, shapes.strings);
      const next = new Set<string>();
      frontier.forEach((c, i) => {
        for (const s of c.similar) if (!byId.has(s.caseId)) next.add(s.caseId);
        for (const id of back[i] ?? []) if (!byId.has(id)) next.add(id);
      });
      frontier = await this.loadMany([...next]);
      for (const c of frontier) byId.set(c.id, c);
    }
    return [...byId.values()];
  }

  /**
   * Builds the indexes for data stored before they existed, from one read of every case; a
   * store that has them (or has no cases) is left alone. Returns the cases it read, or null.
   */
  async buildIndexesOnce(): Promise<Case[] | null> {
    if (await this.redis.exists(keys.caseIndexesBuilt)) return null;
    const all = await this.list();
    for (let at = 0; at < all.length; at += LOAD_SLICE) {
      const multi = this.redis.multi();
      for (const c of all.slice(at, at + LOAD_SLICE)) {
        const created = Date.parse(c.createdAt);
        if (c.status === 'resolved') {
          // The resolution time was not kept on its own; the last change comes closest.
          const resolved = Date.parse(c.updatedAt);
          multi.zAdd(keys.resolvedCases, { score: resolved, value: c.id }, { NX: true });
          multi.zAdd(keys.institutionResolved(c.institution), { score: resolved, value: c.id }, { NX: true });
        } else {
          multi.zAdd(keys.openCases, { score: created, value: c.id });
          multi.zAdd(keys.institutionOpen(c.institution), { score: created, value: c.id });
        }
        if (c.problem) multi.sAdd(keys.problemCases(c.problem.id), c.id);
        if (c.answer) multi.sAdd(keys.answerCases(c.answer.id), c.id);
        for (const s of c.similar) multi.sAdd(keys.similarTo(s.caseId), c.id);
      }
      await multi.execAsPipeline();
    }
    await this.redis.set(keys.caseIndexesBuilt, '1');
    return all;
  }

  /** Start-up's one read of every case, building the indexes on the way when they are missing. */
  async readAllAtStartup(): Promise<Case[]> {
    return (await this.buildIndexesOnce()) ?? (await this.list());
  }

  /** Takes purged cases out of every index (the retention purge). */
  async unindex(cases: readonly Case[]): Promise<void> {
    if (cases.length === 0) return;
    const multi = this.redis.multi();
    for (const c of cases) {
      multi.zRem(keys.openCases, c.id);
      multi.zRem(keys.resolvedCases, c.id);
      multi.zRem(keys.institutionOpen(c.institution), c.id);
      multi.zRem(keys.institutionResolved(c.institution), c.id);
      if (c.problem) multi.sRem(keys.problemCases(c.problem.id), c.id);
      if (c.answer) multi.sRem(keys.answerCases(c.answer.id), c.id);
      for (const s of c.similar) multi.sRem(keys.similarTo(s.caseId), c.id);
      multi.del(keys.similarTo(c.id));
    }
    await multi.execAsPipeline();
  }

  async commit(input: CommitInput): Promise<CommitResult> {
    const last = input.steps[input.steps.length - 1];
    const caseId = last.after.id;
    const idemKey = input.idempotencyKey ?? keys.case(caseId);
    const before = input.before ?? null;
    const holderBefore = before?.assignee ? keys.inProgress(before.assignee.id) : keys.case(caseId);
    const holderAfter = last.after.assignee ? keys.inProgress(last.after.assignee.id) : keys.case(caseId);
    const inProgress = last.after.status === 'claimed' && last.after.assignee !== null;
    const args = [
      String(input.expectedVersion),
      JSON.stringify(last.after),
      String(last.after.version),
      String(Date.parse(last.after.createdAt)),
      input.idempotencyKey ? '1' : '0',
      caseId,
      inProgress && input.wipLimit ? String(input.wipLimit) : '0',
      inProgress ? '1' : '0',
      ...indexArgs(before, input.steps),
      input.budget ? String(input.budget.burst) : '0',
      input.budget ? String(input.budget.perSecond) : '0',
      input.fromMemory ? 'none' : ((input.before && this.#erasures.get(input.before)) ?? 'any'),
    ];
    for (const { draft, after } of input.steps) {
      args.push(...entryArgs(draft, after.version));
    }
    const scriptKeys = [keys.case(caseId), keys.events, keys.caseIndex, idemKey, keys.caseEvents(caseId), holderBefore, holderAfter, ...indexKeys(before, last.after)];
    if (input.budget) scriptKeys.push(input.budget.key);
    const pending = runScript(this.redis, COMMIT_CASE, scriptKeys, args);
    const ofCase = this.#inFlight.get(caseId) ?? new Set<Promise<unknown>>();
    this.#inFlight.set(caseId, ofCase.add(pending));
    let reply: string[];
    try {
      reply = (await pending) as string[];
    } finally {
      ofCase.delete(pending);
      if (ofCase.size === 0 && this.#inFlight.get(caseId) === ofCase) this.#inFlight.delete(caseId);
    }
    if (reply[0] === 'rate') return { kind: 'rate_limited', retryAfterMs: Number(reply[1]) };
    if (reply[0] === 'wip') return { kind: 'wip_limit', inProgress: Number(reply[1]), limit: input.wipLimit! };
    if (reply[0] === 'stale') return { kind: 'stale', currentVersion: Number(reply[1]) };
    if (reply[0] === 'idem') return { kind: 'idempotent', caseId: reply[1] };
    const ids = reply.slice(1);
    if (before) this.states.remember(before);
    for (const { after } of input.steps) this.states.remember(after);
    return {
      kind: 'ok',
      events: input.steps.map(({ draft, after }, i) => ({ ...draft, id: ids[i], case: after }) as CaseEvent),
    };
  }

  /**
   * Resolves once every commit this process had sent on these cases when called has its reply
   * (stored or refused), or after COMMITS_SETTLED_MAX_MS. A commit's events reach the stream's
   * readers at the moment its reply leaves Redis, on another connection: the tail waits here so
   * that the command's answer, which follows its reply in the same turn of the loop, goes out
   * first. Only those cases: another node's events, or other cases', need not wait behind a
   * slow reply (one queued behind a large read on the shared connection).
   */
  async commitsSettled(caseIds: Iterable<string>): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const id of new Set(caseIds)) for (const p of this.#inFlight.get(id) ?? []) pending.push(p);
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, COMMITS_SETTLED_MAX_MS)));
    try {
      await Promise.race([Promise.allSettled(pending), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The newest event id; "0-0" (before every event) while the log is empty. */
  async lastEventId(): Promise<string> {
    const rows = await this.redis.xRevRange(keys.events, '+', '-', { COUNT: 1 });
    return rows?.[0]?.id ?? EMPTY_LOG_ID;
  }

  /**
   * Whether the log still holds every event after `since`. Once old events are trimmed
   * (retention), a client that last saw one before the oldest kept event needs a snapshot.
   */
  async retainsEventsAfter(since: string): Promise<boolean> {
    let info: Record<string, unknown>;
    try {
      info = await commandReply(this.redis, ['XINFO', 'STREAM', keys.events], shapes.record);
    } catch {
      return true; // no log yet: nothing was ever removed
    }
    if (Number(info['entries-added']) <= Number(info.length)) return true;
    const first = (info['first-entry'] as [string, unknown] | null)?.[0];
    return first !== undefined && compareEventIds(since, first) >= 0;
  }

  /** Events strictly after `since` (all when null), oldest first, at most `count`, each with the case after it. */
  async eventsAfter(since: string | null, count: number): Promise<CaseEvent[]> {
    const start = since ? `(${since}` : '-';
    const rows = (await this.redis.xRange(keys.events, start, '+', { COUNT: count })) as StreamEntry[];
    return this.materialize(rows);
  }

  /** Stream entries as read (XRANGE, XREAD), each with the case after it. */
  materialize(rows: StreamEntry[]): Promise<CaseEvent[]> {
    return this.states.materialize(rows.map(decodeEntry));
  }

  /** The case's events as stored, oldest first: what changed and the version after, no copy of the case. */
  async eventsOfCase(caseId: string): Promise<LeanEvent[]> {
    return (await this.states.firstEvents(caseId)).map((s) => s.event);
  }
}
