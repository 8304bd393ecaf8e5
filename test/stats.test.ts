// GET /api/stats against a real server and redis-server: the figures follow the cases, stay
// the same across a restart (they come from the event log), move with each new event without
// one, and only the team and the wall screen may read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { BOARD_RESET_CHANNEL } from '../server/privacy/board-reset.ts';
import type { Case } from '../shared/case.ts';
import { wholeDays } from '../shared/default-range.ts';
import { formatRosterTime } from '../shared/roster.ts';
import type { Stats, StatsRanges, StatsState } from '../shared/stats-schemas.ts';
import { StatsModel } from '../shared/stats.ts';
import { login, request, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
const HOUR = 3_600_000;

let stack: Stack;
let baseUrl: string;
let closeRestarted: (() => Promise<void>) | null = null;
let lead: Session, anna: Session, bo: Session, sol: Session, wall: Session;
const ids: string[] = [];
// An hour either side of now: the test runs on any date, the default range is the rollout week.
const from = new Date(Date.now() - HOUR).toISOString();
const to = new Date(Date.now() + HOUR).toISOString();
const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

beforeAll(async () => {
  stack = await startStack();
  baseUrl = stack.baseUrl;
  [lead, anna, bo, sol, wall] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['bo', 'member', { name: 'Bo Berg' }],
    ['sol', 'reporter', { institution: INST }],
    ['wall', 'viewer'],
  ]);
  const shift = { username: 'anna', start: new Date(Date.now() - 2 * HOUR).toISOString(), end: new Date(Date.now() + 2 * HOUR).toISOString() };
  expect((await lead.request('PUT', '/api/roster', { shifts: [shift] })).status).toBe(200);
});
afterAll(async () => {
  await closeRestarted?.();
  await stack?.close();
});

async function create(category: string): Promise<Case> {
  const res = await sol.request('POST', '/api/cases', { title: 'Forældre kan ikke logge ind', institution: INST, category });
  expect(res.status).toBe(201);
  ids.push(res.body.case.id);
  return res.body.case;
}

