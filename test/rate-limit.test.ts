// Budgets on logins, intake, socket commands and HTTP moves, the HTTP ones counted in Redis so two nodes share them.
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectBoard, emitAck } from './helpers/clients.ts';
import { login, request, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';

const LIMITS = {
  LOGIN_LIMIT_PER_USER: '3',
  LOGIN_LIMIT_PER_IP: '8',
  INTAKE_LIMIT_PER_USER: '4',
  SOCKET_COMMAND_BURST: '5',
  SOCKET_COMMANDS_PER_SECOND: '1',
};
const INST = 'bh-solsikken';

let a: Stack;
let b: Awaited<ReturnType<typeof startServer>>;
let redis: ReturnType<typeof createClient>;

const loginAt = (baseUrl: string, username: string, password: string) => request(baseUrl, 'POST', '/api/session', { username, password });

/** Each test starts with empty budgets. */
async function resetBudgets() {
  const counters = await redis.keys('wr:rate:*');
  if (counters.length > 0) await redis.del(counters);
}

beforeAll(async () => {
  a = await startStack({ env: LIMITS });
  b = await startServer(a.redis, { env: LIMITS });
  redis = createClient({ url: a.redisUrl });
  await redis.connect();
  await a.addUser('lead', 'lead-password', 'lead');
  await a.addUser('anna', 'anna-password', 'member');
  await a.addUser('sol', 'sol-password', 'reporter', { institution: INST });
  await a.addUser('sol2', 'sol2-password', 'reporter', { institution: INST });
});
beforeEach(resetBudgets);
afterAll(async () => {
  await redis?.close();
  await b?.app.app.close();
  await a?.close();
});

describe('login attempts', () => {
  it('answers 429 with Retry-After and a clear message after the limit per username and IP, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await loginAt(a.baseUrl, 'anna', 'wrong')).status).toBe(401);
    const refused = await loginAt(a.baseUrl, 'anna', 'anna-password');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/^Too many login attempts; try again in \d+ seconds$/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Someone else's attempts from the same address are counted apart (until the per-IP limit).
    expect((await loginAt(a.baseUrl, 'lead', 'lead-password')).status).toBe(200);
  });

  it('counts usernames without regard to case, so "ANNA" does not get a fresh budget', async () => {
    for (let i = 0; i < 3; i++) await loginAt(a.baseUrl, i % 2 ? 'ANNA' : 'anna', 'wrong');
    expect((await loginAt(a.baseUrl, 'Anna', 'wrong')).status).toBe(429);
  });

  it('counts the name the login uses (trimmed, NFKC, lower case): spaces, a tab, a non-breaking space or full-width letters get no fresh budget', async () => {
    for (const variant of [' anna', 'anna ', 'ANNA\t']) expect((await loginAt(a.baseUrl, variant, 'wrong')).status).toBe(401);
    // The right password, under two more spellings of the same name: the budget is spent.
    expect((await loginAt(a.baseUrl, 'anna\u00a0', 'anna-password')).status).toBe(429);
    expect((await loginAt(a.baseUrl, '\uff41\uff4e\uff4e\uff41', 'anna-password')).status).toBe(429);
    // The same spelling logs in once the budget is back.
    await resetBudgets();
    expect((await loginAt(a.baseUrl, ' Anna\u00a0', 'anna-password')).status).toBe(200);
  });

  it('limits all attempts from one address across usernames', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await loginAt(a.baseUrl, `guess${i}`, 'wrong')).status);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
  });

  it('shares the budget between two server nodes on one Redis', async () => {
    expect((await loginAt(a.baseUrl, 'anna', 'wrong')).status).toBe(401);
    expect((await loginAt(b.baseUrl, 'anna', 'wrong')).status).toBe(401);
    expect((await loginAt(a.baseUrl, 'anna', 'wrong')).status).toBe(401);
    const onB = await loginAt(b.baseUrl, 'anna', 'anna-password');
    expect(onB.status).toBe(429);
    expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('records failed, refused and successful logins in the audit log', async () => {
    await loginAt(a.baseUrl, 'sol', 'wrong');
    for (let i = 0; i < 3; i++) await loginAt(a.baseUrl, 'sol', 'wrong');
    await resetBudgets();
    const lead = await login(a.baseUrl, 'lead', 'lead-password');
    const { entries } = (await lead.request('GET', '/api/audit?limit=1000')).body;
    const sol = entries.filter((e: { username: string }) => e.username === 'sol').map((e: { outcome: string }) => e.outcome);
    expect(sol).toContain('failed');
    // Refused logins are counted per address and minute, in an entry named after the first name
    // tried then (a flood of made-up names must not flood the trail).
    const refused = entries.filter((e: { action: string; outcome: string; ip: string }) => e.action === 'login' && e.outcome === 'rate_limited' && e.ip === '127.0.0.1');
    expect(refused.reduce((n: number, e: { count: number }) => n + e.count, 0)).toBeGreaterThanOrEqual(1);
    expect(entries.some((e: { username: string; action: string; outcome: string }) => e.username === 'lead' && e.action === 'login' && e.outcome === 'ok')).toBe(true);
  });
});

