// `npx warroom backup <file>`: the board's records in one file, taken while the server runs.
//
// What "consistent" means here: the backup first notes the event stream's last id (the
// header's streamId). The file holds every event up to that id and every case as its last
// event up to that id left it; cases and events after it are left out, whatever was written
// while the backup ran. Each case is read together with its list of events in one
// transaction: a case changed since the noted id is folded from its own events up to it (as
// every reader of the log does, store/case-states.ts). The problems (with their notices) and
// answers are read just before the id is noted, so a problem is never further along than its
// cases (a half-done resolution stays "resolving", and the restored server finishes it); one a
// kept case names that was made since is read after. The other groups (accounts, the roster,
// the audit trail and its counts, the counters) are each read in one transaction after the
// id, so each is whole and nothing a case names is missing; an account made while the backup
// ran may be in it. An erasure or a retention purge during the backup rewrites the log under
// it: each counts itself in wr:log-rewrites in the script that rewrites, the backup reads the
// count with the stream id and again before its end line, and starts over when it changed (an
// announcement over pub/sub could be lost, and the purge sends its own only at the end).
// The rollout's settings (one hash, written whole by each save) are read after the id too; their
// changes' audit entries are in the audit trail. Sessions, password links, rate counters, presence and queued jobs are not kept: they are
// short-lived, and a server started on the restored data sets every case's SLA timer and
// intake again from the cases themselves.
import { rename } from 'node:fs/promises';
import type { Case } from '../../shared/case.ts';
import { compareEventIds } from '../../shared/events.ts';
import { evolve } from '../../shared/evolve.ts';
import { AUDIT_COUNTS_PREFIX, AUDIT_STREAM } from '../audit/audit-log.ts';
import type { Redis } from '../redis/connect.ts';
import { commandReply, pipelineReplies, shapes } from '../redis/replies.ts';
import { EMPTY_LOG_ID } from '../store/case-store.ts';
import { decodeEntry, type StreamEntry } from '../store/event-format.ts';
import { keys } from '../store/keys.ts';
import { runScript } from '../store/scripts.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupFileError, BackupInterrupted, LineWriter, type BackupHeader, type Counts, type StreamMeta } from './backup-file.ts';

const PAGE = 1000;
const CASE_BATCH = 500;
const ATTEMPTS = 5;

export interface BackupOptions {
  withPasswords?: boolean;
  now?: () => Date;
  /** Called once the stream id is noted, before anything else is read (a test writes there). */
  onNoted?: (streamId: string) => Promise<void>;
}

export interface BackupSummary {
  header: BackupHeader;
  counts: Counts;
}

class LogRewritten extends Error {}

/** A stream's counters; an absent stream counts as empty. */
export async function streamMeta(redis: Redis, key: string): Promise<StreamMeta> {
  if (!(await redis.exists(key))) return { key, lastId: EMPTY_LOG_ID, entriesAdded: 0, maxDeletedId: EMPTY_LOG_ID };
  const info = await commandReply(redis, ['XINFO', 'STREAM', key], shapes.record);
  return {
    key,
    lastId: String(info['last-generated-id']),
    entriesAdded: Number(info['entries-added']),
    maxDeletedId: String(info['max-deleted-entry-id']),
  };
}

/**
 * The event stream's counters and the count of its rewrites, read together.
 * KEYS: event stream, rewrite counter. Replies {rewrites} for an absent stream, else
 * {rewrites, last id, entries added, largest deleted id}.
 */
const NOTE_LOG = `
local n = redis.call('GET', KEYS[2]) or '0'
if redis.call('EXISTS', KEYS[1]) == 0 then return {n} end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local meta = {}
for i = 1, #info, 2 do meta[info[i]] = info[i + 1] end
return {n, meta['last-generated-id'], tostring(meta['entries-added']), meta['max-deleted-entry-id']}
`;

async function noteLog(redis: Redis): Promise<{ meta: StreamMeta; rewrites: string }> {
  const [rewrites, lastId, added, maxDeletedId] = (await runScript(redis, NOTE_LOG, [keys.events, keys.logRewrites], [])) as string[];
  if (lastId === undefined) return { rewrites, meta: { key: keys.events, lastId: EMPTY_LOG_ID, entriesAdded: 0, maxDeletedId: EMPTY_LOG_ID } };
  return { rewrites, meta: { key: keys.events, lastId, entriesAdded: Number(added), maxDeletedId } };
}

