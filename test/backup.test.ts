// Backup, restore and the rollout archive against real redis-servers: a source with a running
// server that keeps taking cases while the backup runs, and empty targets the backup is restored
// into, each then served by a server of its own; the answers of both servers are compared.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArchive } from '../server/archive/archive.ts';
import { BackupFileError } from '../server/backup/backup-file.ts';
import { writeBackup } from '../server/backup/backup.ts';
import { RestoreRefused, restoreBackup } from '../server/backup/restore.ts';
import { connectRedis, type Redis } from '../server/redis/connect.ts';
import { PasswordLinkStore } from '../server/store/password-link-store.ts';
import { UserStore } from '../server/store/user-store.ts';
import { announceBoardReset } from '../server/privacy/board-reset.ts';
import { PURGE_CASE } from '../server/privacy/erase-script.ts';
import { CaseStore } from '../server/store/case-store.ts';
import { keys } from '../server/store/keys.ts';
import { runScript } from '../server/store/scripts.ts';
import { compareEventIds, type CaseEvent } from '../shared/events.ts';
import { ERASED_TEXT } from '../shared/privacy.ts';
import type { RolloutSettings } from '../shared/settings.ts';
import { StatsModel } from '../shared/stats.ts';
import { login, type Session } from './helpers/http.ts';
import { startTestRedis, type TestRedis } from './helpers/redis.ts';
import { parseRfc4180 } from './helpers/rfc4180.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
const FORMULA = '=HYPERLINK("http://evil.example","Klik her")';
const SECRET = 'Mor til Liva Hansen (3 år) kan ikke se billeder';
const root = path.resolve(import.meta.dirname, '..');

let source: Stack;
let sourceRedis: Redis;
let lead: Session, anna: Session, sol: Session;
const targets: TestRedis[] = [];
const servers: { close(): Promise<void> }[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'warroom-backup-test-'));
let erasedId: string;

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function allEvents(s: Session): Promise<CaseEvent[]> {
  const out: CaseEvent[] = [];
  let since = '0-0';
  for (;;) {
    const res = await s.request('GET', `/api/events?since=${since}`);
    expect(res.status).toBe(200);
    out.push(...res.body.events);
    if (!res.body.more) return out;
    since = res.body.lastEventId;
  }
}

async function newTarget(): Promise<{ redis: TestRedis; client: Redis }> {
  const redis = await startTestRedis();
  targets.push(redis);
  const client = await connectRedis({ url: redis.url });
  servers.push({ close: () => client.close() });
  return { redis, client };
}

/** A server on a restored Redis, without workers: nothing may add events the source lacks. */
async function serve(redis: TestRedis) {
  const { app, baseUrl } = await startServer(redis, { runWorkers: false });
  servers.push({ close: () => app.app.close() });
  return baseUrl;
}

const createCase = (title: string) => sol.request('POST', '/api/cases', { title, description: `Beskrivelse: ${title}`, institution: INST });

