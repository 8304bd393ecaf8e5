// SLA timers with short configured targets, run by real BullMQ delayed jobs on a real
// redis-server: one warning and one breach per clock, also across a server restart, and
// none while the case waits on the vendor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import type { Case } from '../shared/case.ts';
import { nextSlaDue, type SlaClock } from '../shared/sla.ts';
import { SlaTimers } from '../server/queues/sla-timers.ts';
import type { Session } from './helpers/http.ts';
import { login } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
// 3 seconds to claim (warning at 2.4 s), 4.8 seconds to resolve (warning at 3.84 s).
const SLA = { normal: { claimMinutes: 0.05, resolveMinutes: 0.08 } };

let stack: Stack;
let timers: SlaTimers;
let anna: Session, sol: Session;

beforeAll(async () => {
  stack = await startStack({ rollout: { sla: SLA } });
  timers = new SlaTimers(stack.redisUrl);
  [anna, sol] = await loginAll(stack, [
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: INST }],
  ]);
});
afterAll(async () => {
  await timers?.close();
  await stack?.close();
});

async function create(baseUrl = stack.baseUrl, as = sol): Promise<Case> {
  const res = await as.request('POST', '/api/cases', { title: 'Forældre kan ikke logge ind', institution: INST });
  expect(res.status, baseUrl).toBe(201);
  return res.body.case;
}

async function slaEvents(caseId: string, as = anna) {
  const { events } = (await as.request('GET', `/api/cases/${caseId}`)).body as { events: { type: string; data: { clock?: string } }[] };
  return events.filter((e) => e.type.startsWith('case.sla_')).map((e) => `${e.data.clock} ${e.type.replace('case.sla_', '')}`);
}

/** Waits until the case has raised exactly these, in this order; fails with what it has at the deadline. */
async function expectSla(caseId: string, expected: string[], as = anna, timeout = 15_000) {
  await expect.poll(() => slaEvents(caseId, as), { timeout, interval: 100 }).toEqual(expected);
}

/** The case's timers still to run: set, due or running. None left means none can raise anything. */
async function pendingTimers(caseId: string, on = timers) {
  return (await pendingDueTimes(caseId, on)).length;
}

/** When each of the case's timers still to run is due. */
async function pendingDueTimes(caseId: string, on = timers) {
  const jobs = await on.queue.getJobs(['delayed', 'waiting', 'prioritized', 'active']);
  return jobs.filter((j) => j?.data.caseId === caseId).map((j) => j.data.dueAt);
}

async function allTimersRun(caseId: string, on = timers) {
  await expect.poll(() => pendingTimers(caseId, on), { timeout: 15_000, interval: 100 }).toBe(0);
}

/** Until the clock's deadline has passed, for a clock no server is watching. */
async function pastDeadline(clock: SlaClock) {
  const at = Date.parse(clock.runningSince!) + clock.targetMs!;
  await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now()) + 100));
}

describe('SLA timers', () => {
  it('an unclaimed case gets exactly one warning and one breach, and the case shows them', async () => {
    const c = await create();
    expect(c.sla.claim).toMatchObject({ targetMs: 3000, warned: false, breached: false });
    // The claim clock raises once each, then the resolve clock (4.8 s) does too.
    const all = ['claim warning', 'claim breached', 'resolve warning', 'resolve breached'];
    await expectSla(c.id, all);
    // Every timer the case had has run: nothing more can come.
    await allTimersRun(c.id);
    expect(await slaEvents(c.id)).toEqual(all);
    const after = (await anna.request('GET', `/api/cases/${c.id}`)).body.case as Case;
    expect(after.sla.claim).toMatchObject({ warned: true, breached: true });
  });

  it('a case claimed in time raises nothing for the claim clock', async () => {
    const c = await create();
    expect((await anna.request('POST', `/api/cases/${c.id}/claim`)).status).toBe(200);
    await anna.request('POST', `/api/cases/${c.id}/resolve`, { resolution: 'Løst' });
    // Made after it and left alone: its claim clock runs out later than the first case's would have.
    const unclaimed = await create();
    await expect.poll(() => slaEvents(unclaimed.id), { timeout: 15_000, interval: 100 }).toContain('claim breached');
    await allTimersRun(c.id);
    expect(await slaEvents(c.id)).toEqual([]);
  });

  it('a claim sets no timer of its own: the claim clock\'s timer comes first, raises nothing and sets the resolve clock\'s', async () => {
    const c = await create();
    const claimed = (await anna.request('POST', `/api/cases/${c.id}/claim`)).body.case as Case;
    // The claim moved the next due time later (the resolve clock's warning): the timer set at
    // the case's creation for the claim clock's warning stands, and nothing more is queued.
    const claimWarning = nextSlaDue(c.sla);
    expect(claimWarning).toBe(Date.parse(c.createdAt) + 2400);
    expect(await pendingDueTimes(c.id)).toEqual([claimWarning]);
    // The same decision, made at the case's creation so it cannot depend on how late this runs.
    expect(await timers.follow(claimed, c, Date.parse(c.createdAt))).toBe(false);
    await expectSla(c.id, ['resolve warning', 'resolve breached']);
    await allTimersRun(c.id);
    expect(await slaEvents(c.id)).toEqual(['resolve warning', 'resolve breached']);
  });

  it('a case waiting on the vendor raises none while it waits, and its clock goes on after', async () => {
    const c = await create();
    await anna.request('POST', `/api/cases/${c.id}/claim`);
    // Made after it and claimed alike, but not escalated: its resolve clock runs out later than the first case's would have.
    const running = await create();
    await anna.request('POST', `/api/cases/${running.id}/claim`);
    expect((await anna.request('POST', `/api/cases/${c.id}/escalate`, { note: 'Meldt til Netcompany' })).status).toBe(200);
    await expect.poll(() => slaEvents(running.id), { timeout: 15_000, interval: 100 }).toContain('resolve breached');
    await allTimersRun(c.id);
    expect(await slaEvents(c.id)).toEqual([]);
    await anna.request('POST', `/api/cases/${c.id}/resume`);
    await expectSla(c.id, ['resolve warning', 'resolve breached']);
  });
});

