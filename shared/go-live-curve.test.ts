// The go-live curve over a known history, read from the event log through the statistics model
// as the server and the dashboard read it. Winter time: Copenhagen is UTC+1, so 23:00 UTC is
// already the next Danish day. Every expected figure was worked out by hand from the comments.
import { describe, expect, it } from 'vitest';
import type { ActorRef, Case } from './case.ts';
import type { CaseEvent, EventDraft } from './events.ts';
import { evolve } from './evolve.ts';
import { danishDay, daysBetween, goLiveCurve, liveOn, type GoLiveCentre } from './go-live-curve.ts';
import { StatsModel } from './stats.ts';

const reporter: ActorRef = { id: 'u-sol', username: 'sol', name: 'Sofie Solsikke' };
const anna: ActorRef = { id: 'u-anna', username: 'anna', name: 'Anna Andersen' };

type Step = [at: string, caseId: string, institution: string, type?: 'case.claimed'];
// In time order, as the log holds them.
const STEPS: Step[] = [
  ['2026-11-29T22:59:00Z', 'a1', 'bh-a'], // 23:59 on 29 Nov in Copenhagen: the day before bh-a's go-live
  ['2026-11-29T23:00:00Z', 'a2', 'bh-a'], // 00:00 on 30 Nov in Copenhagen (still 29 Nov in UTC): day 0
  ['2026-11-30T09:00:00Z', 'r1', 'bh-retired'], // day 0 of a centre since retired
  ['2026-11-30T12:00:00Z', 'a3', 'bh-a'], // day 0
  ['2026-11-30T12:05:00Z', 'a3', 'bh-a', 'case.claimed'], // not an arrival
  ['2026-11-30T23:30:00Z', 'a4', 'bh-a'], // 00:30 on 1 Dec: day 1
  ['2026-12-01T10:00:00Z', 'n1', 'bh-nodate'], // a centre with no go-live day
  ['2026-12-01T11:00:00Z', 'g1', 'bh-gone'], // a centre the settings no longer name
  ['2026-12-01T22:30:00Z', 'b1', 'bh-b'], // 23:30 on 1 Dec: the evening before bh-b's go-live
  ['2026-12-02T00:10:00Z', 'b2', 'bh-b'], // 01:10 on 2 Dec: day 0
  ['2026-12-02T10:00:00Z', 'a5', 'bh-a'], // day 2
  ['2026-12-03T08:00:00Z', 'c1', 'bh-c'], // bh-c goes live tomorrow
  ['2026-12-03T22:59:00Z', 'b3', 'bh-b'], // 23:59 on 3 Dec, today: day 1
];

function buildLog(steps: Step[]): CaseEvent[] {
  const cases = new Map<string, Case>();
  return steps.map(([at, caseId, institution, type], seq) => {
    const draft = (
      type
        ? { type, caseId, at, actor: anna, data: {} }
        : { type: 'case.created', caseId, at, actor: reporter, data: { title: `Sag ${caseId}`, description: '', institution, category: null, priority: 'normal' } }
    ) as EventDraft;
    const after = evolve(cases.get(caseId) ?? null, draft);
    cases.set(caseId, after);
    return { ...draft, id: `${Date.parse(at)}-${seq}`, case: after } as CaseEvent;
  });
}

const CENTRES: GoLiveCentre[] = [
  { id: 'bh-b', goLive: '2026-12-02' },
  { id: 'bh-a', goLive: '2026-11-30' },
  { id: 'bh-c', goLive: '2026-12-04' },
  { id: 'bh-retired', goLive: '2026-11-30', retired: true },
  { id: 'bh-old', retired: true }, // retired before any case: not waited for
  { id: 'bh-empty', goLive: '2026-12-01' },
  { id: 'bh-nodate' },
  { id: 'bh-nodate-empty' },
];
const TODAY = '2026-12-03';

