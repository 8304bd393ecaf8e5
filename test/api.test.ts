// The public HTTP contract, against a real server and a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, request, type Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

let stack: Stack;
let lead: Session, anna: Session, bo: Session, reporter: Session, otherReporter: Session, viewer: Session;
const INST = 'bh-solsikken';
const OTHER = 'bh-regnbuen';

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, bo, reporter, otherReporter, viewer] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['bo', 'member', { name: 'Bo Berg' }],
    ['sol', 'reporter', { name: 'Sofie Solsikke', institution: INST }],
    ['regn', 'reporter', { name: 'Rasmus Regnbue', institution: OTHER }],
    ['wall', 'viewer', { name: 'Vægskærm' }],
  ]);
});
afterAll(() => stack?.close());

const newCase = (over: Record<string, unknown> = {}) => ({ title: 'Forælder kan ikke logge ind med MitID', institution: INST, ...over });

describe('health', () => {
  it('answers ok while Redis answers', async () => {
    const res = await request(stack.baseUrl, 'GET', '/api/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

describe('session', () => {
  it('logs in with an HttpOnly SameSite cookie and returns the user', async () => {
    const res = await fetch(stack.baseUrl + '/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'anna', password: 'anna-password' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { id: expect.any(String), username: 'anna', name: 'Anna Andersen', role: 'member', institution: null } });
    const cookie = res.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^wr_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it.each([
    ['wrong password', { username: 'anna', password: 'nope-nope' }],
    ['unknown user', { username: 'nobody', password: 'anna-password' }],
  ])('refuses %s with 401', async (_label, body) => {
    const res = await request(stack.baseUrl, 'POST', '/api/session', body);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('GET returns the user, or 401 without a session', async () => {
    expect((await anna.request('GET', '/api/session')).body.user).toMatchObject({ username: 'anna', role: 'member' });
    expect((await request(stack.baseUrl, 'GET', '/api/session')).status).toBe(401);
  });

  it('DELETE logs out: the old cookie no longer works', async () => {
    const s = await login(stack.baseUrl, 'bo', 'bo-password');
    expect((await s.request('DELETE', '/api/session')).status).toBe(204);
    expect((await s.request('GET', '/api/session')).status).toBe(401);
    expect((await s.request('GET', '/api/cases')).status).toBe(401);
  });

  it('rejects a malformed login body with 400', async () => {
    const res = await request(stack.baseUrl, 'POST', '/api/session', { username: 'anna' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/password/);
  });
});

describe('institutions', () => {
  it('lists the 35 institutions of the rollout config', async () => {
    const res = await request(stack.baseUrl, 'GET', '/api/institutions');
    expect(res.status).toBe(200);
    expect(res.body.institutions).toHaveLength(35);
    expect(res.body.institutions[0]).toEqual({ id: expect.any(String), name: expect.any(String) });
  });
});

describe('intake', () => {
  it('creates a case with 201 after storing it and its case.created event', async () => {
    const res = await reporter.request('POST', '/api/cases', newCase({ description: 'Appen siger fejl 403', category: 'login', priority: 'high' }));
    expect(res.status).toBe(201);
    const c = res.body.case;
    expect(c).toMatchObject({ title: 'Forælder kan ikke logge ind med MitID', institution: INST, category: 'login', priority: 'high', status: 'new', assignee: null, version: 1 });
    for (const field of ['id', 'description', 'createdAt', 'updatedAt']) expect(c).toHaveProperty(field);
    const detail = await lead.request('GET', `/api/cases/${c.id}`);
    // The events as stored: what changed and the version after, no copy of the case.
    expect(detail.body.events[0]).toMatchObject({ type: 'case.created', caseId: c.id, actor: { username: 'sol' }, version: 1, data: { title: c.title } });
    expect(Object.keys(detail.body.events[0]).sort()).toEqual(['actor', 'at', 'caseId', 'data', 'id', 'type', 'version']);
  });

  it('the same Idempotency-Key always yields the same case, never a second one', async () => {
    const key = 'form-7f3c2a';
    const results = await Promise.all(Array.from({ length: 10 }, () => reporter.request('POST', '/api/cases', newCase({ title: 'Dobbelt indsendt' }), { 'idempotency-key': key })));
    const ids = new Set(results.map((r) => r.body.case.id));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(ids.size).toBe(1);
    const all = await lead.request('GET', '/api/cases');
    expect(all.body.cases.filter((c: { title: string }) => c.title === 'Dobbelt indsendt')).toHaveLength(1);
  });

  it('accepts an explicit null category and leaves it to the intake to suggest one', async () => {
    const res = await reporter.request('POST', '/api/cases', newCase({ category: null }));
    expect(res.status).toBe(201);
    expect(res.body.case.category).toBeNull();
  });

  it('treats an empty category as none', async () => {
    const res = await reporter.request('POST', '/api/cases', newCase({ category: '' }));
    expect(res.status).toBe(201);
    expect(res.body.case.category).toBeNull();
  });

  it('a reporter may only submit for their own institution', async () => {
    const res = await reporter.request('POST', '/api/cases', newCase({ institution: OTHER }));
    expect(res.status).toBe(403);
  });

  it('a viewer may not submit', async () => {
    expect((await viewer.request('POST', '/api/cases', newCase())).status).toBe(403);
  });

  it.each([
    ['missing title', { institution: INST }, /title/],
    ['empty title', { title: '', institution: INST }, /title/],
    ['blank title', { title: '   ', institution: INST }, /title/],
    ['over-long title', { title: 'x'.repeat(201), institution: INST }, /title/],
    ['unknown institution', { title: 'x', institution: 'nowhere' }, /institution/],
    ['unknown category', { title: 'x', institution: INST, category: 'weather' }, /category/],
    ['bad priority', { title: 'x', institution: INST, priority: 'asap' }, /priority/],
    ['unknown field', { title: 'x', institution: INST, colour: 'red' }, /colour/],
    ['title of the wrong type', { title: { $gt: '' }, institution: INST }, /title/],
    ['a number as title', { title: 42, institution: INST }, /title/],
  ])('rejects %s with a 400 that names the problem', async (_label, body, pattern) => {
    const res = await lead.request('POST', '/api/cases', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid');
    expect(res.body.error.message).toMatch(pattern);
  });

  it('rejects broken JSON and an over-long Idempotency-Key with 400, a huge body with 413', async () => {
    const broken = await fetch(stack.baseUrl + '/api/cases', { method: 'POST', headers: { 'content-type': 'application/json', cookie: lead.cookie }, body: '{"title": ' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('invalid');
    expect((await lead.request('POST', '/api/cases', newCase(), { 'idempotency-key': 'k'.repeat(129) })).status).toBe(400);
    const huge = await lead.request('POST', '/api/cases', newCase({ description: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
  });

  it('refuses an anonymous submission with 401', async () => {
    expect((await request(stack.baseUrl, 'POST', '/api/cases', newCase())).status).toBe(401);
  });
});

describe('reading cases', () => {
  it('a reporter sees only their institution, over the list, the detail and the events', async () => {
    const mine = (await reporter.request('POST', '/api/cases', newCase({ title: 'Solsikkens sag' }))).body.case;
    const theirs = (await otherReporter.request('POST', '/api/cases', newCase({ title: 'Regnbuens sag', institution: OTHER }))).body.case;
    const list = await reporter.request('GET', '/api/cases');
    expect(list.body.cases.every((c: { institution: string }) => c.institution === INST)).toBe(true);
    expect(list.body.cases.some((c: { id: string }) => c.id === mine.id)).toBe(true);
    expect((await reporter.request('GET', `/api/cases/${theirs.id}`)).status).toBe(404);
    const events = await reporter.request('GET', '/api/events');
    expect(events.body.events.length).toBeGreaterThan(0);
    expect(events.body.events.every((e: { case: { institution: string } }) => e.case.institution === INST)).toBe(true);
    // Another institution's case does not exist for a reporter, whatever they try.
    expect((await reporter.request('POST', `/api/cases/${theirs.id}/reopen`, {})).status).toBe(404);
  });

  it('GET /api/cases returns the lastEventId; GET /api/events?since pages through the log oldest first', async () => {
    const before = await lead.request('GET', '/api/cases');
    const since = before.body.lastEventId as string;
    const a = (await lead.request('POST', '/api/cases', newCase({ title: 'A' }))).body.case;
    await lead.request('POST', `/api/cases/${a.id}/claim`);
    const res = await lead.request('GET', `/api/events?since=${since}`);
    expect(res.status).toBe(200);
    const mineOnly = res.body.events.filter((e: { caseId: string; type: string }) => e.caseId === a.id && e.type !== 'case.enriched');
    expect(mineOnly.map((e: { type: string }) => e.type)).toEqual(['case.created', 'case.claimed']);
    const ids = res.body.events.map((e: { id: string }) => e.id);
    expect(ids).toEqual([...ids].sort((x: string, y: string) => (BigInt(x.split('-')[0]) < BigInt(y.split('-')[0]) ? -1 : 1)));
    expect(res.body.lastEventId).toBe(ids[ids.length - 1]);
  });

  it('rejects a since newer than the log with 400, so a client never pages from a bogus id', async () => {
    const res = await lead.request('GET', '/api/events?since=9999999999999999-0');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/newer than the newest event/);
  });

  it.each(['abc', '1-2-3', "1'; DROP", '-1'])('rejects since=%s with 400', async (since) => {
    const res = await lead.request('GET', `/api/events?since=${encodeURIComponent(since)}`);
    expect(res.status).toBe(400);
  });

  it('404 for a case that does not exist, 400 for a malformed id', async () => {
    expect((await lead.request('GET', '/api/cases/999999')).status).toBe(404);
    expect((await lead.request('GET', '/api/cases/not-a-number')).status).toBe(400);
  });
});

describe('moves', () => {
  it('claim → release → claim → resolve → reopen, with 409 and 403 where the state or role does not allow it', async () => {
    const c = (await reporter.request('POST', '/api/cases', newCase({ title: 'Livscyklus' }))).body.case;
    const claim = await anna.request('POST', `/api/cases/${c.id}/claim`);
    expect(claim.status).toBe(200);
    expect(claim.body.case).toMatchObject({ status: 'claimed', assignee: { username: 'anna' } });

    const taken = await bo.request('POST', `/api/cases/${c.id}/claim`);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');
    expect(taken.body.error.message).toMatch(/Anna Andersen/);
    expect(taken.body.error.params).toEqual({ holder: 'Anna Andersen', status: 'claimed' });
    expect(taken.body.case.assignee.username).toBe('anna');

    expect((await reporter.request('POST', `/api/cases/${c.id}/claim`)).status).toBe(403);
    expect((await viewer.request('POST', `/api/cases/${c.id}/resolve`, { resolution: 'x' })).status).toBe(403);
    expect((await bo.request('POST', `/api/cases/${c.id}/release`)).status).toBe(409);

    const released = await anna.request('POST', `/api/cases/${c.id}/release`);
    expect(released.body.case).toMatchObject({ status: 'new', assignee: null });
    await bo.request('POST', `/api/cases/${c.id}/claim`);
    expect((await bo.request('POST', `/api/cases/${c.id}/resolve`, {})).status).toBe(400);
    const resolved = await bo.request('POST', `/api/cases/${c.id}/resolve`, { resolution: 'Sendt vejledningsvideo om MitID' });
    expect(resolved.body.case).toMatchObject({ status: 'resolved', resolution: 'Sendt vejledningsvideo om MitID' });
    expect((await bo.request('POST', `/api/cases/${c.id}/resolve`, { resolution: 'igen' })).status).toBe(409);

    const reopened = await reporter.request('POST', `/api/cases/${c.id}/reopen`, { reason: 'Virker stadig ikke' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.case).toMatchObject({ status: 'new', assignee: null });

    const events = (await lead.request('GET', `/api/cases/${c.id}`)).body.events;
    const types = events.map((e: { type: string }) => e.type).filter((t: string) => t !== 'case.enriched');
    expect(types).toEqual(['case.created', 'case.claimed', 'case.released', 'case.claimed', 'case.resolved', 'case.reopened']);
    const versions = events.map((e: { version: number }) => e.version);
    expect(versions).toEqual(versions.map((_: number, i: number) => i + 1));
  });

  it('accepts a move sent as application/json with an empty body', async () => {
    const c = (await lead.request('POST', '/api/cases', newCase({ title: 'Tom krop' }))).body.case;
    const res = await fetch(`${stack.baseUrl}/api/cases/${c.id}/claim`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: anna.cookie } });
    expect(res.status).toBe(200);
    expect((await res.json()).case.assignee.username).toBe('anna');
  });

  it('50 concurrent claims of one case give exactly one success; the rest see the winner', { timeout: 120_000 }, async () => {
    const c = (await lead.request('POST', '/api/cases', newCase({ title: 'Kapløb' }))).body.case;
    const members = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await stack.addUser(`racer${i}`, 'racer-password', 'member', { name: `Racer ${i}` });
        return login(stack.baseUrl, `racer${i}`, 'racer-password');
      }),
    );
    const results = await Promise.all(members.map((m) => m.request('POST', `/api/cases/${c.id}/claim`)));
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    const winner = winners[0].body.case.assignee.username;
    for (const l of losers) {
      expect(l.body.error.code).toBe('conflict');
      expect(l.body.case.assignee.username).toBe(winner);
    }
    const events = (await lead.request('GET', `/api/cases/${c.id}`)).body.events;
    expect(events.filter((e: { type: string }) => e.type === 'case.claimed')).toHaveLength(1);
  });
});

describe('intake job', () => {
  it('enriches a new case once: a category is suggested and a case.enriched event is stored', async () => {
    const c = (await reporter.request('POST', '/api/cases', { title: 'Kan ikke logge ind med MitID i forældreappen', institution: INST })).body.case;
    let detail;
    for (let i = 0; i < 100; i++) {
      detail = (await lead.request('GET', `/api/cases/${c.id}`)).body;
      if (detail.case.enrichedAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(detail.case.enrichedAt).not.toBeNull();
    expect(detail.case.category).toBe('login');
    expect(detail.events.filter((e: { type: string }) => e.type === 'case.enriched')).toHaveLength(1);
  });
});

describe('accounts', () => {
  it('adding the same username twice at once creates one account', async () => {
    const institutions = new Set(stack.config.rollout.institutions.map((i) => i.id));
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => stack.app.services.users.add({ username: 'twin', password: `password-${i}`, role: 'member' }, institutions)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected.every((r) => /already exists/.test(r.reason.message))).toBe(true);
    expect((await stack.app.services.users.list()).filter((u) => u.username === 'twin')).toHaveLength(1);
  });
});

describe('the feed path over plain HTTP and stray upgrades', () => {
  it('GET /api/feed without an upgrade says to use a WebSocket', async () => {
    const res = await lead.request('GET', '/api/feed');
    expect(res.status).toBe(426);
    expect(res.body.error.message).toMatch(/WebSocket/);
  });
});