async function stats(as: Session, query = range): Promise<Stats> {
  const res = await as.request('GET', `/api/stats?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The intake adds an event to every new case; the figures are compared once it has. */
async function intakeDone(as: Session) {
  for (let i = 0; i < 100; i++) {
    const { cases } = (await as.request('GET', '/api/cases')).body as { cases: Case[] };
    if (cases.every((c) => c.enrichedAt)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the intake did not enrich the cases');
}

const last = (xs: number[]) => xs[xs.length - 1];
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('statistics over HTTP', () => {
  let before: Stats;

  it('counts the cases as they are created, claimed and resolved', async () => {
    const [c1, c2] = [await create('login'), await create('app')];
    await create('login');
    expect((await anna.request('POST', `/api/cases/${c1.id}/claim`)).status).toBe(200);
    expect((await anna.request('POST', `/api/cases/${c1.id}/resolve`, { resolution: 'Se vejledningen' })).status).toBe(200);
    expect((await bo.request('POST', `/api/cases/${c2.id}/claim`)).status).toBe(200);
    await intakeDone(lead);

    const s = await stats(lead);
    expect(s.from).toBe(from);
    expect(s.to).toBe(to);
    expect(s.arrivals.count).toBe(3);
    expect(total(s.arrivals.total)).toBe(3);
    expect(s.arrivals.byInstitution.map(({ institution, count }) => ({ institution, count }))).toEqual([{ institution: INST, count: 3 }]);
    expect(s.arrivals.byCategory.map(({ category, count }) => ({ category, count }))).toEqual([
      { category: 'login', count: 2 },
      { category: 'app', count: 1 },
    ]);
    const now = { new: last(s.backlog.new), claimed: last(s.backlog.claimed), resolved: last(s.backlog.resolved), waiting: last(s.backlog.waiting), escalated: last(s.backlog.escalated) };
    expect(now).toEqual({ new: 1, claimed: 1, resolved: 1, waiting: 0, escalated: 0 });
    expect(s.timeToClaim.all.count).toBe(2);
    expect(s.timeToClaim.byPriority.normal.count).toBe(2);
    expect(s.timeToResolve.all.count).toBe(1);
    expect(s.timeToResolve.all.p50Ms).toBeGreaterThanOrEqual(0);
    expect(s.timeToResolve.all.p50Ms).toBeLessThan(60_000);
    // The example config gives "normal" an hour to claim and eight to resolve: both met.
    expect(s.sla).toEqual({ claim: { met: 2, breached: 0, compliance: 1 }, resolve: { met: 1, breached: 0, compliance: 1 } });
    expect(s.escalations).toEqual({ events: 0, cases: 0, rate: 0 });
    expect(s.answers).toEqual({ resolutions: 1, withLibraryAnswer: 0, share: 0 });
    expect(s.members).toEqual([
      { username: 'bo', name: 'Bo Berg', openClaims: 1, resolved: 0 },
      { username: 'anna', name: 'Anna Andersen', openClaims: 0, resolved: 1 },
    ]);
    // anna is booked for the whole range: one person in every bucket.
    expect(s.capacity.people.every((p) => p === 1)).toBe(true);
    expect(total(s.capacity.hours)).toBeCloseTo(2, 1);
    before = s;
  });

  it('shows the wall screen the same figures, and a browser gets them from the model snapshot', async () => {
    expect(await stats(wall)).toEqual(before);
    const snapshot = (await wall.request('GET', '/api/stats/model')).body;
    const shifts = (await wall.request('GET', '/api/roster')).body.shifts;
    const model = new StatsModel(snapshot);
    // Deflections ("Det løste det") are no case events: GET /api/stats adds them, the model has none.
    const { deflections, goLive, ...fromEvents } = before;
    expect(goLive?.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(deflections).toEqual({ total: 0, byTarget: [], byInstitution: [] });
    expect(model.query({ range: { from: Date.parse(from), to: Date.parse(to) }, bucket: 'hour', shifts })).toEqual(fromEvents);
  });

  it('gives the same figures after a restart, and a new event changes them at once', async () => {
    await stack.stopServer();
    const restarted = await startServer(stack.redis);
    closeRestarted = () => restarted.app.app.close();
    baseUrl = restarted.baseUrl;
    lead = await login(baseUrl, 'lead', 'lead-password');
    anna = await login(baseUrl, 'anna', 'anna-password');
    expect(await stats(lead)).toEqual(before);

    // No sleep: the answer waits until the model holds every event stored before the request.
    expect((await anna.request('POST', `/api/cases/${ids[2]}/claim`)).status).toBe(200);
    const after = await stats(lead);
    expect(last(after.backlog.new)).toBe(0);
    expect(last(after.backlog.claimed)).toBe(2);
    expect(after.timeToClaim.all.count).toBe(3);
    expect(after.members.find((m) => m.username === 'anna')).toEqual({ username: 'anna', name: 'Anna Andersen', openClaims: 1, resolved: 1 });
    expect(after.lastEventId).not.toBe(before.lastEventId);
  });

  it('counts again from the log when a purge or an erasure rewrote it', async () => {
    // As a retention purge does: the case's events leave the log, then every node is told.
    const raw = createClient({ url: stack.redisUrl });
    await raw.connect();
    try {
      const events = (await lead.request('GET', '/api/events')).body.events as { id: string; caseId: string }[];
      await raw.xDel('wr:events', events.filter((e) => e.caseId === ids[0]).map((e) => e.id));
      await raw.publish(BOARD_RESET_CHANNEL, 'test purge');
    } finally {
      await raw.close();
    }
    let s = await stats(lead);
    for (let i = 0; i < 50 && s.arrivals.count !== 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      s = await stats(lead);
    }
    expect(s.arrivals.count).toBe(2);
    expect(last(s.backlog.resolved)).toBe(0);
    expect(s.members.find((m) => m.username === 'anna')?.resolved).toBe(0);
  });

  it('knows when the data begins and ends, from the model and without a log read', async () => {
    const model = (await lead.request('GET', '/api/stats/model')).body as StatsState;
    const { events } = (await lead.request('GET', '/api/events')).body as { events: { caseId: string; type: string; at: string }[] };
    const counted = new Set(Object.keys(model.cases));
    const times = events.filter((e) => counted.has(e.caseId)).map((e) => Date.parse(e.at));
    const arrivals = events.filter((e) => e.type === 'case.created' && counted.has(e.caseId)).map((e) => Date.parse(e.at));
    expect(arrivals.length).toBeGreaterThan(0);
    expect(model.span).toEqual({ first: Math.min(...arrivals), last: Math.max(...times) });

    const ranges = (await lead.request('GET', '/api/stats/ranges')).body as StatsRanges;
    expect(ranges.rollout).toEqual({ from: '2026-11-29T23:00:00.000Z', to: '2026-12-04T23:00:00.000Z' });
    const days = wholeDays(model.span!);
    expect(ranges.cases).toEqual({ from: new Date(days.from).toISOString(), to: new Date(days.to).toISOString() });
    // Whole Danish days: both ends are a Danish midnight.
    for (const end of [ranges.cases!.from, ranges.cases!.to]) expect(formatRosterTime(new Date(end)).slice(11)).toBe('00:00');
    // The rollout week only when a case arrived in it; this runs at several instants, in the week and out of it.
    const inWeek = arrivals.some((t) => t >= Date.parse(ranges.rollout.from) && t < Date.parse(ranges.rollout.to));
    expect(ranges.basis).toBe(inWeek ? 'rollout' : 'cases');
    expect(ranges.default).toEqual(inWeek ? ranges.rollout : ranges.cases);
  });

  it('defaults to the range that follows the data, in hours', async () => {
    const { default: range } = (await lead.request('GET', '/api/stats/ranges')).body as StatsRanges;
    const s = await stats(lead, '');
    expect(s.bucket).toBe('hour');
    expect({ from: s.from, to: s.to }).toEqual(range);
    // The default never hides the cases there are.
    expect(s.arrivals.count).toBe(2);
    const days = await stats(lead, 'bucket=day');
    expect(days.buckets[0].start).toBe(range.from);
    expect(days.buckets.at(-1)!.end).toBe(range.to);
    // One end named: the other comes from the default.
    expect((await stats(lead, `from=${encodeURIComponent(range.from)}`)).to).toBe(range.to);
  });
});

describe('the default range with cases only outside the rollout week', () => {
  let other: Stack;
  beforeAll(async () => {
    const DAY = 24 * HOUR;
    const danishDay = (offsetDays: number) => formatRosterTime(new Date(Date.now() + offsetDays * DAY)).slice(0, 10);
    // A week that ended a fortnight ago: every case of this test arrives after it.
    other = await startStack({ rollout: { rollout: { name: 'Testuge', start: danishDay(-20), end: danishDay(-14) } } });
  });
  afterAll(async () => {
    await other?.close();
  });

  it('covers the whole days with cases, and the rollout week while there are none', async () => {
    const [leader, reporter] = await loginAll(other, [
      ['lene', 'lead'],
      ['sofie', 'reporter', { institution: INST }],
    ]);
    const empty = (await leader.request('GET', '/api/stats/ranges')).body as StatsRanges;
    // No cases yet: the rollout week.
    expect(empty.cases).toBeNull();
    expect(empty.basis).toBe('rollout');
    expect((await leader.request('GET', '/api/stats')).body.from).toBe(empty.rollout.from);

    const arrived: number[] = [];
    for (const title of ['Forældre kan ikke logge ind', 'Billeder vises ikke']) {
      const res = await reporter.request('POST', '/api/cases', { title, institution: INST });
      expect(res.status).toBe(201);
      arrived.push(Date.parse(res.body.case.createdAt));
      // Asked at once, with no range named: the range is chosen with the case just reported in it.
      const now = (await leader.request('GET', '/api/stats')).body as Stats;
      expect(now.arrivals.count).toBe(arrived.length);
      expect(Date.parse(now.from)).toBe(wholeDays({ first: arrived[0], last: arrived[0] }).from);
    }
    const after = Date.now();
    const ranges = (await leader.request('GET', '/api/stats/ranges')).body as StatsRanges;
    expect(ranges.basis).toBe('cases');
    expect(Date.parse(ranges.cases!.from)).toBe(wholeDays({ first: arrived[0], last: arrived[0] }).from);
    expect(Date.parse(ranges.cases!.to)).toBeGreaterThan(after);
    expect(ranges.default).toEqual(ranges.cases);
    const s = (await leader.request('GET', '/api/stats')).body as Stats;
    expect(s.arrivals.count).toBe(2);
    expect({ from: s.from, to: s.to }).toEqual(ranges.cases);
  });
});

describe('who may read the statistics', () => {
  it('refuses reporters and anonymous requests, for the figures and the model alike', async () => {
    sol = await login(baseUrl, 'sol', 'sol-password');
    for (const path of [`/api/stats?${range}`, '/api/stats/model', '/api/stats/ranges']) {
      const reporter = await sol.request('GET', path);
      expect(reporter.status).toBe(403);
      expect(reporter.body.error.code).toBe('forbidden');
      expect((await request(baseUrl, 'GET', path)).status).toBe(401);
    }
    bo = await login(baseUrl, 'bo', 'bo-password');
    expect((await bo.request('GET', `/api/stats?${range}`)).status).toBe(200);
  });
});

describe('a bad query', () => {
  const bad = async (query: string) => {
    const res = await lead.request('GET', `/api/stats?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid');
    return res.body.error.message as string;
  };

  it('says what to fix', async () => {
    expect(await bad('from=2026-12-02&to=2026-12-01')).toMatch(/^from \(2026-12-01T23:00:00.000Z\) must be before to \(2026-11-30T23:00:00.000Z\)/);
    expect(await bad('bucket=week')).toBe('bucket=week is not known; use bucket=hour or bucket=day');
    expect(await bad('from=tuesday')).toMatch(/^from=tuesday is not a date or date-time; write e\.g\. 2026-11-30/);
    expect(await bad('from=2025-01-01&to=2026-12-01')).toMatch(/more than 2000 hour buckets; choose bucket=day or a shorter range/);
    expect(await bad('since=0-0')).toMatch(/unknown field "since"/);
  });
});