beforeAll(async () => {
  source = await startStack();
  sourceRedis = await connectRedis({ url: source.redisUrl });
  [lead, anna, sol] = await loginAll(source, [
    ['lead', 'lead', { name: 'Lene Holm' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: INST, name: 'Sofie Dahl' }],
    ['wall', 'viewer'],
  ]);
  const ids: string[] = [];
  for (const title of ['Kan ikke logge ind med MitID', FORMULA, '+45 forældre får ingen besked', '@alle kalenderen er tom', SECRET, 'Billeder vises ikke i appen']) {
    const res = await createCase(title);
    expect(res.status).toBe(201);
    ids.push(res.body.case.id);
  }
  const answer = (await lead.request('POST', '/api/answers', { title: 'Video: log ind med MitID', url: 'https://www.aula.dk/mitid', languages: ['da'] })).body.answer;
  expect((await anna.request('POST', `/api/cases/${ids[0]}/resolve`, { resolution: 'Vist hvordan', answerId: answer.id })).status).toBe(200);
  expect((await anna.request('POST', `/api/cases/${ids[1]}/claim`)).status).toBe(200);
  const problem = (await anna.request('POST', '/api/problems', { title: '<script>alert(1)</script> & billeder', caseIds: [ids[5]] })).body.problem;
  expect((await anna.request('PUT', `/api/problems/${problem.id}/notice`, { message: 'Brug browseren indtil videre' })).status).toBe(200);
  // "Det løste det": counted in the statistics beside the events, so kept in the backup too.
  expect((await sol.request('POST', '/api/suggestions/deflections', { noticeId: problem.id })).status).toBe(201);
  const start = new Date(Date.now() - 3_600_000).toISOString();
  const end = new Date(Date.now() + 3_600_000).toISOString();
  expect((await lead.request('PUT', '/api/roster', { shifts: [{ username: 'anna', start, end }] })).status).toBe(200);
  erasedId = ids[4];
  expect((await lead.request('POST', `/api/cases/${erasedId}/erase`)).status).toBe(200);
  // Every case through the intake, so the log is quiet unless a test writes.
  await until('the intake', async () => ((await lead.request('GET', '/api/cases')).body.cases as { enrichedAt: string | null }[]).every((c) => c.enrichedAt));
}, 60_000);

