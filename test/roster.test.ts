// The roster over HTTP, against a real server and a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';
import { connectBoard } from './helpers/clients.ts';

let stack: Stack;
let lead: Session, anna: Session, reporter: Session, viewer: Session;

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, reporter, viewer] = await loginAll(stack, [
    ['lene', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { name: 'Sofie Solsikke', institution: 'bh-solsikken' }],
    ['wall', 'viewer', { name: 'Vægskærm' }],
  ]);
  await stack.addUser('bo', 'bo-password', 'member', { name: 'Bo Berg' });
});
afterAll(() => stack?.close());

async function rawPut(s: Session | null, csv: string) {
  const res = await fetch(stack.baseUrl + '/api/roster', { method: 'PUT', headers: { ...(s ? { cookie: s.cookie } : {}), 'content-type': 'text/csv' }, body: csv });
  return { status: res.status, body: await res.json() };
}

const GOOD_CSV = ['username,start,end', 'anna,2026-11-30 08:00,2026-11-30 12:00', 'bo,2026-11-30 12:00,2026-11-30 16:00', 'lene,2026-11-30T08:00:00+01:00,2026-11-30T16:00:00+01:00'].join('\r\n');

describe('GET /api/roster', () => {
  it('is empty at first, for every team role', async () => {
    for (const s of [lead, anna, viewer]) expect(await s.request('GET', '/api/roster')).toMatchObject({ status: 200, body: { shifts: [] } });
  });

  it('is refused to reporters (403) and to anyone not logged in (401)', async () => {
    expect((await reporter.request('GET', '/api/roster')).status).toBe(403);
    expect((await request(stack.baseUrl, 'GET', '/api/roster')).status).toBe(401);
  });
});

describe('GET /api/roster/people', () => {
  it('names the bookable team (leads and members) for every team role, not reporters', async () => {
    const res = await viewer.request('GET', '/api/roster/people');
    expect(res.status).toBe(200);
    expect(res.body.people).toEqual(
      expect.arrayContaining([
        { id: expect.any(String), username: 'anna', name: 'Anna Andersen', role: 'member' },
        { id: expect.any(String), username: 'lene', name: 'Lene Leder', role: 'lead' },
      ]),
    );
    expect(res.body.people.map((p: { username: string }) => p.username)).not.toContain('sol');
    expect((await reporter.request('GET', '/api/roster/people')).status).toBe(403);
  });
});

describe('PUT /api/roster (JSON)', () => {
  it('replaces the roster; times come back as UTC ISO, sorted by start', async () => {
    const body = {
      shifts: [
        { username: 'bo', start: '2026-11-30T12:00:00+01:00', end: '2026-11-30T16:00:00+01:00' },
        { username: 'anna', start: '2026-11-30 08:00', end: '2026-11-30 12:00' },
      ],
    };
    const res = await lead.request('PUT', '/api/roster', body);
    expect(res.status).toBe(200);
    const expected = [
      { username: 'anna', start: '2026-11-30T07:00:00.000Z', end: '2026-11-30T11:00:00.000Z' },
      { username: 'bo', start: '2026-11-30T11:00:00.000Z', end: '2026-11-30T15:00:00.000Z' },
    ];
    expect(res.body).toEqual({ shifts: expected });
    expect((await anna.request('GET', '/api/roster')).body).toEqual({ shifts: expected });

    // Replaces, never appends.
    await lead.request('PUT', '/api/roster', { shifts: [body.shifts[0]] });
    expect((await viewer.request('GET', '/api/roster')).body.shifts.map((s: { username: string }) => s.username)).toEqual(['bo']);
  });

  it('is the lead’s alone: member, viewer and reporter get 403, anonymous 401', async () => {
    const body = { shifts: [] };
    for (const s of [anna, viewer, reporter]) expect((await s.request('PUT', '/api/roster', body)).status).toBe(403);
    expect((await request(stack.baseUrl, 'PUT', '/api/roster', body)).status).toBe(401);
    expect((await rawPut(null, GOOD_CSV)).status).toBe(401);
    expect((await rawPut(anna, GOOD_CSV)).status).toBe(403);
  });

  it.each([
    ['an unknown account', { username: 'nobody', start: '2026-11-30 08:00', end: '2026-11-30 12:00' }, /^there is no account "nobody"/, 'roster_invalid'],
    ['a reporter', { username: 'sol', start: '2026-11-30 08:00', end: '2026-11-30 12:00' }, /"sol" is a reporter/, 'roster_invalid'],
    ['an end before the start', { username: 'anna', start: '2026-11-30 12:00', end: '2026-11-30 08:00' }, /^end 2026-11-30 08:00 is before start/, 'roster_end_before_start'],
    ['an unknown field', { username: 'anna', start: '2026-11-30 08:00', end: '2026-11-30 12:00', room: 'A' }, /unknown field "room"/, 'invalid'],
  ])('refuses %s with 400 and keeps the roster', async (_label, shift, message, code) => {
    const before = (await lead.request('GET', '/api/roster')).body;
    const res = await lead.request('PUT', '/api/roster', { shifts: [shift] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.code).toBe(code);
    expect((await lead.request('GET', '/api/roster')).body).toEqual(before);
  });

  it('refuses more than 2000 shifts', async () => {
    const shifts = Array.from({ length: 2001 }, (_, i) => ({ username: 'anna', start: `2026-11-30T00:00:${String(i % 60).padStart(2, '0')}Z`, end: '2026-11-30T01:00:00Z' }));
    const res = await lead.request('PUT', '/api/roster', { shifts });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/2000/);
  });
});