describe('SLA timers across a restart', () => {
  it('a deadline that passes while no server runs is raised once when one starts, even with its timer lost', async () => {
    const own = await startStack({ rollout: { sla: SLA } });
    try {
      const [rep] = await loginAll(own, [
        ['sol', 'reporter', { institution: INST }],
        ['anna', 'member'],
      ]);
      const res = await rep.request('POST', '/api/cases', { title: 'Kan ikke logge ind', institution: INST });
      const caseId = res.body.case.id as string;
      await own.stopServer();
      // The timer jobs are lost too (as when Redis was away while they were set): the new
      // servers must work the deadlines out from the case itself.
      const raw = createClient({ url: own.redisUrl });
      await raw.connect();
      const timerKeys = await raw.keys('wr:bull:sla:*');
      expect(timerKeys.length).toBeGreaterThan(0);
      await raw.del(timerKeys);
      await raw.close();
      await pastDeadline(res.body.case.sla.claim);
      // Two servers start on the same Redis: each sets the timers again; still one of each.
      const config = { rollout: { sla: SLA } };
      const [a, b] = await Promise.all([startServer(own.redis, config), startServer(own.redis, config)]);
      try {
        const annaAgain = await login(a.baseUrl, 'anna', 'anna-password');
        // Both clocks ran out during the restart (the resolve target is 4.8 s): each is raised once.
        const all = ['claim warning', 'claim breached', 'resolve warning', 'resolve breached'];
        await expectSla(caseId, all, annaAgain);
        // Both servers' timers for the case have run: nothing more can come.
        const shared = new SlaTimers(own.redisUrl);
        try {
          await allTimersRun(caseId, shared);
        } finally {
          await shared.close();
        }
        expect(await slaEvents(caseId, annaAgain)).toEqual(all);
      } finally {
        await Promise.all([a.app.app.close(), b.app.app.close()]);
      }
    } finally {
      await own.close();
    }
    // Three servers start and stop in turn: about 13 s alone, past 30 s on a loaded 2-core machine.
  }, 90_000);

  it('a case claimed after a missed deadline still shows the breach before the claim', async () => {
    const own = await startStack({ rollout: { sla: SLA }, runWorkers: false });
    try {
      const [rep, mem] = await loginAll(own, [
        ['sol', 'reporter', { institution: INST }],
        ['anna', 'member'],
      ]);
      const created = (await rep.request('POST', '/api/cases', { title: 'Kan ikke logge ind', institution: INST })).body.case as Case;
      const caseId = created.id;
      await pastDeadline(created.sla.claim); // no worker runs the timers here
      expect((await mem.request('POST', `/api/cases/${caseId}/claim`)).status).toBe(200);
      const types = ((await mem.request('GET', `/api/cases/${caseId}`)).body.events as { type: string }[]).map((e) => e.type);
      expect(types).toEqual(['case.created', 'case.sla_warning', 'case.sla_breached', 'case.claimed']);
    } finally {
      await own.close();
    }
  });
});