describe('the go-live curve', () => {
  const log = buildLog(STEPS);
  const model = StatsModel.fromEvents(log);

  it('counts arrivals per centre per Danish day, from the case.created events only', () => {
    expect(model.state.arrivalDays).toEqual({
      'bh-a': { '2026-11-29': 1, '2026-11-30': 2, '2026-12-01': 1, '2026-12-02': 1 },
      'bh-retired': { '2026-11-30': 1 },
      'bh-nodate': { '2026-12-01': 1 },
      'bh-gone': { '2026-12-01': 1 },
      'bh-b': { '2026-12-01': 1, '2026-12-02': 1, '2026-12-03': 1 },
      'bh-c': { '2026-12-03': 1 },
    });
  });

  it('gives each centre its arrivals by day since its own go-live, and the centres with no case yet', () => {
    expect(goLiveCurve(model.state.arrivalDays, CENTRES, TODAY)).toEqual({
      today: TODAY,
      days: 30,
      centres: [
        // Live since 30 Nov, today is day 3: a2 and a3 on day 0, a4 on day 1, a5 on day 2; a1 the evening before.
        { institution: 'bh-a', goLive: '2026-11-30', day: 3, before: 1, counts: [2, 1, 1, 0], after: 0, total: 5 },
        { institution: 'bh-retired', goLive: '2026-11-30', day: 3, before: 0, counts: [1, 0, 0, 0], after: 0, total: 1, retired: true },
        { institution: 'bh-empty', goLive: '2026-12-01', day: 2, before: 0, counts: [0, 0, 0], after: 0, total: 0 },
        // b1 at 23:30 the evening before, b2 an hour into day 0, b3 a minute before today ends.
        { institution: 'bh-b', goLive: '2026-12-02', day: 1, before: 1, counts: [1, 1], after: 0, total: 3 },
        { institution: 'bh-c', goLive: '2026-12-04', day: -1, before: 1, counts: [], after: 0, total: 1 },
      ],
      // bh-old is retired, bh-gone is not in the settings, the rest have had a case.
      noCase: [
        { institution: 'bh-empty', goLive: '2026-12-01' },
        { institution: 'bh-nodate-empty', goLive: null },
      ],
    });
  });

  it('reads the go-live day from the settings as they are now: a moved date applies at once', () => {
    const moved = CENTRES.map((c) => (c.id === 'bh-b' ? { ...c, goLive: '2026-12-01' } : c));
    const b = goLiveCurve(model.state.arrivalDays, moved, TODAY).centres.find((c) => c.institution === 'bh-b');
    expect(b).toEqual({ institution: 'bh-b', goLive: '2026-12-01', day: 2, before: 0, counts: [1, 1, 1], after: 0, total: 3 });
  });

  it('sums the arrivals past the last day of the curve', () => {
    const a = goLiveCurve(model.state.arrivalDays, CENTRES, TODAY, 2).centres[0];
    expect(a).toEqual({ institution: 'bh-a', goLive: '2026-11-30', day: 3, before: 1, counts: [2, 1], after: 1, total: 5 });
  });

  it('goes on one event at a time as the server and the dashboard do, and drops a repeat', () => {
    const live = StatsModel.fromEvents(log.slice(0, 5));
    for (const e of log) live.apply(e);
    expect(live.state.arrivalDays).toEqual(model.state.arrivalDays);
    expect(JSON.parse(JSON.stringify(live.snapshot())).arrivalDays).toEqual(model.state.arrivalDays);
  });

  it('names the centres that go live on a day', () => {
    expect([...liveOn(CENTRES, '2026-11-30')].sort()).toEqual(['bh-a', 'bh-retired']);
    expect([...liveOn(CENTRES, '2026-12-05')]).toEqual([]);
  });
});

describe('Danish days', () => {
  it('turn at Copenhagen midnight, in winter and in summer time', () => {
    expect(danishDay(Date.parse('2026-11-29T22:59:59.999Z'))).toBe('2026-11-29');
    expect(danishDay(Date.parse('2026-11-29T23:00:00Z'))).toBe('2026-11-30');
    expect(danishDay(Date.parse('2026-06-16T21:59:59.999Z'))).toBe('2026-06-16');
    expect(danishDay(Date.parse('2026-06-16T22:00:00Z'))).toBe('2026-06-17');
    // Asked out of order, the day remembered from the last ask must not answer for another.
    expect(danishDay(Date.parse('2026-06-16T22:30:00Z'))).toBe('2026-06-17');
    expect(danishDay(Date.parse('2026-06-16T21:30:00Z'))).toBe('2026-06-16');
    expect(danishDay(Date.parse('2026-06-17T21:59:00Z'))).toBe('2026-06-17');
    expect(danishDay(Date.parse('2026-06-17T22:00:00Z'))).toBe('2026-06-18');
  });

  it('are counted as calendar days, summer time or not', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // across the 23-hour day
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2); // across the 25-hour day
    expect(daysBetween('2026-12-04', '2026-12-03')).toBe(-1);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });
});