describe('PUT /api/roster (CSV)', () => {
  it('imports a spreadsheet CSV', async () => {
    const res = await rawPut(lead, GOOD_CSV);
    expect(res.status).toBe(200);
    expect(res.body.shifts).toEqual([
      { username: 'anna', start: '2026-11-30T07:00:00.000Z', end: '2026-11-30T11:00:00.000Z' },
      { username: 'lene', start: '2026-11-30T07:00:00.000Z', end: '2026-11-30T15:00:00.000Z' },
      { username: 'bo', start: '2026-11-30T11:00:00.000Z', end: '2026-11-30T15:00:00.000Z' },
    ]);
    expect((await anna.request('GET', '/api/roster')).body.shifts).toHaveLength(3);
  });

  it.each([
    ['an end before its start', 'bo,2026-11-30 16:00,2026-11-30 08:00', 'Line 4: end 2026-11-30 08:00 is before start 2026-11-30 16:00'],
    ['an unknown person', 'ghost,2026-11-30 16:00,2026-11-30 18:00', 'Line 4: there is no account "ghost"; create it under Accounts first, or correct the name'],
    ['a missing column', 'bo,2026-11-30 16:00', 'Line 4: expected 3 fields username,start,end but found 2'],
    ['a bad date', 'bo,30-11-2026 16:00,2026-11-30 18:00', /^Line 4: start "30-11-2026 16:00" is not a date and time/],
  ])('refuses a file with %s: 400 names the line, nothing is stored', async (_label, badLine, message) => {
    const before = (await lead.request('GET', '/api/roster')).body;
    const csv = ['username,start,end', 'anna,2026-12-01 08:00,2026-12-01 12:00', 'anna,2026-12-01 13:00,2026-12-01 15:00', badLine, 'bo,2026-12-01 08:00,2026-12-01 12:00'].join('\n');
    const res = await rawPut(lead, csv);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('roster_invalid');
    expect(res.body.error.params).toMatchObject({ line: 4 });
    expect(res.body.error.message).toMatch(message);
    expect(res.body.line).toBe(4);
    expect((await lead.request('GET', '/api/roster')).body).toEqual(before);
  });
});

describe('live roster', () => {
  it("a new roster reaches the team's boards at once, not the superusers'", async () => {
    const member = connectBoard(stack.baseUrl, anna.cookie);
    const superuser = connectBoard(stack.baseUrl, reporter.cookie);
    await Promise.all([member.synced, superuser.synced]);
    const seen: { shifts: { username: string }[] }[] = [];
    const leaked: unknown[] = [];
    member.socket.on('roster:changed', (info) => seen.push(info));
    superuser.socket.on('roster:changed', (info) => leaked.push(info));
    const res = await rawPut(lead, GOOD_CSV);
    expect(res.status).toBe(200);
    await expect.poll(() => seen.at(-1)?.shifts.map((s) => s.username), { timeout: 10_000 }).toEqual(res.body.shifts.map((s: { username: string }) => s.username));
    // The roster went out before the answer; a case created after it reaches the superuser's board later.
    const after = (await reporter.request('POST', '/api/cases', { title: 'Vagtplanen vises ikke', institution: 'bh-solsikken' })).body.case.id;
    await superuser.waitFor((es) => es.some((e) => e.caseId === after));
    expect(leaked).toEqual([]);
    member.socket.disconnect();
    superuser.socket.disconnect();
  });
});
