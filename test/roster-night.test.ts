// Night shifts and moving a shift (PUT /api/roster/:id), against a real server and redis-server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shiftId } from '../shared/roster-edit.ts';
import { request, type Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';
import { connectBoard } from './helpers/clients.ts';

let stack: Stack;
let lead: Session, anna: Session, viewer: Session;

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, viewer] = await loginAll(stack, [
    ['lene', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['wall', 'viewer', { name: 'Vægskærm' }],
  ]);
});
afterAll(() => stack?.close());

// Monday 30 November 2026 in Danish winter time (UTC+1).
const NIGHT = { username: 'anna', start: '2026-11-30 22:00', end: '2026-12-01 06:00' };
const NIGHT_ISO = { username: 'anna', start: '2026-11-30T21:00:00.000Z', end: '2026-12-01T05:00:00.000Z' };
const MORNING = { username: 'anna', start: '2026-12-01 08:00', end: '2026-12-01 12:00' };

const put = (shifts: object[]) => lead.request('PUT', '/api/roster', { shifts });
const move = (s: Session, id: string, times: { start: string; end: string }) => s.request('PUT', `/api/roster/${encodeURIComponent(id)}`, times);

describe('night shifts', () => {
  beforeEach(async () => void (await put([])));

  it('a shift from 22:00 to 06:00 the next day is booked and read back as it was written', async () => {
    const res = await put([NIGHT]);
    expect(res.status).toBe(200);
    expect(res.body.shifts).toEqual([NIGHT_ISO]);
    expect((await viewer.request('GET', '/api/roster')).body.shifts).toEqual([NIGHT_ISO]);
  });

  it('refuses an end before the start and a shift longer than 16 hours, with a code and the times', async () => {
    const back = await put([{ username: 'anna', start: '2026-11-30 22:00', end: '2026-11-30 06:00' }]);
    expect(back.status).toBe(400);
    expect(back.body.error).toMatchObject({ code: 'roster_end_before_start', params: { username: 'anna', start: '2026-11-30 22:00', end: '2026-11-30 06:00' } });
    const long = await put([{ username: 'anna', start: '2026-11-30 22:00', end: '2026-12-01 14:01' }]);
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'roster_too_long', params: { username: 'anna', start: '2026-11-30 22:00', end: '2026-12-01 14:01', hours: 16 } });
    expect((await lead.request('GET', '/api/roster')).body.shifts).toEqual([]);
  });

  it('finds an overlap across midnight, and lets a morning shift follow the night', async () => {
    const early = await put([NIGHT, { username: 'anna', start: '2026-12-01 05:00', end: '2026-12-01 09:00' }]);
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({
      code: 'roster_overlap',
      params: { username: 'anna', start: '2026-12-01 05:00', end: '2026-12-01 09:00', otherStart: '2026-11-30 22:00', otherEnd: '2026-12-01 06:00' },
    });
    expect((await put([NIGHT, { username: 'anna', start: '2026-12-01 06:00', end: '2026-12-01 09:00' }])).status).toBe(200);
  });
});

describe('PUT /api/roster/:id', () => {
  beforeEach(async () => void (await put([NIGHT, MORNING])));

  it('moves a shift to another day and time; the team sees it at once', async () => {
    const board = connectBoard(stack.baseUrl, anna.cookie);
    await board.synced;
    const seen: { shifts: { start: string }[] }[] = [];
    board.socket.on('roster:changed', (info) => seen.push(info));
    try {
      const res = await move(lead, shiftId(NIGHT_ISO), { start: '2026-12-02 23:00', end: '2026-12-03 07:00' });
      expect(res.status).toBe(200);
      const moved = { username: 'anna', start: '2026-12-02T22:00:00.000Z', end: '2026-12-03T06:00:00.000Z' };
      expect(res.body.shift).toEqual(moved);
      expect(res.body.shifts).toEqual([{ username: 'anna', start: '2026-12-01T07:00:00.000Z', end: '2026-12-01T11:00:00.000Z' }, moved]);
      expect((await anna.request('GET', '/api/roster')).body.shifts).toEqual(res.body.shifts);
      await expect.poll(() => seen.at(-1)?.shifts.map((s) => s.start), { timeout: 10_000 }).toEqual(res.body.shifts.map((s: { start: string }) => s.start));
    } finally {
      board.socket.disconnect();
    }
  });

  it('refuses a move onto the same person’s other shift, naming both, and keeps the roster', async () => {
    const before = (await lead.request('GET', '/api/roster')).body;
    const res = await move(lead, shiftId(NIGHT_ISO), { start: '2026-12-01 02:00', end: '2026-12-01 10:00' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'roster_overlap',
      params: { username: 'anna', start: '2026-12-01 02:00', end: '2026-12-01 10:00', otherStart: '2026-12-01 08:00', otherEnd: '2026-12-01 12:00' },
    });
    expect((await lead.request('GET', '/api/roster')).body).toEqual(before);
  });

  it('does not count the shift against itself: a night shift may be stretched over its own hours', async () => {
    const res = await move(lead, shiftId(NIGHT_ISO), { start: '2026-11-30 20:00', end: '2026-12-01 07:00' });
    expect(res.status).toBe(200);
    expect(res.body.shifts).toHaveLength(2);
  });

  it('refuses bad times, an unknown shift (404), and anyone but the lead', async () => {
    const id = shiftId(NIGHT_ISO);
    expect((await move(lead, id, { start: '2026-11-30 22:00', end: '2026-12-01 15:00' })).body.error.code).toBe('roster_too_long');
    expect((await move(lead, id, { start: 'tomorrow', end: '2026-12-01 06:00' })).body.error.code).toBe('roster_invalid');
    expect((await move(lead, 'anna@1', { start: '2026-11-30 20:00', end: '2026-11-30 22:00' })).status).toBe(404);
    for (const s of [anna, viewer]) expect((await move(s, id, { start: '2026-11-30 20:00', end: '2026-11-30 22:00' })).status).toBe(403);
    expect((await request(stack.baseUrl, 'PUT', `/api/roster/${id}`, { start: '2026-11-30 20:00', end: '2026-11-30 22:00' })).status).toBe(401);
    expect((await lead.request('GET', '/api/roster')).body.shifts[0]).toEqual(NIGHT_ISO);
  });

  it('two moves at once: both land, neither undoes the other', async () => {
    const morning = { username: 'anna', start: '2026-12-01T07:00:00.000Z' };
    const [a, b] = await Promise.all([
      move(lead, shiftId(NIGHT_ISO), { start: '2026-11-29 22:00', end: '2026-11-30 06:00' }),
      move(lead, shiftId(morning), { start: '2026-12-01 13:00', end: '2026-12-01 17:00' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await lead.request('GET', '/api/roster')).body.shifts.map((s: { start: string }) => s.start)).toEqual(['2026-11-29T21:00:00.000Z', '2026-12-01T12:00:00.000Z']);
  });
});