/** Every entry of a stream up to `last` (all when omitted), oldest first, a page at a time. */
async function* streamEntries(redis: Redis, key: string, last = '+'): AsyncGenerator<StreamEntry> {
  let start = '-';
  for (;;) {
    const rows = (await redis.xRange(key, start, last, { COUNT: PAGE })) as StreamEntry[];
    yield* rows;
    if (rows.length < PAGE) return;
    start = `(${rows[rows.length - 1].id}`;
  }
}

/** Every key matching a pattern, once each (SCAN may repeat a key). */
async function scanKeys(redis: Redis, match: string): Promise<string[]> {
  const found = new Set<string>();
  for await (const batch of redis.scanIterator({ MATCH: match, COUNT: 1000 })) for (const k of batch) found.add(k);
  return [...found];
}

/**
 * A group of documents read in one transaction with the index that lists them; if the index
 * changed between listing it and the transaction, again.
 */
async function readGroup<Row>(redis: Redis, listIds: () => Promise<string[]>, read: (multi: ReturnType<Redis['multi']>, ids: string[]) => void, indexOf: (replies: unknown[]) => string[]): Promise<{ ids: string[]; replies: unknown[] }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const ids = await listIds();
    const multi = redis.multi();
    read(multi, ids);
    const replies = (await multi.exec()) as unknown[];
    const now = indexOf(replies);
    if (now.length === ids.length && now.every((id, i) => id === ids[i])) return { ids, replies };
  }
  throw new Error('The data kept changing while it was read; try the backup again');
}

/** The case as its events up to `eventIds`' last left it, folded from its first event. */
async function foldCase(redis: Redis, caseId: string, eventIds: string[]): Promise<{ state: Case; resolvedAt: number | null }> {
  const multi = redis.multi();
  for (const id of eventIds) multi.xRange(keys.events, id, id);
  const rows = (await pipelineReplies(multi, shapes.streamEntries)).flat();
  if (rows.length !== eventIds.length) throw new LogRewritten(`Case ${caseId}'s events changed during the backup`);
  let state: Case | null = null;
  let resolvedAt: number | null = null;
  for (const { event, after } of rows.map(decodeEntry)) {
    state = after ?? evolve(state, event);
    if (event.type === 'case.resolved') resolvedAt = Date.parse(event.at);
  }
  if (!state) throw new LogRewritten(`Case ${caseId} has no events`);
  return { state, resolvedAt: state.status === 'resolved' ? (resolvedAt ?? Date.parse(state.updatedAt)) : null };
}

interface Doc {
  json: string;
  version: number;
  score: number;
}

/**
 * The problems (their notices with them) and answers, a document group each. Read before the
 * stream id is noted: a problem being resolved is then at most as far along as its cases at
 * that id (still "resolving" while some are open, which the restored server finishes), never
 * "resolved" beside open cases.
 */
async function readLibrary(redis: Redis): Promise<{ problems: Map<string, Doc>; answers: Map<string, Doc> }> {
  const read = async (prefix: string) => {
    const index = `${prefix}s`;
    const group = await readGroup(
      redis,
      () => redis.zRange(index, 0, -1),
      (multi, ids) => {
        multi.zRangeWithScores(index, 0, -1);
        for (const id of ids) multi.hmGet(`${prefix}:${id}`, ['v', 'json']);
      },
      (replies) => (replies[0] as { value: string }[]).map((r) => r.value),
    );
    const scores = group.replies[0] as { value: string; score: number }[];
    const docs = new Map<string, Doc>();
    for (const [i, id] of group.ids.entries()) {
      const [v, json] = group.replies[i + 1] as [string | null, string | null];
      if (json) docs.set(id, { json, version: Number(v), score: scores[i].score });
    }
    return docs;
  };
  return { problems: await read(keys.problems), answers: await read(keys.answers) };
}

