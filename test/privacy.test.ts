// GDPR: erasure of a case's texts everywhere Redis holds them (case, per-case events, the
// event stream, jobs), an export of everything about a case, and the retention purge.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/case.ts';
import { ERASED_TEXT } from '../shared/privacy.ts';
import { PrivacyService } from '../server/privacy/privacy-service.ts';
import { AuditLog } from '../server/audit/audit-log.ts';
import { RETENTION_SCHEDULER_ID } from '../server/queues/names.ts';
import { connectBoard } from './helpers/clients.ts';
import type { Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
type RedisClient = ReturnType<typeof createClient>;

/** Every string value stored anywhere in this Redis, by key (streams, hashes, lists, sets…). */
async function everything(redis: RedisClient): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const batch of redis.scanIterator({ COUNT: 1000 })) {
    for (const key of batch) {
      const type = await redis.type(key);
      // A key that expired or was deleted since the scan saw it (a lock, a limiter) holds nothing.
      if (type === 'none') continue;
      let value: unknown;
      if (type === 'string') value = await redis.get(key);
      else if (type === 'hash') value = await redis.hGetAll(key);
      else if (type === 'list') value = await redis.lRange(key, 0, -1);
      else if (type === 'set') value = await redis.sMembers(key);
      else if (type === 'zset') value = await redis.zRange(key, 0, -1);
      else if (type === 'stream') value = await redis.xRange(key, '-', '+');
      out.set(key, JSON.stringify(value));
    }
  }
  return out;
}

function holding(all: Map<string, string>, text: string): string[] {
  return [...all].filter(([, v]) => v.includes(text)).map(([k]) => k);
}

