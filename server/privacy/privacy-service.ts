// GDPR duties over the stored cases: an export of everything about one case, erasure of its
// personal texts everywhere they are stored, and the purge of all cases once the retention
// period after the rollout has passed.
import type { Case } from '../../shared/case.ts';
import type { LeanEvent } from '../../shared/events.ts';
import { eraseCase, eraseStoredEvent } from '../../shared/privacy.ts';
import type { AuditEntry, AuditLog } from '../audit/audit-log.ts';
import type { RolloutConfig } from '../config.ts';
import type { Redis } from '../redis/connect.ts';
import type { CaseStore } from '../store/case-store.ts';
import { keys } from '../store/keys.ts';
import { runScript } from '../store/scripts.ts';
import { announceBoardReset } from './board-reset.ts';
import { ERASE_CASE_TEXTS, PURGE_CASE } from './erase-script.ts';

const DAY_MS = 24 * 3600_000;
const TEMP_EVENTS_KEY = `${keys.events}:rewrite`;

export interface PrivacyExport {
  exportedAt: string;
  case: Case;
  /** As stored: what changed and the version after, without a copy of the case. */
  events: LeanEvent[];
  audit: AuditEntry[];
}

/** When a rollout's data is due for deletion: the end of its last day (Danish time is close enough to UTC+2) plus the retention. */
export function retentionCutoff(rollout: RolloutConfig, days: number): number {
  const end = rollout.rollout.end;
  const endMs = /^\d{4}-\d{2}-\d{2}$/.test(end) ? Date.parse(`${end}T23:59:59.999Z`) : Date.parse(end);
  if (Number.isNaN(endMs)) throw new Error(`The rollout's end "${end}" is not a date; retention cannot be computed`);
  return endMs + days * DAY_MS;
}

export class PrivacyService {
  constructor(
    private readonly redis: Redis,
    private readonly store: CaseStore,
    private readonly audit: AuditLog,
  ) {}

  async exportCase(caseId: string): Promise<PrivacyExport | null> {
    const found = await this.store.load(caseId);
    if (!found) return null;
    return { exportedAt: new Date().toISOString(), case: found, events: await this.store.eventsOfCase(caseId), audit: await this.audit.aboutCase(caseId) };
  }

  /**
   * Replaces the case's personal texts in its hash and in every one of its events in the
   * stream; then open boards reload. Returns the erased case, or null when there is none.
   */
  async erase(caseId: string): Promise<Case | null> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const [version, json] = await this.redis.hmGet(keys.case(caseId), ['v', 'json']);
      if (!version || !json) return null;
      const ids = await this.redis.lRange(keys.caseEvents(caseId), 0, -1);
      const args = [version, JSON.stringify(eraseCase(JSON.parse(json) as Case)), String(ids.length)];
      for (const id of ids) {
        const [entry] = (await this.redis.xRange(keys.events, id, id)) ?? [];
        if (!entry) continue; // already gone from the stream: nothing to rewrite there
        const erased = eraseStoredEvent({ data: entry.message.data, case: entry.message.case });
        // Entries of today's format have no case field: the script only replaces fields an entry has.
        args.push(id, erased.data, erased.case ?? '');
      }
      const reply = (await runScript(this.redis, ERASE_CASE_TEXTS, [keys.events, TEMP_EVENTS_KEY, keys.case(caseId), keys.caseEvents(caseId), keys.logRewrites], args)) as string[];
      if (reply[0] === 'gone') return null;
      if (reply[0] === 'stale') continue; // a change landed meanwhile; its event needs erasing too
      await this.afterRewrite(`Case ${caseId} was erased; reload the board`);
      return this.store.load(caseId);
    }
    throw new Error(`Case ${caseId} kept changing during erasure; try again`);
  }

  /**
   * Once the retention after the rollout has run out, purges every case not changed within
   * the retention period either: a case still being worked on after the rollout is kept
   * until it, too, has been quiet that long. Returns the ids purged.
   */
  async purgeExpired(rollout: RolloutConfig, retentionDays: number, now = Date.now()): Promise<string[]> {
    if (now <= retentionCutoff(rollout, retentionDays)) return [];
    // A daily job, not a request: it may read every case.
    const dueCases = (await this.store.list()).filter((c) => Date.parse(c.updatedAt) + retentionDays * DAY_MS < now);
    const due = dueCases.map((c) => c.id);
    if (due.length === 0) return [];
    for (const id of due) {
      await runScript(this.redis, PURGE_CASE, [keys.case(id), keys.caseEvents(id), keys.caseIndex, keys.events, keys.logRewrites], [id]);
    }
    await this.store.unindex(dueCases);
    await this.sweepReferences(new Set(due));
    await this.afterRewrite(`${due.length} cases past their retention were deleted; reload the board`);
    return due;
  }

  /** Cases in progress and idempotency keys that still name purged cases. */
  private async sweepReferences(purged: Set<string>): Promise<void> {
    const ids = [...purged];
    for await (const batch of this.redis.scanIterator({ MATCH: keys.inProgress('*'), COUNT: 500 })) {
      for (const key of batch) await this.redis.sRem(key, ids);
    }
    for await (const batch of this.redis.scanIterator({ MATCH: keys.idempotency('*', '*'), COUNT: 500 })) {
      if (batch.length === 0) continue;
      const values = await this.redis.mGet(batch);
      const stale = batch.filter((_, i) => values[i] !== null && purged.has(values[i]!));
      if (stale.length > 0) await this.redis.del(stale);
    }
  }

  private async afterRewrite(reason: string): Promise<void> {
    // This process's states of the cases may hold what is gone; other processes forget on the announcement.
    this.store.states.forget();
    // The synonyms were learned from the old log and may hold the erased or purged words; every
    // process writes them again from the rewritten log after the announcement.
    await this.redis.del(keys.synonyms);
    await announceBoardReset(this.redis, reason);
    // The append-only file still holds the old texts until it is rewritten; start that now.
    // Best effort: a managed Redis may refuse, and a rewrite already running is fine.
    await this.redis.bgRewriteAof().catch(() => {});
  }
}