async function dump(redis: Redis, out: LineWriter, header: BackupHeader, eventsMeta: StreamMeta, library: Awaited<ReturnType<typeof readLibrary>>): Promise<void> {
  const S = eventsMeta.lastId;
  const upToS = (id: string) => compareEventIds(id, S) <= 0;

  // Cases, each read with its event list and resolved index entry in one transaction.
  const caseIds = (await scanKeys(redis, keys.case('*'))).map((k) => k.slice(keys.case('').length)).sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
  const kept = new Set<string>();
  // The problems and answers the kept cases name.
  const named = { problem: new Set<string>(), answer: new Set<string>() };
  for (let at = 0; at < caseIds.length; at += CASE_BATCH) {
    const slice = caseIds.slice(at, at + CASE_BATCH);
    const multi = redis.multi();
    for (const id of slice) multi.hmGet(keys.case(id), ['v', 'json']).lRange(keys.caseEvents(id), 0, -1).zScore(keys.resolvedCases, id);
    const replies = (await multi.exec()) as unknown[];
    for (const [i, id] of slice.entries()) {
      const [v, json] = replies[i * 3] as [string | null, string | null];
      const eventIds = replies[i * 3 + 1] as string[];
      const resolvedScore = replies[i * 3 + 2] as number | null;
      if (!json) continue; // purged meanwhile (the purge removes the hash and its list together)
      const before = eventIds.filter(upToS);
      // Made after the noted id. A case without a list of events (written by hand, not by the
      // commit script) cannot be placed against the id and is kept as it is.
      if (before.length === 0 && eventIds.length > 0) continue;
      let record: { json: string; version: number; resolvedAt: number | null };
      if (before.length === eventIds.length) {
        const stored = JSON.parse(json) as Case;
        record = { json, version: Number(v), resolvedAt: stored.status === 'resolved' ? (resolvedScore ?? Date.parse(stored.updatedAt)) : null };
      } else {
        // Changed after the noted id: as it stood then.
        const { state, resolvedAt } = await foldCase(redis, id, before);
        record = { json: JSON.stringify(state), version: state.version, resolvedAt };
      }
      kept.add(id);
      const shown = JSON.parse(record.json) as Case;
      if (shown.problem) named.problem.add(shown.problem.id);
      if (shown.answer) named.answer.add(shown.answer.id);
      await out.record({ kind: 'case', id, eventIds: before, ...record });
    }
  }

  // The events up to the noted id, as stored, and the stream's counters as they were at that id
  // (read with it): the restored log ends where the backup's view of it ended.
  for await (const e of streamEntries(redis, keys.events, S)) await out.record({ kind: 'event', id: e.id, fields: e.message });
  await out.record({ kind: 'stream', meta: eventsMeta });

  // Idempotency keys of the kept cases: a superuser's form that retries after a restore still gets its one case.
  const idemKeys = await scanKeys(redis, keys.idempotency('*', '*'));
  for (let at = 0; at < idemKeys.length; at += PAGE) {
    const slice = idemKeys.slice(at, at + PAGE);
    const values = await redis.mGet(slice);
    for (const [i, key] of slice.entries()) if (values[i] && kept.has(values[i]!)) await out.record({ kind: 'idempotency', key, caseId: values[i]! });
  }

  // Accounts, with their list, in one transaction.
  const users = await readGroup(
    redis,
    async () => (await redis.sMembers(keys.users)).sort(),
    (multi, names) => {
      multi.sMembers(keys.users);
      for (const n of names) multi.hGetAll(keys.user(n));
    },
    (replies) => (replies[0] as string[]).sort(),
  );
  for (const fields of users.replies.slice(1) as Record<string, string>[]) {
    if (!fields.id) continue;
    // Without --with-passwords the hash stays behind: a restored account sets its password through a link.
    await out.record({ kind: 'user', fields: header.withPasswords ? fields : { ...fields, passwordHash: '' } });
  }

  // Problems (their notices with them) and answers, read before the id was noted; and any a
  // kept case names that was made since, so nothing a case names is missing.
  for (const [kind, prefix, docs] of [['problem', keys.problems, library.problems], ['answer', keys.answers, library.answers]] as const) {
    const ids = [...named[kind]].filter((id) => !docs.has(id));
    if (ids.length > 0) {
      const multi = redis.multi();
      for (const id of ids) multi.hmGet(`${prefix}:${id}`, ['v', 'json']).zScore(`${prefix}s`, id);
      const replies = (await multi.exec()) as unknown[];
      for (const [i, id] of ids.entries()) {
        const [v, json] = replies[i * 2] as [string | null, string | null];
        const score = replies[i * 2 + 1] as number | null;
        if (json) docs.set(id, { json, version: Number(v), score: score ?? 0 });
      }
    }
    for (const [id, doc] of docs) await out.record({ kind, id, ...doc });
  }

  const roster = await redis.get(keys.roster);
  if (roster !== null) await out.record({ kind: 'roster', json: roster });
  // The settings the lead saved, whole in one read: a restored server takes them, not the config file's.
  const settings = await redis.hGetAll(keys.settings);
  if (settings.doc) await out.record({ kind: 'settings', fields: settings });

  // The deflections ("Det løste det"), which the statistics count beside the events.
  for await (const e of streamEntries(redis, keys.deflections)) await out.record({ kind: 'deflection', id: e.id, fields: e.message });
  // The audit trail as stored, with its counters.
  for await (const e of streamEntries(redis, AUDIT_STREAM)) await out.record({ kind: 'audit', id: e.id, fields: e.message });
  await out.record({ kind: 'stream', meta: await streamMeta(redis, AUDIT_STREAM) });
  // The counts of anonymous refusals the entries above name, each with its lifetime.
  const countKeys = await scanKeys(redis, `${AUDIT_COUNTS_PREFIX}*`);
  for (let at = 0; at < countKeys.length; at += PAGE) {
    const slice = countKeys.slice(at, at + PAGE).sort();
    const multi = redis.multi();
    for (const key of slice) multi.hGetAll(key).pTTL(key);
    const replies = (await multi.exec()) as unknown[];
    const readAt = Date.now();
    for (const [i, key] of slice.entries()) {
      const fields = replies[i * 2] as Record<string, string>;
      const ttl = replies[i * 2 + 1] as number;
      if (Object.keys(fields).length === 0 || ttl === -2) continue; // expired meanwhile
      await out.record({ kind: 'auditCounts', key, fields, expiresAt: ttl >= 0 ? readAt + ttl : null });
    }
  }

  // The id counters, read last: each is at least every id in the file, so no id is handed out twice.
  const counterKeys = [keys.caseSeq, keys.userSeq, `${keys.problems}:seq`, `${keys.answers}:seq`];
  const counters = await redis.mGet(counterKeys);
  for (const [i, key] of counterKeys.entries()) if (counters[i] !== null) await out.record({ kind: 'counter', key, value: counters[i]! });
}

