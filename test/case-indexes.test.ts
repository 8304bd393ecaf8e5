// The case indexes: GET /api/cases reads the open and recently resolved cases (a superuser's
// from their centre's index), older resolved cases page by page; the indexes follow every
// commit, also concurrent ones, and are built at start-up for a store written without them.
// Compressed answers decode to the same JSON.
import http from 'node:http';
import zlib from 'node:zlib';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actorRef, type Actor, type Case } from '../shared/case.ts';
import type { EventDraft } from '../shared/events.ts';
import { evolve } from '../shared/evolve.ts';
import { CaseService } from '../server/services/case-service.ts';
import { UserStore } from '../server/store/user-store.ts';
import { keys } from '../server/store/keys.ts';
import { login, type Session } from './helpers/http.ts';
import { startTestRedis } from './helpers/redis.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
const OTHER = 'bh-regnbuen';
const HOUR = 3600_000;
const ids = (cases: Case[]) => cases.map((c) => c.id);

/** The answer's raw bytes and headers, as the browser would get them before decoding. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(baseUrl + path, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('with a running stack', () => {
  let stack: Stack;
  let lead: Session, anna: Session, sol: Session, regn: Session;
  let leadActor: Actor;
  /** The same store through a service whose clock the test sets: resolutions at chosen times. */
  let clock = new Date();
  let timed: CaseService;

  beforeAll(async () => {
    stack = await startStack();
    [lead, anna, sol, regn] = await loginAll(stack, [
      ['lead', 'lead', { name: 'Lene Leder' }],
      ['anna', 'member', { name: 'Anna Andersen' }],
      ['sol', 'reporter', { name: 'Sofie Solsikke', institution: INST }],
      ['regn', 'reporter', { name: 'Rasmus Regnbue', institution: OTHER }],
    ]);
    const account = (await stack.app.services.users.get('lead'))!;
    leadActor = { id: account.id, username: account.username, name: account.name, role: 'lead', institution: null };
    timed = new CaseService({ store: stack.app.services.store, settings: stack.app.services.settings, now: () => clock });
  });
  afterAll(() => stack?.close());

  async function createAt(at: Date, institution = INST): Promise<Case> {
    clock = at;
    const r = await timed.create({ title: `Sag ${at.toISOString()}`, institution }, leadActor);
    if (!r.ok) throw new Error(r.error.message);
    return r.case;
  }
  async function resolveAt(id: string, at: Date): Promise<Case> {
    clock = at;
    const r = await timed.handle(id, { type: 'resolve', resolution: 'Løst' }, leadActor);
    if (!r.ok) throw new Error(r.error.message);
    return r.case;
  }
  async function pageAll(session: Session, start: string, limit: number): Promise<{ pages: Case[][]; cursors: string[] }> {
    const pages: Case[][] = [];
    const cursors: string[] = [];
    let cursor: string | null = start;
    while (cursor !== null) {
      const res = await session.request('GET', `/api/cases?resolvedBefore=${encodeURIComponent(cursor)}&limit=${limit}`);
      expect(res.status).toBe(200);
      expect(res.body.cases.length).toBeLessThanOrEqual(limit);
      pages.push(res.body.cases);
      cursors.push(cursor);
      cursor = res.body.nextResolvedBefore;
      if (pages.length > 100) throw new Error('paging does not end');
    }
    return { pages, cursors };
  }

  it('answers open and recently resolved cases, and pages older resolved cases newest first, each once', async () => {
    const now = Date.now();
    const base = new Date(now - 10 * 24 * HOUR);
    const open = [await createAt(base), await createAt(new Date(base.getTime() + 1000))];
    const old: { id: string; at: number }[] = [];
    for (let i = 0; i < 9; i++) {
      const c = await createAt(new Date(base.getTime() + 2000 + i));
      // Distinct times, except the last two: resolved in the same millisecond.
      const at = now - 3 * 24 * HOUR + Math.min(i, 7) * HOUR;
      await resolveAt(c.id, new Date(at));
      old.push({ id: c.id, at });
    }
    const recent = await createAt(new Date(base.getTime() + 5000));
    await resolveAt(recent.id, new Date(now - HOUR));

    const board = await lead.request('GET', '/api/cases');
    expect(board.status).toBe(200);
    const shown = ids(board.body.cases);
    for (const c of [...open, recent]) expect(shown).toContain(c.id);
    for (const o of old) expect(shown).not.toContain(o.id);
    // Oldest first, as before.
    const created = board.body.cases.map((c: Case) => c.createdAt);
    expect(created).toEqual([...created].sort());
    expect(board.body.nextResolvedBefore).toEqual(expect.any(String));

    // Newest resolution first; in the same millisecond Redis orders by id, the higher first.
    const expected = [...old].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((o) => o.id);
    const { pages } = await pageAll(lead, board.body.nextResolvedBefore, 2);
    const paged = pages.flat().map((c) => c.id);
    expect(paged).toEqual(expected);
    expect(pages.flat().every((c) => c.status === 'resolved')).toBe(true);

    // From now on, the recent one comes first, then the same history; never an open case.
    const fromNow = (await pageAll(lead, new Date(now + 1000).toISOString(), 3)).pages.flat().map((c) => c.id);
    expect(fromNow).toEqual([recent.id, ...expected]);
    expect(new Set(fromNow).size).toBe(fromNow.length);
  });

  it('refuses a bad cursor or limit with a 400 that says what to send', async () => {
    for (const q of ['resolvedBefore=yesterday', 'resolvedBefore=2026-13-45T99:00:00Z', 'limit=0', 'limit=501', 'limit=ten', 'since=1']) {
      const res = await lead.request('GET', `/api/cases?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('invalid');
    }
    const res = await lead.request('GET', '/api/cases?resolvedBefore=2026-13-45T09:00:00Z');
    expect(res.body.error.message).toMatch(/resolvedBefore must be an ISO date-time/);
  });

  it("gives a superuser only their centre's cases, from the centre's index, in the board and the history", async () => {
    const mine = await sol.request('POST', '/api/cases', { title: 'Solsikken kan ikke logge ind', institution: INST });
    const theirs = await regn.request('POST', '/api/cases', { title: 'Regnbuen kan ikke logge ind', institution: OTHER });
    const oldTheirs = await createAt(new Date(Date.now() - 5 * 24 * HOUR), OTHER);
    await resolveAt(oldTheirs.id, new Date(Date.now() - 4 * 24 * HOUR));
    const board = await sol.request('GET', '/api/cases');
    expect(board.status).toBe(200);
    expect(board.body.cases.every((c: Case) => c.institution === INST)).toBe(true);
    expect(ids(board.body.cases)).toContain(mine.body.case.id);
    expect(ids(board.body.cases)).not.toContain(theirs.body.case.id);
    const redis = stack.app.services.redis;
    const indexed = new Set([...(await redis.zRange(keys.institutionOpen(INST), 0, -1)), ...(await redis.zRange(keys.institutionResolved(INST), Date.now() - 24 * HOUR, '+inf', { BY: 'SCORE' }))]);
    expect(new Set(ids(board.body.cases))).toEqual(indexed);

    const history = (await pageAll(sol, new Date().toISOString(), 5)).pages.flat();
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((c) => c.institution === INST && c.status === 'resolved')).toBe(true);
    const theirHistory = (await pageAll(regn, new Date().toISOString(), 5)).pages.flat();
    expect(ids(theirHistory)).toContain(oldTheirs.id);
    expect(theirHistory.every((c) => c.institution === OTHER)).toBe(true);
  });

  it('keeps the indexes right through claims, resolves, reopens and problem links', async () => {
    const redis = stack.app.services.redis;
    const where = async (id: string) => ({
      open: (await redis.zScore(keys.openCases, id)) !== null,
      resolved: (await redis.zScore(keys.resolvedCases, id)) !== null,
      instOpen: (await redis.zScore(keys.institutionOpen(INST), id)) !== null,
      instResolved: (await redis.zScore(keys.institutionResolved(INST), id)) !== null,
    });
    const OPEN = { open: true, resolved: false, instOpen: true, instResolved: false };
    const RESOLVED = { open: false, resolved: true, instOpen: false, instResolved: true };
    const id = (await sol.request('POST', '/api/cases', { title: 'Kalenderen viser intet', institution: INST })).body.case.id as string;
    expect(await where(id)).toEqual(OPEN);
    expect((await anna.request('POST', `/api/cases/${id}/claim`)).status).toBe(200);
    expect(await where(id)).toEqual(OPEN);
    const problem = (await anna.request('POST', '/api/problems', { title: 'Kalenderfejl', caseIds: [id] })).body.problem;
    expect(await redis.sMembers(keys.problemCases(problem.id))).toEqual([id]);
    const answer = (await anna.request('POST', '/api/answers', { title: 'Guide: kalender', url: 'https://www.aula.dk/', languages: ['da'] })).body.answer;
    expect((await anna.request('POST', `/api/cases/${id}/resolve`, { resolution: 'Se guiden', answerId: answer.id })).status).toBe(200);
    expect(await where(id)).toEqual(RESOLVED);
    expect(await redis.sMembers(keys.answerCases(answer.id))).toEqual([id]);
    const library = await anna.request('GET', '/api/answers');
    expect(library.body.answers.find((a: { id: string }) => a.id === answer.id).uses).toBe(1);
    expect(ids((await lead.request('GET', '/api/cases')).body.cases)).toContain(id);

    // A reopened case is open again, off the resolved index and no longer closed by the answer.
    expect((await sol.request('POST', `/api/cases/${id}/reopen`, { reason: 'Virker stadig ikke' })).status).toBe(200);
    expect(await where(id)).toEqual(OPEN);
    expect(await redis.sMembers(keys.answerCases(answer.id))).toEqual([]);
    const history = (await pageAll(lead, new Date(Date.now() + 1000).toISOString(), 50)).pages.flat();
    expect(ids(history)).not.toContain(id);
    expect((await anna.request('POST', `/api/cases/${id}/unlink`)).status).toBe(200);
    expect(await redis.sMembers(keys.problemCases(problem.id))).toEqual([]);
    const view = await lead.request('GET', `/api/problems/${problem.id}`);
    expect(view.body.caseIds).toEqual([]);
  });

  it('keeps the indexes equal to the cases under concurrent commits', async () => {
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) => anna.request('POST', '/api/cases', { title: `Samtidig ${i}`, institution: i % 2 ? INST : OTHER })));
    const caseIds = created.map((r) => r.body.case.id as string);
    // Everyone at once: claims racing resolves, reopens racing resolves, on the same cases.
    const moves = caseIds.flatMap((id, i) => [
      lead.request('POST', `/api/cases/${id}/claim`),
      anna.request('POST', `/api/cases/${id}/resolve`, { resolution: 'Løst' }),
      lead.request('POST', `/api/cases/${id}/resolve`, { resolution: 'Også løst' }),
      ...(i % 3 === 0 ? [lead.request('POST', `/api/cases/${id}/reopen`, {})] : []),
    ]);
    await Promise.all(moves);
    await Promise.all(caseIds.filter((_, i) => i % 4 === 0).map((id) => sol.request('POST', `/api/cases/${id}/reopen`, {})));

    const { store, redis } = stack.app.services;
    const all = await store.list();
    const open = all.filter((c) => c.status !== 'resolved');
    const resolved = all.filter((c) => c.status === 'resolved');
    expect(open.length).toBeGreaterThan(0);
    expect(resolved.length).toBeGreaterThan(0);
    const sorted = (xs: string[]) => [...xs].sort();
    expect(sorted(await redis.zRange(keys.openCases, 0, -1))).toEqual(sorted(ids(open)));
    expect(sorted(await redis.zRange(keys.resolvedCases, 0, -1))).toEqual(sorted(ids(resolved)));
    for (const inst of [INST, OTHER]) {
      expect(sorted(await redis.zRange(keys.institutionOpen(inst), 0, -1))).toEqual(sorted(ids(open.filter((c) => c.institution === inst))));
      expect(sorted(await redis.zRange(keys.institutionResolved(inst), 0, -1))).toEqual(sorted(ids(resolved.filter((c) => c.institution === inst))));
    }
  });

  it('compresses JSON answers with brotli or gzip as asked, and they decode to the same JSON', { timeout: 90_000 }, async () => {
    for (const [encoding, decode] of [
      ['br', zlib.brotliDecompressSync],
      ['gzip', zlib.gunzipSync],
    ] as const) {
      // The intake may still be enriching earlier cases: two answers with the same lastEventId
      // had nothing stored between them, so they must be the same JSON.
      let pair: { plain: Buffer; packed: Buffer } | null = null;
      await vi.waitFor(
        async () => {
          const plain = await rawGet(stack.baseUrl, '/api/cases', { cookie: lead.cookie, 'accept-encoding': 'identity' });
          const packed = await rawGet(stack.baseUrl, '/api/cases', { cookie: lead.cookie, 'accept-encoding': encoding });
          expect(plain.headers['content-encoding']).toBeUndefined();
          expect(packed.headers['content-encoding']).toBe(encoding);
          const decoded = JSON.parse(decode(packed.body).toString('utf8'));
          expect(decoded.lastEventId).toBe(JSON.parse(plain.body.toString('utf8')).lastEventId);
          pair = { plain: plain.body, packed: packed.body };
        },
        { timeout: 30_000, interval: 200 },
      );
      const { plain, packed } = pair!;
      expect(packed.length).toBeLessThan(plain.length);
      expect(JSON.parse(decode(packed).toString('utf8'))).toEqual(JSON.parse(plain.toString('utf8')));
    }
    // A small answer stays as it is.
    const health = await rawGet(stack.baseUrl, '/api/health', { 'accept-encoding': 'br, gzip' });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString('utf8'))).toEqual({ status: 'ok' });
    // A CSV download still arrives whole: its BOM and header line after decoding.
    const csv = await rawGet(stack.baseUrl, `/api/export/cases?from=2000-01-01&to=2100-01-01`, { cookie: lead.cookie, 'accept-encoding': 'gzip' });
    expect(csv.headers['content-encoding']).toBe('gzip');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="cases-/);
    const text = zlib.gunzipSync(csv.body).toString('utf8');
    expect(text.startsWith('\ufeff"id",')).toBe(true);
  });
});

describe('a store written before the indexes', () => {
  const reporter = actorRef({ id: 'u-old', username: 'old', name: 'Gammel Superbruger', role: 'reporter', institution: INST });
  /** A case as an older server stored it: through evolve, without any index. */
  function oldCase(id: string, institution: string, createdAt: string, resolvedAt: string | null, extra: Partial<Case> = {}): Case {
    const draft = (type: EventDraft['type'], at: string, data: unknown) => ({ type, caseId: id, at, actor: reporter, data }) as EventDraft;
    let c = evolve(null, draft('case.created', createdAt, { title: `Gammel sag ${id}`, description: 'Forælder får en fejl i appen.', institution, category: null, priority: 'normal' }));
    if (resolvedAt) c = evolve(c, draft('case.resolved', resolvedAt, { resolution: 'Løst' }));
    // Enriched long ago: start-up's intake sweep leaves them alone.
    return { ...c, enrichedAt: createdAt, ...extra };
  }

  it('gets its case and account indexes at start-up, and answers from them', async () => {
    const redis = await startTestRedis();
    const client = createClient({ url: redis.url });
    await client.connect();
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const cases = [
      oldCase('1', INST, iso(now - 9 * 24 * HOUR), null, { problem: { id: 'p1', title: 'Login' } }),
      oldCase('2', OTHER, iso(now - 8 * 24 * HOUR), iso(now - 7 * 24 * HOUR), { problem: { id: 'p1', title: 'Login' } }),
      oldCase('3', INST, iso(now - 5 * HOUR), iso(now - 2 * HOUR), { similar: [{ caseId: '1', score: 0.9 }] }),
      oldCase('4', OTHER, iso(now - 3 * HOUR), null),
    ];
    const multi = client.multi();
    for (const c of cases) {
      multi.hSet(keys.case(c.id), { v: String(c.version), json: JSON.stringify(c) });
      multi.zAdd(keys.caseIndex, { score: Date.parse(c.createdAt), value: c.id });
    }
    multi.set(keys.caseSeq, '4');
    await multi.exec();
    // Accounts as before: then drop the indexes an older server did not write.
    const institutions = new Set([INST, OTHER]);
    const users = new UserStore(client as never);
    await users.add({ username: 'lead', password: 'lead-password', role: 'lead' }, institutions);
    await users.add({ username: 'anna', password: 'anna-password', role: 'member' }, institutions);
    await users.add({ username: 'sol', password: 'sol-password', role: 'reporter', institution: INST }, institutions);
    await client.del([keys.userIds, keys.teamUsers, keys.userIndexesBuilt]);

    const { app, baseUrl } = await startServer(redis);
    try {
      expect(await client.zRange(keys.openCases, 0, -1)).toEqual(['1', '4']);
      expect((await client.sMembers(keys.problemCases('p1'))).sort()).toEqual(['1', '2']);
      expect(await client.sMembers(keys.similarTo('1'))).toEqual(['3']);
      const lead = await login(baseUrl, 'lead', 'lead-password');
      const sol = await login(baseUrl, 'sol', 'sol-password');
      const board = await lead.request('GET', '/api/cases');
      expect(ids(board.body.cases)).toEqual(['1', '3', '4']);
      const history = await lead.request('GET', `/api/cases?resolvedBefore=${encodeURIComponent(board.body.nextResolvedBefore)}`);
      expect(ids(history.body.cases)).toEqual(['2']);
      expect(ids((await sol.request('GET', '/api/cases')).body.cases)).toEqual(['1', '3']);
      expect((await lead.request('GET', '/api/cases/1/similar')).body.similar).toEqual([{ caseId: '3', score: 0.9 }]);
      // Assigning finds the member by id, and the bookable team is listed from the team index.
      const people = (await lead.request('GET', '/api/roster/people')).body.people as { id: string; username: string }[];
      expect(people.map((p) => p.username)).toEqual(['anna', 'lead']);
      const assigned = await lead.request('POST', '/api/cases/4/assign', { userId: people.find((p) => p.username === 'anna')!.id });
      expect(assigned.status).toBe(200);
      expect(assigned.body.case.assignee.username).toBe('anna');
    } finally {
      await app.app.close();
      await client.close();
      await redis.stop();
    }
  });

  it("answers a case stored before later fields existed in today's shape, on the board as in its detail, oldest first", async () => {
    const redis = await startTestRedis();
    const client = createClient({ url: redis.url });
    await client.connect();
    const at = new Date(Date.now() - HOUR).toISOString();
    // Created in the same millisecond: the shorter id is the older one, as on the board's own sort.
    const current = [oldCase('10', INST, at, null), oldCase('9', OTHER, at, null)];
    const { waitingReason: _w, vendorRef: _v, notes: _n, similar: _s, problem: _p, answer: _a, sla: _sla, ...bare } = oldCase('2', INST, new Date(Date.now() - 2 * HOUR).toISOString(), null);
    const multi = client.multi();
    for (const c of [...current, bare as Case]) {
      multi.hSet(keys.case(c.id), { v: String(c.version), json: JSON.stringify(c) });
      multi.zAdd(keys.caseIndex, { score: Date.parse(c.createdAt), value: c.id });
    }
    multi.set(keys.caseSeq, '10');
    await multi.exec();
    await new UserStore(client as never).add({ username: 'lead', password: 'lead-password', role: 'lead' }, new Set([INST, OTHER]));

    const { app, baseUrl } = await startServer(redis);
    try {
      const lead = await login(baseUrl, 'lead', 'lead-password');
      const board = (await lead.request('GET', '/api/cases')).body.cases as Case[];
      expect(ids(board)).toEqual(['2', '9', '10']);
      expect(board[0]).toMatchObject({ waitingReason: null, vendorRef: null, notes: [], similar: [], problem: null, answer: null, sla: expect.any(Object) });
      for (const c of board) expect(c).toEqual((await lead.request('GET', `/api/cases/${c.id}`)).body.case);
    } finally {
      await app.app.close();
      await client.close();
      await redis.stop();
    }
  });

  it('answers GET /api/cases with exactly the 500 open cases of 20,000, in under 1 MB', async () => {
    const redis = await startTestRedis();
    const client = createClient({ url: redis.url });
    await client.connect();
    const now = Date.now();
    const TOTAL = 20_000;
    const OPEN = 500;
    const template = oldCase('0', INST, new Date(now - 30 * 24 * HOUR).toISOString(), null);
    const openIds = new Set<string>();
    for (let start = 1; start <= TOTAL; start += 2000) {
      const multi = client.multi();
      for (let n = start; n < start + 2000 && n <= TOTAL; n++) {
        const id = String(n);
        // Every 40th case is still open; the rest were resolved days ago.
        const open = n % 40 === 0;
        if (open) openIds.add(id);
        const createdAt = new Date(now - 30 * 24 * HOUR + n * 60_000).toISOString();
        const c: Case = {
          ...template,
          id,
          title: `Sag ${n}: forælder kan ikke logge ind`,
          institution: n % 2 ? INST : OTHER,
          createdAt,
          updatedAt: open ? createdAt : new Date(Date.parse(createdAt) + HOUR).toISOString(),
          status: open ? 'new' : 'resolved',
          resolution: open ? null : 'Løst',
        };
        multi.hSet(keys.case(id), { v: '1', json: JSON.stringify(c) });
        multi.zAdd(keys.caseIndex, { score: Date.parse(createdAt), value: id });
      }
      await multi.exec();
    }
    await client.set(keys.caseSeq, String(TOTAL));
    await new UserStore(client as never).add({ username: 'lead', password: 'lead-password', role: 'lead' }, new Set([INST, OTHER]));
    expect(openIds.size).toBe(OPEN);

    const { app, baseUrl } = await startServer(redis);
    try {
      const lead = await login(baseUrl, 'lead', 'lead-password');
      const raw = await rawGet(baseUrl, '/api/cases', { cookie: lead.cookie, 'accept-encoding': 'identity' });
      const body = JSON.parse(raw.body.toString('utf8')) as { cases: Case[] };
      expect(new Set(ids(body.cases))).toEqual(openIds);
      expect(body.cases).toHaveLength(OPEN);
      expect(raw.body.length).toBeLessThanOrEqual(1024 * 1024);
    } finally {
      await app.app.close();
      await client.close();
      await redis.stop();
    }
  }, 120_000);
});