afterAll(async () => {
  for (const s of servers.reverse()) await s.close().catch(() => {});
  await sourceRedis?.close().catch(() => {});
  await source?.close();
  for (const t of targets) await t.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', { timeout: 90_000 }, () => {
  it('taken while cases are created and changed, restores the cases and events as they stood at its stream id, with the statistics; --with-passwords keeps the logins', async () => {
    const file = path.join(dir, 'busy.jsonl.gz');
    const existing = ((await lead.request('GET', '/api/cases')).body.cases as { id: string; status: string }[]).filter((c) => c.status === 'new');
    let stop = false;
    let made = 0;
    const busy = (async () => {
      while (!stop) {
        expect((await createCase(`Travl sag ${made}`)).status).toBe(201);
        made++;
      }
    })();
    await until('cases during the backup', async () => made >= 3);
    const { header } = await writeBackup(sourceRedis, file, {
      withPasswords: true,
      // Right after the id is noted: a case changes, another is made; neither change may be in the file.
      onNoted: async () => {
        expect((await anna.request('POST', `/api/cases/${existing[0].id}/claim`)).status).toBe(200);
        expect((await createCase('Lige efter')).status).toBe(201);
      },
    });
    await until('more cases after the backup', async () => made >= 6);
    stop = true;
    await busy;

    const sourceEvents = await allEvents(lead);
    const atS = sourceEvents.filter((e) => compareEventIds(e.id, header.streamId) <= 0);
    expect(atS.length).toBeLessThan(sourceEvents.length);
    expect(atS.some((e) => e.type === 'case.claimed' && e.caseId === existing[0].id)).toBe(false);
    const caseAtS = new Map<string, unknown>();
    for (const e of atS) caseAtS.set(e.caseId, e.case);

    const { redis, client } = await newTarget();
    await restoreBackup(client, file);
    const baseUrl = await serve(redis);
    // The password hashes came along: the same passwords log in.
    const restoredLead = await login(baseUrl, 'lead', 'lead-password');
    await login(baseUrl, 'sol', 'sol-password');

    expect(await allEvents(restoredLead)).toEqual(atS);
    const board = (await restoredLead.request('GET', '/api/cases')).body;
    expect(board.lastEventId).toBe(header.streamId);
    expect(new Set(board.cases.map((c: { id: string }) => c.id))).toEqual(new Set(caseAtS.keys()));
    for (const c of board.cases) expect(c).toEqual(caseAtS.get(c.id));
    expect(board.cases.find((c: { id: string }) => c.id === existing[0].id).status).toBe('new');
    const model = (await restoredLead.request('GET', '/api/stats/model')).body;
    expect(model).toEqual(StatsModel.fromEvents(atS).snapshot());
  });

  it('taken when the board is quiet, gives the same answers from the restored Redis: cases, history, events, statistics, problems, notices, answers, roster, accounts, audit', async () => {
    const file = path.join(dir, 'quiet.jsonl');
    // Refusals of someone not signed in: one audit entry per address and minute, with its count.
    for (let i = 0; i < 3; i++) expect((await fetch(`${source.baseUrl}/api/cases`)).status).toBe(401);
    await until('the anonymous refusals counted', async () => ((await lead.request('GET', '/api/audit?limit=1000')).body.entries as { count: number }[]).some((e) => e.count >= 3));
    await until('the intake', async () => ((await lead.request('GET', '/api/cases')).body.cases as { enrichedAt: string | null }[]).every((c) => c.enrichedAt));
    const { header, counts } = await writeBackup(sourceRedis, file);
    expect(header).toMatchObject({ format: 'warroom-backup', version: 2, withPasswords: false });
    expect(readFileSync(file, 'utf8')).not.toContain('$argon2');
    const sourceAudit = (await lead.request('GET', '/api/audit?limit=1000')).body.entries.slice(0, counts.audit);
    expect(sourceAudit.length).toBeGreaterThan(0);

    const { redis, client } = await newTarget();
    const restored = await restoreBackup(client, file);
    expect(restored.counts).toEqual(counts);
    expect(restored.withoutPassword).toEqual(['anna', 'lead', 'sol', 'wall']);
    const baseUrl = await serve(redis);
    // Without the hashes nobody logs in until a password is set again.
    expect((await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lead', password: 'lead-password' }) })).status).toBe(401);
    await new UserStore(client).setPassword('lead', 'new-lead-password');
    const there = await login(baseUrl, 'lead', 'new-lead-password');

    for (const url of ['/api/cases', '/api/cases?limit=500', '/api/stats', '/api/stats?bucket=day', '/api/stats/model', '/api/problems', '/api/notices', '/api/answers', '/api/roster', '/api/roster/people']) {
      const [a, b] = await Promise.all([lead.request('GET', url), there.request('GET', url)]);
      expect(b.status, url).toBe(200);
      expect(b.body, url).toEqual(a.body);
    }
    expect(await allEvents(there)).toEqual(await allEvents(lead));
    const users = (await there.request('GET', '/api/users')).body.users;
    expect(users.map((u: { username: string; passwordSet: boolean }) => [u.username, u.passwordSet])).toEqual([
      ['anna', false],
      ['lead', true],
      ['sol', false],
      ['wall', false],
    ]);
    const sourceUsers = (await lead.request('GET', '/api/users')).body.users.map(({ passwordSet: _, ...u }: { passwordSet: boolean }) => u);
    expect(users.map(({ passwordSet: _, ...u }: { passwordSet: boolean }) => u)).toEqual(sourceUsers);
    const audit = (await there.request('GET', '/api/audit?limit=1000')).body.entries;
    expect(audit.slice(0, sourceAudit.length)).toEqual(sourceAudit);
    const countKeys = await client.keys('wr:audit:anonymous:*');
    expect(countKeys.length).toBeGreaterThan(0);
    for (const key of countKeys) {
      expect(await client.hGetAll(key)).toEqual(await sourceRedis.hGetAll(key));
      expect(await client.pTTL(key)).toBeGreaterThan(0);
    }
    // The erased case stays erased, and new cases get fresh ids.
    expect((await there.request('GET', `/api/cases/${erasedId}`)).body.case.title).toBe(ERASED_TEXT);
    const fresh = await login(baseUrl, 'lead', 'new-lead-password');
    const made = await fresh.request('POST', '/api/cases', { title: 'Efter gendannelsen', institution: INST });
    expect(made.status).toBe(201);
    const maxId = Math.max(...(await lead.request('GET', '/api/cases')).body.cases.map((c: { id: string }) => Number(c.id)));
    expect(Number(made.body.case.id)).toBeGreaterThan(maxId);
  });

  it("keeps the lead's saved settings: a restored server answers with them, not the config file's; a file without settings (version 1) restores with the config file's", async () => {
    const before = (await lead.request('GET', '/api/settings')).body as RolloutSettings & { version: number };
    const cafe = { start: '2026-12-10T16:00', end: '2026-12-10T18:00', place: 'Ørkildskolen', languages: ['ar'] };
    const saved = { ...before, municipality: 'Gendannet Kommune', support: { ...before.support!, helpCafes: [...(before.support?.helpCafes ?? []), cafe] } };
    expect((await lead.request('PUT', '/api/settings', saved)).status).toBe(200);
    const wanted = (await lead.request('GET', '/api/settings')).body as RolloutSettings & { version: number };
    expect(wanted.version).toBe(before.version + 1);
    const { version: _v, ...configFile } = before;
    expect(configFile).toEqual(source.config.rollout);

    const file = path.join(dir, 'settings.jsonl');
    const { counts } = await writeBackup(sourceRedis, file);
    expect(counts.settings).toBe(1);
    const { redis, client } = await newTarget();
    await restoreBackup(client, file);
    const baseUrl = await serve(redis);
    await new UserStore(client).setPassword('lead', 'new-lead-password');
    const there = await login(baseUrl, 'lead', 'new-lead-password');
    expect((await there.request('GET', '/api/settings')).body).toEqual(wanted);
    // The change's audit entry came along with the rest of the trail.
    const audit = (await there.request('GET', '/api/audit?limit=1000')).body.entries as { action: string; target: string }[];
    expect(audit.some((e) => e.action === 'settings.change' && e.target === `settings version ${wanted.version}`)).toBe(true);

    // A file from before settings were kept: version 1, no settings line, its end line without them.
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const old = path.join(dir, 'version-1.jsonl');
    const kept = lines.filter((l) => l.kind !== 'settings').map((l) => (l.format ? { ...l, version: 1 } : l.kind === 'end' ? { kind: 'end', counts: { ...l.counts, settings: undefined } } : l));
    writeFileSync(old, kept.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const older = await newTarget();
    const restored = await restoreBackup(older.client, old);
    expect(restored.header.version).toBe(1);
    expect(restored.counts.settings).toBeUndefined();
    const olderUrl = await serve(older.redis);
    await new UserStore(older.client).setPassword('lead', 'new-lead-password');
    const seeded = (await (await login(olderUrl, 'lead', 'new-lead-password')).request('GET', '/api/settings')).body as RolloutSettings & { version: number };
    const { version: _w, ...doc } = seeded;
    expect(doc).toEqual(source.config.rollout);
    expect((await (await login(olderUrl, 'lead', 'new-lead-password')).request('GET', '/api/cases')).body.cases.length).toBeGreaterThan(0);
  });

  it('refuses a Redis that holds anything, and a file of an unknown version or cut short, before writing', async () => {
    const file = path.join(dir, 'refuse.jsonl');
    await writeBackup(sourceRedis, file);
    await expect(restoreBackup(sourceRedis, file)).rejects.toThrow(RestoreRefused);
    await expect(restoreBackup(sourceRedis, file)).rejects.toThrow(/holds \d+ keys; restore writes only into an empty Redis/);

    const { client } = await newTarget();
    const lines = readFileSync(file, 'utf8').split('\n');
    const future = path.join(dir, 'future.jsonl');
    writeFileSync(future, [JSON.stringify({ ...JSON.parse(lines[0]), version: 3 }), ...lines.slice(1)].join('\n'));
    await expect(restoreBackup(client, future)).rejects.toThrow(/version 3; this version of warroom restores versions 1 and 2 only/);
    // Settings a server could not start with are refused before anything is written.
    const bad = path.join(dir, 'bad-settings.jsonl');
    writeFileSync(bad, lines.map((l) => (l.startsWith('{"kind":"settings"') ? JSON.stringify({ kind: 'settings', fields: { ...JSON.parse(l).fields, doc: '{"municipality":""}' } }) : l)).join('\n'));
    await expect(restoreBackup(client, bad)).rejects.toThrow(/the settings are not valid/);
    const cut = path.join(dir, 'cut.jsonl');
    writeFileSync(cut, lines.slice(0, -3).join('\n'));
    await expect(restoreBackup(client, cut)).rejects.toThrow(BackupFileError);
    writeFileSync(cut, JSON.stringify({ format: 'something-else' }));
    await expect(restoreBackup(client, cut)).rejects.toThrow(/is not a war-room backup/);
    expect(await client.dbSize()).toBe(0);
  });

  it('writes the file readable by its owner only, also over an older file, and leaves no part behind when writing fails', async () => {
    const file = path.join(dir, 'mode.jsonl.gz');
    for (const old of [file, `${file}.partial`]) {
      writeFileSync(old, 'an older file');
      chmodSync(old, 0o644);
    }
    await writeBackup(sourceRedis, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.partial`)).toBe(false);

    await expect(writeBackup(sourceRedis, path.join(dir, 'no-such-folder', 'b.jsonl.gz'))).rejects.toThrow(/no-such-folder\/b\.jsonl\.gz cannot be written: ENOENT/);
    // The name is a folder: the part is written, the rename fails, and the part (personal data) goes.
    const folder = path.join(dir, 'a-folder.jsonl');
    mkdirSync(folder);
    await expect(writeBackup(sourceRedis, folder)).rejects.toThrow(BackupFileError);
    expect(existsSync(`${folder}.partial`)).toBe(false);
    await expect(restoreBackup(sourceRedis, path.join(dir, 'missing.jsonl.gz'))).rejects.toThrow(/missing\.jsonl\.gz cannot be read: ENOENT/);
  });

  it('holds a problem resolved while it ran as it stood before: never resolved beside its cases still open at the stream id', async () => {
    const made = await createCase('Kalenderen synkroniserer ikke');
    expect(made.status).toBe(201);
    const problem = (await anna.request('POST', '/api/problems', { title: 'Kalendersynkronisering', caseIds: [made.body.case.id] })).body.problem;
    await until('the intake', async () => ((await lead.request('GET', '/api/cases')).body.cases as { enrichedAt: string | null }[]).every((c) => c.enrichedAt));
    const file = path.join(dir, 'problem-during.jsonl');
    let resolved = false;
    await writeBackup(sourceRedis, file, {
      onNoted: async () => {
        if (resolved) return;
        resolved = true;
        expect((await anna.request('POST', `/api/problems/${problem.id}/resolve`, { resolution: 'Rettet af leverandøren' })).status).toBe(200);
      },
    });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const inFile = (kind: string, id: string) => JSON.parse(lines.find((l) => l.kind === kind && l.id === id).json);
    expect(inFile('case', made.body.case.id).status).toBe('new');
    expect(inFile('problem', problem.id).status).not.toBe('resolved');
    expect(JSON.parse((await sourceRedis.hGet(`${keys.problems}:${problem.id}`, 'json'))!).status).toBe('resolved');
  });
});

describe('the CLI', { timeout: 240_000 }, () => {
  const cli = (args: string[], redisUrl: string) =>
    spawnSync(process.execPath, [path.join(root, 'bin/warroom.js'), ...args], { cwd: root, env: { ...process.env, REDIS_URL: redisUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8' });

  it('backs up the running server, restores into an empty Redis only (exit 1 otherwise), and a password link lets a restored account log in', async () => {
    const file = path.join(dir, 'cli.jsonl.gz');
    const backup = cli(['backup', file], source.redisUrl);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/^Wrote .*cli\.jsonl\.gz: \d+ cases and \d+ events up to event \d+-\d+/);
    expect(backup.stdout).toContain('npx warroom user link <username>');

    const refused = cli(['restore', file], source.redisUrl);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^warroom: The target Redis holds \d+ keys; restore writes only into an empty Redis/);

    const { redis, client } = await newTarget();
    const restore = cli(['restore', file], redis.url);
    expect(restore.status).toBe(0);
    expect(restore.stdout).toContain('4 accounts have no password now and need a password link');
    expect(restore.stdout).toContain('anna lead sol wall');

    const link = cli(['user', 'link', 'lead'], redis.url);
    expect(link.status).toBe(0);
    const token = link.stdout.match(/\/#\/set-password\/([\w-]+)/)![1];
    expect(await new PasswordLinkStore(client).consume(token, 'a-fresh-password')).toBe('lead');
    expect(await new UserStore(client).verify('lead', 'a-fresh-password')).toMatchObject({ username: 'lead', role: 'lead' });
  });

  it('refuses stray arguments with the usage (exit 2), and a file it cannot read or write with a clean message (exit 1)', () => {
    for (const args of [['restore', 'f.jsonl', '--with-passwords'], ['backup', 'a.jsonl', 'b.jsonl'], ['restore', 'a.jsonl', 'b.jsonl'], ['archive', 'a', 'b'], ['backup', 'a.jsonl', '--role', 'lead']]) {
      const res = cli(args, source.redisUrl);
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toContain('Usage:');
    }
    const missing = cli(['restore', path.join(dir, 'missing.jsonl.gz')], source.redisUrl);
    expect(missing.stderr).toMatch(/^warroom: .*missing\.jsonl\.gz cannot be read: ENOENT/);
    expect(missing.status).toBe(1);
    const nowhere = cli(['backup', path.join(dir, 'no-such-folder', 'b.jsonl.gz')], source.redisUrl);
    expect(nowhere.stderr).toMatch(/^warroom: .*b\.jsonl\.gz cannot be written: ENOENT/);
    expect(nowhere.status).toBe(1);
  });

  it('archive writes the report and the CSV files and states the retention date', () => {
    const out = path.join(dir, 'cli-archive');
    const res = cli(['archive', out], source.redisUrl);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('due for deletion after 2027-03-04 (90 days after the rollout\'s end, 2026-12-04)');
    expect(readFileSync(path.join(out, 'evaluering.html'), 'utf8')).toContain('Opbevares til og med 4. marts 2027');
  });
});

describe('the rollout archive', () => {
  it('is the evaluation report as self-contained HTML with the retention date, and the cases and events as spreadsheet-safe Danish CSV, erasures kept', async () => {
    const out = path.join(dir, 'archive');
    // An older file of the same name: the new one is still readable by its owner only.
    mkdirSync(out);
    writeFileSync(path.join(out, 'sager.csv'), 'older');
    chmodSync(path.join(out, 'sager.csv'), 0o644);
    const summary = await writeArchive(sourceRedis, source.config, out);
    for (const f of summary.files) expect(statSync(path.join(out, f)).mode & 0o777, f).toBe(0o600);
    const html = readFileSync(path.join(out, 'evaluering.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="da">/);
    expect(html).toContain('Opbevares til og med 4. marts 2027');
    expect(html).toContain('90 dage efter udrulningens sidste dag (4. december 2026)');
    expect(html).toContain('@media print');
    // Typed text is escaped, and nothing is fetched from elsewhere.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; billeder');
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(html).toContain('Sager anonymiseret efter anmodning: 1;');
    const stats = (await lead.request('GET', '/api/stats?bucket=day')).body;
    expect(html).toContain(`I alt <strong data-testid="report-arrivals">${stats.arrivals.count}</strong> henvendelser`);
    expect(stats.deflections.total).toBe(1);
    expect(html).toContain('<p data-testid="report-deflections-total">1 henvendelse blev ikke sendt');
    // The go-live waves as the report screen has them: no go-live days in the example config, so only the centres with no case yet.
    expect(html).toContain('<h2 id="report-golive">Go-live-bølgerne</h2>');
    const waiting = (stats.goLive.noCase as { institution: string }[]).map((c) => source.config.rollout.institutions.find((i) => i.id === c.institution)!.name);
    expect(waiting.length).toBeGreaterThan(0);
    for (const name of waiting) expect(html).toContain(`<li>${name} (ingen go-live-dato)</li>`);

    const raw = readFileSync(path.join(out, 'sager.csv'));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseRfc4180(raw.toString('utf8').slice(1), ';');
    expect(rows[0].slice(0, 4)).toEqual(['Sag', 'Titel', 'Beskrivelse', 'Institution (id)']);
    expect(rows.length - 1).toBe(summary.cases);
    const titles = rows.slice(1).map((r) => r[1]);
    expect(titles).toContain(`'${FORMULA}`);
    expect(titles).toContain("'+45 forældre får ingen besked");
    expect(titles).toContain("'@alle kalenderen er tom");
    expect(titles).not.toContain(FORMULA);
    expect(titles).toContain(ERASED_TEXT);

    const events = readFileSync(path.join(out, 'haendelser.csv'), 'utf8');
    expect(events.startsWith('\uFEFF"Hændelse";"Tidspunkt (UTC)";"Type";"Sag"')).toBe(true);
    expect(parseRfc4180(events.slice(1), ';').length - 1).toBe(summary.events);
    for (const text of [html, raw.toString('utf8'), events]) expect(text).not.toContain('Liva Hansen');
  });
});

// Last in the file: these erase and purge cases of the source, which the tests above compare.
describe('a rewrite of the log during a backup', { timeout: 90_000 }, () => {
  const quiet = () => until('the intake', async () => ((await lead.request('GET', '/api/cases')).body.cases as { enrichedAt: string | null }[]).every((c) => c.enrichedAt));

  it('an erasure right after the stream id is noted makes the backup start over; the erased text is not in the file', async () => {
    const made = await createCase('Far til Emil Berg (5 år) får ingen beskeder');
    expect(made.status).toBe(201);
    await quiet();
    const file = path.join(dir, 'erased-during.jsonl');
    const noted: string[] = [];
    let erasedAfter = '';
    const { header } = await writeBackup(sourceRedis, file, {
      onNoted: async (id) => {
        noted.push(id);
        if (noted.length > 1) return;
        expect((await lead.request('POST', `/api/cases/${made.body.case.id}/erase`)).status).toBe(200);
        erasedAfter = (await lead.request('GET', '/api/cases')).body.lastEventId;
      },
    });
    expect(noted).toHaveLength(2);
    expect(header.streamId).toBe(noted[1]);
    expect(compareEventIds(header.streamId, erasedAfter)).toBeGreaterThanOrEqual(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('Emil Berg');
    expect(text).toContain(ERASED_TEXT);
  });

  it('a retention purge halfway (its announcement not yet sent) makes the backup start over too', async () => {
    const made = await createCase('Udløbet sag');
    expect(made.status).toBe(201);
    const id: string = made.body.case.id;
    await quiet();
    const file = path.join(dir, 'purged-during.jsonl');
    const noted: string[] = [];
    const purged = (await sourceRedis.hGet(keys.case(id), 'json'))!;
    const { counts } = await writeBackup(sourceRedis, file, {
      onNoted: async (streamId) => {
        noted.push(streamId);
        // The purge's first step for one case; it announces the reset only once every case is gone.
        if (noted.length === 1) await runScript(sourceRedis, PURGE_CASE, [keys.case(id), keys.caseEvents(id), keys.caseIndex, keys.events, keys.logRewrites], [id]);
      },
    });
    // The rest of the purge, so the source stays whole.
    await new CaseStore(sourceRedis).unindex([JSON.parse(purged)]);
    await announceBoardReset(sourceRedis, 'purged');
    expect(noted).toHaveLength(2);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.kind === 'case' && l.id === id)).toEqual([]);
    expect(lines.filter((l) => l.kind === 'event' && l.fields.caseId === id)).toEqual([]);
    expect(lines.find((l) => l.kind === 'stream' && l.meta.key === keys.events).meta.maxDeletedId).not.toBe('0-0');
    expect(counts.case).toBe(lines.filter((l) => l.kind === 'case').length);
  });
});