/**
 * Writes the backup to `file` (through a temporary file renamed at the end, so a failed backup
 * never leaves a file that looks whole). Starts over if the log is rewritten meanwhile.
 */
export async function writeBackup(redis: Redis, file: string, opts: BackupOptions = {}): Promise<BackupSummary> {
  for (let attempt = 1; ; attempt++) {
    const library = await readLibrary(redis);
    const { meta: eventsMeta, rewrites } = await noteLog(redis);
    const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: (opts.now?.() ?? new Date()).toISOString(), streamId: eventsMeta.lastId, withPasswords: opts.withPasswords === true };
    const temp = `${file}.partial`;
    const out = await LineWriter.open(temp, file).catch((err: Error) => {
      throw new BackupFileError(`${temp} cannot be written: ${err.message}`);
    });
    try {
      await out.line(header);
      await opts.onNoted?.(header.streamId);
      await dump(redis, out, header, eventsMeta, library);
      if (((await redis.get(keys.logRewrites)) ?? '0') !== rewrites) throw new LogRewritten('The event log was rewritten during the backup');
      await out.line({ kind: 'end', counts: out.counts });
      await out.close();
      await rename(temp, file).catch((err: Error) => {
        throw new BackupFileError(`${file} cannot be written: ${err.message}`);
      });
      return { header, counts: out.counts };
    } catch (err) {
      await out.discard();
      if (!(err instanceof LogRewritten)) throw err;
      if (attempt >= ATTEMPTS) throw new BackupInterrupted(`The event log was rewritten (an erasure or a retention purge) during each of ${ATTEMPTS} attempts; no backup was written. Try again when no erasure or purge is running`);
    }
  }
}