describe('case intake', () => {
  it('limits cases per user, across both nodes, with Retry-After; other users keep their own budget', async () => {
    const sol = await login(a.baseUrl, 'sol', 'sol-password');
    const solOnB: Session = { ...sol, request: (m, p, body, h = {}) => request(b.baseUrl, m, p, body, { cookie: sol.cookie, ...h }) };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await (i % 2 ? solOnB : sol).request('POST', '/api/cases', { title: `Sag ${i}`, institution: INST })).status);
    expect(statuses).toEqual([201, 201, 201, 201]);
    const refused = await solOnB.request('POST', '/api/cases', { title: 'En for meget', institution: INST });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited' });
    expect(refused.body.error.message).toMatch(/^Too many cases submitted; try again in \d+ seconds$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await login(a.baseUrl, 'sol2', 'sol2-password');
    expect((await other.request('POST', '/api/cases', { title: 'Fra en anden superbruger', institution: INST })).status).toBe(201);
  });
});

describe('socket commands', () => {
  it('answers rate_limited past the burst, and disconnects a connection that keeps flooding', async () => {
    const anna = await login(a.baseUrl, 'anna', 'anna-password');
    const c = (await anna.request('POST', '/api/cases', { title: 'Til socket-testen', institution: INST })).body.case;
    const board = connectBoard(a.baseUrl, anna.cookie);
    await board.synced;
    // Submitting the case took from the account's change budget, which the commands share.
    await resetBudgets();
    const acks = [];
    for (let i = 0; i < 6; i++) acks.push(await emitAck(board.socket, 'case:prioritize', { caseId: c.id, priority: i % 2 ? 'high' : 'normal' }));
    expect(acks.slice(0, 5).every((ack) => ack.ok)).toBe(true);
    expect(acks[5]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect((acks[5] as { error: { message: string } }).error.message).toMatch(/try again in \d+ seconds/);

    const disconnected = new Promise<string>((resolve) => board.socket.on('disconnect', (reason) => resolve(reason)));
    for (let i = 0; i < 60; i++) board.socket.emit('case:claim', { caseId: c.id }, () => {});
    expect(await disconnected).toBe('io server disconnect');

    const lead = await login(a.baseUrl, 'lead', 'lead-password');
    const { entries } = (await lead.request('GET', '/api/audit?limit=1000')).body;
    expect(entries.some((e: { username: string; action: string; outcome: string }) => e.username === 'anna' && e.action === 'socket.command' && e.outcome === 'disconnected')).toBe(true);
    board.socket.close();
  });
});

describe('moves on cases over HTTP', () => {
  it('share one budget per account across both nodes (the socket command budget): 429 with Retry-After, audited; a move goes through again once the bucket refills', async () => {
    const anna = await login(a.baseUrl, 'anna', 'anna-password');
    const annaOnB: Session = { ...anna, request: (m, p, body, h = {}) => request(b.baseUrl, m, p, body, { cookie: anna.cookie, ...h }) };
    const c = (await anna.request('POST', '/api/cases', { title: 'Til HTTP-budgettet', institution: INST })).body.case;
    await resetBudgets();

    // Notes, alternately on either node, until the budget says no. The burst goes through
    // whole, and no more than a token or two that came back meanwhile on a slow machine: a
    // budget per node would let twice the burst through.
    const burst = Number(LIMITS.SOCKET_COMMAND_BURST);
    const accepted: string[] = [];
    let refused: Awaited<ReturnType<Session['request']>> | null = null;
    for (let i = 0; i < burst + 10 && !refused; i++) {
      const res = await (i % 2 ? annaOnB : anna).request('POST', `/api/cases/${c.id}/notes`, { text: `Note ${i}`, visibility: 'internal' });
      if (res.status === 200) accepted.push(`Note ${i}`);
      else refused = res;
    }
    expect(accepted.length).toBeGreaterThanOrEqual(burst);
    expect(accepted.length).toBeLessThanOrEqual(burst + 2);
    expect(refused!.status).toBe(429);
    expect(refused!.body.error.code).toBe('rate_limited');
    expect(refused!.body.error.message).toMatch(/^Too many moves on cases; try again in \d+ seconds$/);
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(1 / Number(LIMITS.SOCKET_COMMANDS_PER_SECOND)));
    // The refused note was not stored.
    expect((await anna.request('GET', `/api/cases/${c.id}`)).body.case.notes.map((n: { text: string }) => n.text)).toEqual(accepted);

    // Another account has its own budget.
    const lead = await login(a.baseUrl, 'lead', 'lead-password');
    expect((await lead.request('POST', `/api/cases/${c.id}/priority`, { priority: 'urgent' })).status).toBe(200);

    // The audit entry is written once the answer has gone out.
    await expect
      .poll(async () => {
        const { entries } = (await lead.request('GET', '/api/audit?limit=1000')).body;
        return entries.some(
          (e: { username: string; action: string; outcome: string; target: string; caseId: string | null }) =>
            e.username === 'anna' && e.action === 'refused' && e.outcome === 'rate_limited' && e.target === 'POST /api/cases/:id/notes' && e.caseId === c.id,
        );
      }, { timeout: 10_000 })
      .toBe(true);

    // The bucket refills at SOCKET_COMMANDS_PER_SECOND; a refused try spends nothing.
    await expect
      .poll(async () => (await anna.request('POST', `/api/cases/${c.id}/notes`, { text: 'Nu igen', visibility: 'internal' })).status, { timeout: 15_000, interval: 200 })
      .toBe(200);
    expect((await anna.request('GET', `/api/cases/${c.id}`)).body.case.notes.map((n: { text: string }) => n.text)).toEqual([...accepted, 'Nu igen']);
  });
});