async function until(pred: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function boardWithResets(baseUrl: string, cookie: string) {
  const board = connectBoard(baseUrl, cookie);
  const resets: string[] = [];
  board.socket.on('sync:reset', (info) => resets.push(info.reason));
  return { ...board, resets };
}

describe('erasure and export', () => {
  let stack: Stack;
  let redis: RedisClient;
  let lead: Session, anna: Session, sol: Session;
  const SECRETS = {
    title: 'Emil Jensens mor kan ikke logge ind SECRET-TITLE',
    description: 'Hun hedder Pia Jensen og bor på Vestergade 3 SECRET-DESC',
    note: 'Ringede til Pia på 12345678 SECRET-NOTE',
    wait: 'Hvilken telefon bruger Pia? SECRET-WAIT',
    resolution: 'Pia fik nulstillet sin MitID SECRET-RES',
    reopen: 'Det virker stadig ikke for Emils far SECRET-REOPEN',
    escalate: 'Meldt ind: Pia Jensen kan ikke se Emils billeder SECRET-ESC',
  };
  let target: Case;
  let other: Case;

  beforeAll(async () => {
    stack = await startStack();
    [lead, anna, sol] = await loginAll(stack, [
      ['lead', 'lead'],
      ['anna', 'member', { name: 'Anna Mikkelsen' }],
      ['sol', 'reporter', { name: 'Sofie Dahl', institution: INST }],
    ]);
    redis = createClient({ url: stack.redisUrl });
    await redis.connect();
    // Uncompressed snapshots, so the on-disk check below can read strings as they are.
    await redis.configSet('rdbcompression', 'no');

    target = (await sol.request('POST', '/api/cases', { title: SECRETS.title, description: SECRETS.description, institution: INST }, { 'idempotency-key': 'privacy-1' })).body.case;
    other = (await sol.request('POST', '/api/cases', { title: 'En anden sag KEEP-TITLE', description: 'KEEP-DESC', institution: INST })).body.case;
    const id = target.id;
    const step = async (s: Session, move: string, body?: unknown) => {
      const res = await s.request('POST', `/api/cases/${id}/${move}`, body);
      expect(res.status, `${move}: ${JSON.stringify(res.body)}`).toBe(200);
    };
    await step(anna, 'claim');
    await step(anna, 'notes', { text: SECRETS.note, visibility: 'internal' });
    await step(anna, 'wait', { reason: SECRETS.wait });
    await step(anna, 'resume');
    await step(anna, 'resolve', { resolution: SECRETS.resolution });
    await step(sol, 'reopen', { reason: SECRETS.reopen });
    await step(anna, 'claim');
    await step(anna, 'escalate', { note: SECRETS.escalate, vendorRef: 'NC-4711' });
    // The intake job has run (its data and result are in Redis too).
    await until(async () => (await lead.request('GET', `/api/cases/${id}`)).body.case.enrichedAt !== null, 'intake');
  });
  afterAll(async () => {
    await redis?.close();
    await stack?.close();
  });

  it('exports the case, all its events and the audit entries about it, to the lead only', async () => {
    expect((await anna.request('GET', `/api/cases/${target.id}/privacy-export`)).status).toBe(403);
    expect((await sol.request('GET', `/api/cases/${target.id}/privacy-export`)).status).toBe(403);
    expect((await lead.request('GET', '/api/cases/999999/privacy-export')).status).toBe(404);
    const res = await lead.request('GET', `/api/cases/${target.id}/privacy-export`);
    expect(res.status).toBe(200);
    expect(res.body.case.title).toBe(SECRETS.title);
    expect(res.body.case.notes.map((n: { text: string }) => n.text)).toContain(SECRETS.note);
    const types = res.body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['case.created', 'case.claimed', 'case.note_added', 'case.waiting', 'case.resolved', 'case.reopened', 'case.escalated', 'case.enriched']));
    expect(res.body.events).toHaveLength(res.body.case.version);
    // The member's and the superuser's refused attempts above are about this case.
    const refused = res.body.audit.filter((e: { action: string; caseId: string }) => e.action === 'refused' && e.caseId === target.id);
    expect(refused.map((e: { username: string }) => e.username).sort()).toEqual(['anna', 'sol']);
    expect(JSON.stringify(res.body)).not.toContain('KEEP-TITLE');
  });

  it('erases the texts in the case, its events, GET /api/events, the raw stream and every other key; boards reload and still get later events', async () => {
    const before = (await redis.xRange('wr:events', '-', '+')) ?? [];
    const infoBefore = await redis.sendCommand(['XINFO', 'STREAM', 'wr:events']);
    const board = boardWithResets(stack.baseUrl, lead.cookie);
    await board.synced;

    expect((await anna.request('POST', `/api/cases/${target.id}/erase`)).status).toBe(403);
    const res = await lead.request('POST', `/api/cases/${target.id}/erase`);
    expect(res.status).toBe(200);
    const erased = res.body.case as Case;
    expect(erased.title).toBe(ERASED_TEXT);
    expect(erased.description).toBe(ERASED_TEXT);
    expect(erased.resolution).toBeNull(); // cleared by the reopen; the resolved event's copy is checked below
    expect(erased.notes.every((n) => n.text === ERASED_TEXT)).toBe(true);
    // Who did what stays: staff names are not the data subject's.
    expect(erased.reporter.name).toBe('Sofie Dahl');
    expect(erased.assignee?.name).toBe('Anna Mikkelsen');
    expect(erased.vendorRef).toBe('NC-4711');

    const detail = await lead.request('GET', `/api/cases/${target.id}`);
    const events = await lead.request('GET', '/api/events');
    const after = (await redis.xRange('wr:events', '-', '+')) ?? [];
    const all = await everything(redis);
    for (const secret of Object.values(SECRETS)) {
      const marker = secret.slice(secret.indexOf('SECRET-'));
      expect(JSON.stringify(detail.body), marker).not.toContain(marker);
      expect(JSON.stringify(events.body), marker).not.toContain(marker);
      expect(JSON.stringify(after), marker).not.toContain(marker);
      expect(holding(all, marker), marker).toEqual([]);
    }
    expect(detail.body.events).toHaveLength(erased.version);
    // The stream is the same log: the same ids in the same order, its counters unchanged.
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    const infoAfter = await redis.sendCommand(['XINFO', 'STREAM', 'wr:events']);
    const field = (info: unknown, name: string) =>
      Array.isArray(info) ? info[info.indexOf(name) + 1] : info instanceof Map ? info.get(name) : (info as Record<string, unknown>)[name];
    expect(field(infoAfter, 'last-generated-id')).toBe(field(infoBefore, 'last-generated-id'));
    expect(field(infoAfter, 'entries-added')).toBe(field(infoBefore, 'entries-added'));
    // The other case is untouched.
    expect(JSON.stringify(events.body)).toContain('KEEP-TITLE');
    expect(holding(all, 'KEEP-DESC').length).toBeGreaterThan(0);
    // BullMQ holds only ids: no job names the erased texts (checked above key by key; here explicitly).
    const jobKeys = [...all.keys()].filter((k) => k.startsWith('wr:bull:'));
    expect(jobKeys.length).toBeGreaterThan(0);
    for (const key of jobKeys) expect(all.get(key)).not.toMatch(/SECRET-/);

    // Open boards are told to reload, and the tail goes on after the stream was replaced.
    await until(async () => board.resets.length > 0, 'sync:reset');
    const later = (await anna.request('POST', `/api/cases/${other.id}/claim`)).body.case as Case;
    await board.waitFor((es) => es.some((e) => e.caseId === other.id && e.type === 'case.claimed' && e.case.version === later.version));
    // And a board that reconnects with an id from before the erasure catches up normally.
    const rejoin = connectBoard(stack.baseUrl, lead.cookie, { lastEventId: before[before.length - 1].id });
    expect(await rejoin.synced).toBe(((await redis.xRevRange('wr:events', '+', '-', { COUNT: 1 })) ?? [])[0]?.id);
    expect(rejoin.events.some((e) => e.caseId === other.id && e.type === 'case.claimed')).toBe(true);
    board.socket.close();
    rejoin.socket.close();
  });

  it('leaves no erased text on disk once the append-only file is rewritten', async () => {
    await until(async () => /aof_rewrite_in_progress:0/.test(await redis.info('persistence')) && /aof_rewrite_scheduled:0/.test(await redis.info('persistence')), 'AOF rewrite');
    const dir = path.join(stack.redis.dir, 'appendonlydir');
    const files = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'latin1')).join('\n');
    expect(files).toContain('KEEP-DESC');
    expect(files).not.toMatch(/SECRET-/);
  });

  it('audits the export and the erasure with who and when', async () => {
    const { entries } = (await lead.request('GET', '/api/audit?limit=1000')).body;
    const mine = entries.filter((e: { caseId: string; username: string }) => e.caseId === target.id && e.username === 'lead');
    expect(mine.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['privacy.export', 'privacy.erase']));
    for (const e of mine) expect(Date.parse(e.at)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('retention', () => {
  let stack: Stack;
  let redis: RedisClient;
  let lead: Session, anna: Session, sol: Session;

  beforeAll(async () => {
    stack = await startStack({
      env: { RETENTION_DAYS_AFTER_ROLLOUT: '0' },
      rollout: { rollout: { name: 'Udrulning 2020', start: '2020-01-06', end: '2020-01-10' } },
    });
    [lead, anna, sol] = await loginAll(stack, [
      ['lead', 'lead'],
      ['anna', 'member'],
      ['sol', 'reporter', { institution: INST }],
    ]);
    redis = createClient({ url: stack.redisUrl });
    await redis.connect();
  });
  afterAll(async () => {
    await redis?.close();
    await stack?.close();
  });

  it('is scheduled as one repeatable job', async () => {
    const schedulers = await stack.app.services.retention.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key ?? s.id)).toContain(RETENTION_SCHEDULER_ID);
  });

  it('keeps everything while the retention has not run out', async () => {
    const c = (await sol.request('POST', '/api/cases', { title: 'Endnu ikke udløbet', institution: INST })).body.case;
    const privacy = new PrivacyService(stack.app.services.redis, stack.app.services.store, new AuditLog(stack.app.services.redis));
    expect(await privacy.purgeExpired(stack.config.rollout, 0, Date.parse('2020-01-10T12:00:00Z'))).toEqual([]);
    expect(await privacy.purgeExpired(stack.config.rollout, 30, Date.now())).toEqual([]);
    expect((await lead.request('GET', `/api/cases/${c.id}`)).status).toBe(200);
  });

  it('purges cases, their events, idempotency keys and in-progress entries once past; boards reload and go on', async () => {
    const a = (await sol.request('POST', '/api/cases', { title: 'Gammel sag A', institution: INST }, { 'idempotency-key': 'old-a' })).body.case as Case;
    const b = (await sol.request('POST', '/api/cases', { title: 'Gammel sag B', institution: INST })).body.case as Case;
    await anna.request('POST', `/api/cases/${b.id}/claim`);
    const annaId = (await anna.request('GET', '/api/session')).body.user.id;
    expect(await redis.sMembers(`wr:in-progress:${annaId}`)).toContain(b.id);
    const board = boardWithResets(stack.baseUrl, lead.cookie);
    await board.synced;
    await new Promise((r) => setTimeout(r, 5)); // updatedAt strictly in the past, for 0 days of retention

    await stack.app.services.retention.runNow();
    await until(async () => (await lead.request('GET', '/api/cases')).body.cases.length === 0, 'the purge');

    for (const c of [a, b]) {
      expect(await redis.exists([`wr:case:${c.id}`, `wr:case-events:${c.id}`])).toBe(0);
      expect((await lead.request('GET', `/api/cases/${c.id}`)).status).toBe(404);
    }
    expect(await redis.xLen('wr:events')).toBe(0);
    expect(await redis.sMembers(`wr:in-progress:${annaId}`)).toEqual([]);
    expect(await redis.keys('wr:idem:*')).toEqual([]);
    expect((await lead.request('GET', '/api/events')).body.events).toEqual([]);
    await until(async () => board.resets.length > 0, 'sync:reset');
    const { entries } = (await lead.request('GET', '/api/audit?limit=1000')).body;
    expect(entries.some((e: { action: string; username: string }) => e.action === 'retention.purge' && e.username === 'system')).toBe(true);

    // The same idempotency key now makes a new case, and the live board sees it.
    const fresh = await sol.request('POST', '/api/cases', { title: 'Ny sag efter oprydningen', institution: INST }, { 'idempotency-key': 'old-a' });
    expect(fresh.status).toBe(201);
    await board.waitFor((es) => es.some((e) => e.caseId === fresh.body.case.id));
    board.socket.close();
  });
});
