// `npx warroom restore <file>`: a backup (backup.ts) into an empty Redis. The file is read
// twice: once to check it is whole (header, version, the end line's counts) before anything
// is written, then to write. The indexes a running server keeps beside the cases (open and
// resolved, per institution, per problem and answer, the intake's back references, the
// members' cases in progress, accounts by id and the team) are built here from the restored
// records, as the commit script would have left them; the statistics need nothing stored, a
// server counts them from the restored log when it starts.
import { withDefaults, type Case } from '../../shared/case.ts';
import { checkSettings } from '../../shared/settings.ts';
import { AUDIT_COUNTS_PREFIX, AUDIT_STREAM } from '../audit/audit-log.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from '../store/keys.ts';
import { BackupFileError, RestoreRefused, checkHeader, readLines, type BackupHeader, type BackupRecord, type Counts, type StreamMeta } from './backup-file.ts';

/** Commands sent per pipeline. */
const BATCH = 1000;

export { RestoreRefused };

export interface RestoreSummary {
  header: BackupHeader;
  counts: Counts;
  /** Accounts restored without a password: each needs a new password link. */
  withoutPassword: string[];
}

/** The settings a server will start with: refused before writing if it could not take them. */
function checkStoredSettings(fields: Record<string, string>, file: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(fields.doc ?? '');
  } catch {
    throw new BackupFileError(`${file}: the settings are not JSON; the file is damaged`);
  }
  const version = Number(fields.version);
  if (!Number.isInteger(version) || version < 1) throw new BackupFileError(`${file}: the settings have no version; the file is damaged`);
  const checked = checkSettings(doc);
  if (!checked.ok) throw new BackupFileError(`${file}: the settings are not valid (${checked.message}); the file is damaged`);
}

/** Checks the whole file without writing: its header, and that it ends with the counts it holds. */
export async function checkBackup(file: string): Promise<{ header: BackupHeader; counts: Counts }> {
  let header: BackupHeader | null = null;
  const counts: Counts = {};
  let end: Counts | null = null;
  for await (const value of readLines(file)) {
    if (!header) {
      header = checkHeader(value, file);
      continue;
    }
    if (end) throw new BackupFileError(`${file} has lines after its end line; the file is damaged`);
    const r = value as BackupRecord | { kind: 'end'; counts: Counts };
    // Checked here, before anything is written: these records name their own key.
    if (r.kind === 'auditCounts' && !r.key.startsWith(AUDIT_COUNTS_PREFIX)) throw new BackupFileError(`${file}: audit counts under the key ${r.key}; the file is damaged`);
    if (r.kind === 'settings') checkStoredSettings(r.fields, file);
    if (r.kind === 'end') end = r.counts;
    else counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  }
  if (!header) throw new BackupFileError(`${file} is empty`);
  if (!end) throw new BackupFileError(`${file} stops before its end line: the backup is incomplete (cut off or still being written)`);
  const kinds = new Set([...Object.keys(end), ...Object.keys(counts)]) as Set<keyof Counts>;
  for (const k of kinds) if ((end[k] ?? 0) !== (counts[k] ?? 0)) throw new BackupFileError(`${file} holds ${counts[k] ?? 0} ${k} records where its end line says ${end[k] ?? 0}; the file is damaged`);
  return { header, counts };
}

/** Pipelines commands in batches. */
class Batch {
  private multi: ReturnType<Redis['multi']>;
  private size = 0;
  constructor(private readonly redis: Redis) {
    this.multi = redis.multi();
  }
  async add(fn: (m: ReturnType<Redis['multi']>) => unknown, commands = 1): Promise<void> {
    fn(this.multi);
    this.size += commands;
    if (this.size >= BATCH) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const m = this.multi;
    this.multi = this.redis.multi();
    this.size = 0;
    await m.execAsPipeline();
  }
}

/** The case's indexes, as the commit script keeps them (store/scripts.ts). */
function indexCase(m: ReturnType<Redis['multi']>, c: Case, resolvedAt: number | null): void {
  m.zAdd(keys.caseIndex, { score: Date.parse(c.createdAt), value: c.id });
  if (c.status === 'resolved') {
    const score = resolvedAt ?? Date.parse(c.updatedAt);
    m.zAdd(keys.resolvedCases, { score, value: c.id });
    m.zAdd(keys.institutionResolved(c.institution), { score, value: c.id });
    if (c.answer) m.sAdd(keys.answerCases(c.answer.id), c.id);
  } else {
    m.zAdd(keys.openCases, { score: Date.parse(c.createdAt), value: c.id });
    m.zAdd(keys.institutionOpen(c.institution), { score: Date.parse(c.createdAt), value: c.id });
  }
  if (c.status === 'claimed' && c.assignee) m.sAdd(keys.inProgress(c.assignee.id), c.id);
  if (c.problem) m.sAdd(keys.problemCases(c.problem.id), c.id);
  for (const s of c.similar) m.sAdd(keys.similarTo(s.caseId), c.id);
}

