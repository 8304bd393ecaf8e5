// Cases and their event log in Redis. Writes go through one Lua script (see scripts.ts),
// so a case, its events and its idempotency key are stored together or not at all.
import { withDefaults, type Case } from '../../shared/case.ts';
import { compareEventIds, type CaseEvent, type EventDraft, type LeanEvent } from '../../shared/events.ts';
import type { Redis } from '../redis/connect.ts';
import { CaseStates } from './case-states.ts';
import { decodeEntry, entryArgs, type StreamEntry } from './event-format.ts';
import { keys } from './keys.ts';
import { COMMIT_CASE, runScript } from './scripts.ts';

export type CommitResult =
  | { kind: 'ok'; events: CaseEvent[] }
  | { kind: 'stale'; currentVersion: number }
  | { kind: 'idempotent'; caseId: string }
  | { kind: 'wip_limit'; inProgress: number; limit: number };

export interface CommitInput {
  expectedVersion: number;
  /** The case as loaded (null for a new one): whose cases in progress it leaves. */
  before?: Case | null;
  /** Each draft with the case as it stands after that draft. */
  steps: { draft: EventDraft; after: Case }[];
  idempotencyKey?: string;
  /** Refuse the write when the case's next holder already has this many cases in progress. */
  wipLimit?: number | null;
}

export const EMPTY_LOG_ID = '0-0';

export class CaseStore {
  /** The cases as the log last showed them to this process, to give events their case (see case-states.ts). */
  readonly states: CaseStates;

  constructor(private readonly redis: Redis) {
    this.states = new CaseStates(redis);
  }

  async nextCaseId(): Promise<string> {
    return String(await this.redis.incr(keys.caseSeq));
  }

  async load(id: string): Promise<Case | null> {
    const json = await this.redis.hGet(keys.case(id), 'json');
    return json ? withDefaults(JSON.parse(json) as Case) : null;
  }

  async caseIdForIdempotencyKey(key: string): Promise<string | null> {
    return (await this.redis.get(key)) ?? null;
  }

  /** All cases, oldest first. */
  async list(): Promise<Case[]> {
    const ids = await this.redis.zRange(keys.caseIndex, 0, -1);
    if (ids.length === 0) return [];
    const multi = this.redis.multi();
    for (const id of ids) multi.hGet(keys.case(id), 'json');
    const rows = (await multi.execAsPipeline()) as unknown as (string | null)[];
    return rows.filter((r): r is string => typeof r === 'string').map((r) => withDefaults(JSON.parse(r) as Case));
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
    ];
    for (const { draft, after } of input.steps) {
      args.push(...entryArgs(draft, after.version));
    }
    const reply = (await runScript(this.redis, COMMIT_CASE, [keys.case(caseId), keys.events, keys.caseIndex, idemKey, keys.caseEvents(caseId), holderBefore, holderAfter], args)) as string[];
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
      info = (await this.redis.sendCommand(['XINFO', 'STREAM', keys.events])) as unknown as Record<string, unknown>;
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
