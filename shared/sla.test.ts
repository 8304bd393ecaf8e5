import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import type { Command } from './commands.ts';
import { decide } from './decide.ts';
import { evolveAll } from './evolve.ts';
import { dueSla, nextSlaDue, timeLeftMs } from './sla.ts';
import { ACTORS, COLLEAGUE, created, draft } from './test-fixtures.ts';

const T0 = Date.parse('2026-11-30T08:00:00.000Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();
const TARGETS = { claimMs: 10 * MIN, resolveMs: 60 * MIN };

const fresh = () => evolveAll(null, [created({ sla: TARGETS }, at(0))])!;

function apply(state: Case, command: Command, who: keyof typeof ACTORS, minute: number): Case {
  const decision = decide(state, command, ACTORS[who], at(minute));
  if (!decision.ok) throw new Error(decision.error.message);
  return evolveAll(state, decision.events)!;
}

const types = (state: Case, command: Command, who: keyof typeof ACTORS, minute: number) => {
  const decision = decide(state, command, ACTORS[who], at(minute));
  return decision.ok ? decision.events.map((e) => e.type) : decision.error.code;
};

describe('SLA clocks', () => {
  it('an unclaimed case warns at 80 % and breaches at 100 % of its claim target', () => {
    const c = fresh();
    expect(nextSlaDue(c.sla)).toBe(T0 + 8 * MIN);
    expect(dueSla(c.sla, T0 + 8 * MIN - 1)).toEqual([]);
    expect(dueSla(c.sla, T0 + 8 * MIN)).toEqual([{ clock: 'claim', level: 'warning' }]);
    const warned = apply(c, { type: 'check_sla' }, 'system', 8);
    expect(warned.sla.claim.warned).toBe(true);
    expect(nextSlaDue(warned.sla)).toBe(T0 + 10 * MIN);
    expect(types(warned, { type: 'check_sla' }, 'system', 9)).toEqual([]);
    expect(types(warned, { type: 'check_sla' }, 'system', 10)).toEqual(['case.sla_breached']);
  });

  it('a check long after both thresholds raises the warning, then the breach, once each', () => {
    const late = apply(fresh(), { type: 'check_sla' }, 'system', 30);
    expect(late.sla.claim).toMatchObject({ warned: true, breached: true });
    expect(late.sla.resolve).toMatchObject({ warned: false, breached: false });
    expect(types(late, { type: 'check_sla' }, 'system', 31)).toEqual([]);
  });

  it('a claim after the deadline records the missed breach before the claim', () => {
    expect(types(fresh(), { type: 'claim' }, 'member', 12)).toEqual(['case.sla_warning', 'case.sla_breached', 'case.claimed']);
  });

  it('claiming in time stops the claim clock for good: no warning follows', () => {
    const claimed = apply(fresh(), { type: 'claim' }, 'member', 5);
    expect(claimed.sla.claim).toMatchObject({ runningSince: null, usedMs: 5 * MIN });
    expect(nextSlaDue(claimed.sla)).toBe(T0 + 48 * MIN); // the resolve clock's 80 %
    expect(types(claimed, { type: 'check_sla' }, 'system', 20)).toEqual([]);
  });

  it('the resolve clock pauses while the case waits on the reporter and on the vendor', () => {
    let c = apply(fresh(), { type: 'claim' }, 'member', 0);
    c = apply(c, { type: 'wait', reason: 'Hvilken stue?' }, 'member', 10);
    expect(nextSlaDue(c.sla)).toBeNull();
    expect(types(c, { type: 'check_sla' }, 'system', 500)).toEqual([]);
    c = apply(c, { type: 'resume' }, 'member', 100);
    // 10 minutes used before the pause; the warning at 48 minutes is 38 minutes after the resume.
    expect(nextSlaDue(c.sla)).toBe(T0 + 138 * MIN);
    c = apply(c, { type: 'escalate', note: 'Meldt til Netcompany' }, 'member', 110);
    expect(c.sla.resolve).toMatchObject({ usedMs: 20 * MIN, runningSince: null });
    expect(types(c, { type: 'check_sla' }, 'system', 10_000)).toEqual([]);
    expect(timeLeftMs(c.sla.resolve, T0 + 10_000 * MIN)).toBe(40 * MIN);
  });

  it('a priority change takes the new targets; the time used stays used', () => {
    const urgent = { claimMs: 5 * MIN, resolveMs: 30 * MIN };
    const c = apply(fresh(), { type: 'prioritize', priority: 'urgent', sla: urgent }, 'member', 3);
    expect(c.sla.claim).toMatchObject({ targetMs: 5 * MIN });
    expect(nextSlaDue(c.sla)).toBe(T0 + 4 * MIN);
  });

  it('a raise that would count the case as breached at once starts the new targets from the raise', () => {
    const urgent = { claimMs: 5 * MIN, resolveMs: 30 * MIN };
    // 8 minutes in: under the old 10-minute target it is not late; the new 5-minute claim target starts now.
    const c = apply(fresh(), { type: 'prioritize', priority: 'urgent', sla: urgent }, 'member', 8);
    expect(c.sla.claim).toEqual({ targetMs: 5 * MIN, usedMs: 0, runningSince: at(8), warned: false, breached: false });
    // The resolve clock has used 8 of 30 minutes: it keeps counting from creation.
    expect(c.sla.resolve).toMatchObject({ targetMs: 30 * MIN, usedMs: 0, runningSince: at(0) });
    expect(types(c, { type: 'check_sla' }, 'system', 8)).toEqual([]);
    expect(nextSlaDue(c.sla)).toBe(T0 + 12 * MIN);
    expect(types(c, { type: 'check_sla' }, 'system', 13)).toEqual(['case.sla_warning', 'case.sla_breached']);
  });

  it('lowering a priority and raising it back gives no fresh time: the clock counts from creation', () => {
    const normal = { claimMs: 10 * MIN, resolveMs: 60 * MIN };
    const low = { claimMs: 40 * MIN, resolveMs: 240 * MIN };
    let c = apply(fresh(), { type: 'prioritize', priority: 'low', sla: low }, 'member', 8);
    expect(c.sla.claim).toMatchObject({ targetMs: 40 * MIN, tightestMs: 10 * MIN, usedMs: 0, runningSince: at(0) });
    c = apply(c, { type: 'prioritize', priority: 'normal', sla: normal }, 'member', 12);
    expect(c.sla.claim).toMatchObject({ targetMs: 10 * MIN, usedMs: 0, runningSince: at(0), breached: false });
    expect(c.sla.claim.tightestMs).toBeUndefined();
    expect(types(c, { type: 'check_sla' }, 'system', 12)).toContain('case.sla_breached');
  });

  it('a case already breached under its old target stays breached after a raise', () => {
    const late = apply(fresh(), { type: 'check_sla' }, 'system', 12);
    const c = apply(late, { type: 'prioritize', priority: 'urgent', sla: { claimMs: 5 * MIN, resolveMs: 30 * MIN } }, 'member', 13);
    expect(c.sla.claim).toMatchObject({ targetMs: 5 * MIN, breached: true, runningSince: at(0) });
  });

  it('reopening starts fresh clocks with the same targets', () => {
    const resolved = evolveAll(fresh(), [
      draft('case.claimed', COLLEAGUE, {}, at(1)),
      draft('case.sla_warning', ACTORS.system, { clock: 'resolve' }, at(50)),
      draft('case.resolved', COLLEAGUE, { resolution: 'Løst' }, at(55)),
    ])!;
    const reopened = apply(resolved, { type: 'reopen' }, 'reporter', 200);
    expect(reopened.sla.claim).toEqual({ targetMs: 10 * MIN, usedMs: 0, runningSince: at(200), warned: false, breached: false });
    expect(reopened.sla.resolve).toEqual({ targetMs: 60 * MIN, usedMs: 0, runningSince: at(200), warned: false, breached: false });
  });

  it('a case without targets never falls due', () => {
    const c = evolveAll(null, [created({}, at(0))])!;
    expect(nextSlaDue(c.sla)).toBeNull();
    expect(dueSla(c.sla, T0 + 1e9)).toEqual([]);
    expect(timeLeftMs(c.sla.claim, T0)).toBeNull();
  });
});