/** A stream's counters as they were; an empty stream is made by adding and deleting its last id. */
async function setStreamMeta(redis: Redis, meta: StreamMeta): Promise<void> {
  if (meta.entriesAdded === 0) return;
  if (!(await redis.exists(meta.key))) {
    await redis.xAdd(meta.key, meta.lastId, { restored: '1' });
    await redis.xDel(meta.key, meta.lastId);
  }
  await redis.sendCommand(['XSETID', meta.key, meta.lastId, 'ENTRIESADDED', String(meta.entriesAdded), 'MAXDELETEDID', meta.maxDeletedId]);
}

/**
 * Restores the backup into `redis`, which must hold no keys at all: a restore over live data
 * would mix two histories. Refuses (RestoreRefused, BackupFileError) before writing anything.
 */
export async function restoreBackup(redis: Redis, file: string): Promise<RestoreSummary> {
  const { header, counts } = await checkBackup(file);
  const present = await redis.dbSize();
  if (present > 0) throw new RestoreRefused(`The target Redis holds ${present} keys; restore writes only into an empty Redis. Stop the server and restore into a new Redis (or empty this one with FLUSHALL if you are sure nothing in it is needed)`);

  const batch = new Batch(redis);
  const withoutPassword: string[] = [];
  const streams: StreamMeta[] = [];
  let first = true;
  for await (const value of readLines(file)) {
    if (first) {
      first = false;
      continue;
    }
    const r = value as BackupRecord | { kind: 'end' };
    switch (r.kind) {
      case 'event':
        await batch.add((m) => m.xAdd(keys.events, r.id, r.fields));
        break;
      case 'audit':
        await batch.add((m) => m.xAdd(AUDIT_STREAM, r.id, r.fields));
        break;
      case 'deflection':
        await batch.add((m) => m.xAdd(keys.deflections, r.id, r.fields));
        break;
      case 'stream':
        streams.push(r.meta);
        break;
      case 'auditCounts':
        // Counts that expired since the backup stay gone, as they would have.
        if (r.expiresAt !== null && r.expiresAt <= Date.now()) break;
        await batch.add((m) => {
          m.hSet(r.key, r.fields);
          if (r.expiresAt !== null) m.pExpireAt(r.key, r.expiresAt);
        }, 2);
        break;
      case 'case': {
        const c = withDefaults(JSON.parse(r.json) as Case);
        await batch.add((m) => {
          m.hSet(keys.case(r.id), { v: String(r.version), json: r.json });
          if (r.eventIds.length > 0) m.rPush(keys.caseEvents(r.id), r.eventIds);
          indexCase(m, c, r.resolvedAt);
        }, 10);
        break;
      }
      case 'idempotency':
        await batch.add((m) => m.set(r.key, r.caseId));
        break;
      case 'user': {
        const f = r.fields;
        if (!f.passwordHash) withoutPassword.push(f.username);
        await batch.add((m) => {
          m.hSet(keys.user(f.username), f);
          m.sAdd(keys.users, f.username);
          m.hSet(keys.userIds, f.id, f.username);
          if (f.role === 'lead' || f.role === 'member') m.sAdd(keys.teamUsers, f.username);
        }, 4);
        break;
      }
      case 'problem':
      case 'answer': {
        const prefix = r.kind === 'problem' ? keys.problems : keys.answers;
        await batch.add((m) => {
          m.hSet(`${prefix}:${r.id}`, { v: String(r.version), json: r.json });
          m.zAdd(`${prefix}s`, { score: r.score, value: r.id });
        }, 2);
        break;
      }
      case 'roster':
        await batch.add((m) => m.set(keys.roster, r.json));
        break;
      case 'settings':
        // Written before any server starts on this Redis, so its seed keeps them (a file of version 1 has none: the config file's then).
        await batch.add((m) => m.hSet(keys.settings, r.fields));
        break;
      case 'counter':
        await batch.add((m) => m.set(r.key, r.value));
        break;
      case 'end':
        break;
    }
  }
  await batch.flush();
  for (const meta of streams) await setStreamMeta(redis, meta);
  // The indexes are whole: a server starting on this data need not build them from the cases.
  await redis.mSet([keys.caseIndexesBuilt, '1', keys.userIndexesBuilt, '1']);
  return { header, counts, withoutPassword: withoutPassword.sort() };
}
