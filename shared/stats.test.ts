// The statistics replayed over a fixed history of 18 cases built through evolve(). Every
// expected figure below was worked out by hand from the timeline in the comments, not by this
// code; the working is written beside each figure.
import { describe, expect, it } from 'vitest';
import type { ActorRef, Case, Priority } from './case.ts';
import type { CaseEvent, EventDraft } from './events.ts';
import { evolve } from './evolve.ts';
import type { Shift } from './roster.ts';
import type { SlaTargets } from './sla.ts';
import { StatsModel, citesLibraryAnswer, percentile } from './stats.ts';
import { bucketStarts, parseInstant, readRange, rolloutRange } from './time-range.ts';

const MIN = 60_000;
const T = (hhmm: string) => `2026-11-30T${hhmm}:00.000Z`;
const person = (username: string, name: string): ActorRef => ({ id: `u-${username}`, username, name });
const anna = person('anna', 'Anna Andersen');
const bo = person('bo', 'Bo Berg');
const lene = person('lene', 'Lene Leder');
const sol = person('sol', 'Sofie Solsikke');
const regn = person('regn', 'Rasmus Regnbue');
const hum = person('hum', 'Hanne Humlebi');
const system = person('system', 'System');
const REPORTER: Record<string, ActorRef> = { 'bh-solsikken': sol, 'bh-regnbuen': regn, 'vs-humlebien': hum };
const SLA: Record<Priority, SlaTargets> = {
  urgent: { claimMs: 10 * MIN, resolveMs: 60 * MIN },
  high: { claimMs: 30 * MIN, resolveMs: 120 * MIN },
  normal: { claimMs: 60 * MIN, resolveMs: 240 * MIN },
  low: { claimMs: null, resolveMs: null },
};

type Step = [time: string, caseId: string, type: EventDraft['type'], actor: ActorRef, data?: object];
const create = (time: string, id: string, institution: string, category: string | null, priority: Priority): Step => [
  time,
  id,
  'case.created',
  REPORTER[institution],
  { title: `Sag ${id}`, description: '', institution, category, priority, sla: SLA[priority] },
];
const breach = (time: string, id: string, clock: 'claim' | 'resolve'): Step[] => [[time, id, 'case.sla_breached', system, { clock }]];
const warn = (time: string, id: string, clock: 'claim' | 'resolve'): Step => [time, id, 'case.sla_warning', system, { clock }];
const resolution = { resolution: 'Løst' };

// All times are UTC on 30 November 2026. The range queried is 08:00–12:00, hourly.
const STEPS: Step[] = [
  // C0 (before the range): claimed before it, resolved inside it (45 min).
  create('07:30', '0', 'bh-solsikken', 'login', 'normal'),
  ['07:50', '0', 'case.claimed', anna],
  ['08:15', '0', 'case.resolved', anna, resolution],
  // C1 urgent: claim 5 min, resolve 40 min.
  create('08:00', '1', 'bh-solsikken', 'login', 'urgent'),
  ['08:01', '1', 'case.enriched', system, { category: 'app', tags: ['mitid'] }], // a category already set stays
  ['08:05', '1', 'case.claimed', anna],
  ['08:40', '1', 'case.resolved', anna, resolution],
  // C2 normal: claim 20, waits 08:40–09:10, resolved 09:20 with a library answer (70 wall, 40 on the clock).
  create('08:10', '2', 'bh-solsikken', 'login', 'normal'),
  ['08:30', '2', 'case.claimed', anna],
  ['08:40', '2', 'case.waiting', anna, { reason: 'Hvilken stue?', noteId: 1 }],
  ['09:10', '2', 'case.resumed', sol, { from: 'waiting' }],
  ['09:20', '2', 'case.resolved', anna, { resolution: 'Se videoen', answer: { id: 'a-mitid', title: 'MitID i appen', url: 'https://example.org/v/1' } }],
  // C3 high: claim 5, escalated 08:50 and still with the vendor.
  create('08:20', '3', 'bh-regnbuen', 'app', 'high'),
  ['08:25', '3', 'case.claimed', bo],
  ['08:50', '3', 'case.escalated', bo, { vendorRef: 'NC-1', note: 'Fejl i appen', noteId: 1 }],
  // C4 low, no category even after intake; never claimed.
  create('08:45', '4', 'vs-humlebien', null, 'low'),
  ['08:46', '4', 'case.enriched', system, { category: null, tags: [] }],
  // C5 normal: claimed 09:05 (5), released, claimed again by bo (no new sample), resolved 10:00 (60).
  create('09:00', '5', 'bh-regnbuen', 'samtykker', 'normal'),
  ['09:05', '5', 'case.claimed', anna],
  ['09:15', '5', 'case.released', anna],
  ['09:30', '5', 'case.claimed', bo],
  ['10:00', '5', 'case.resolved', bo, resolution],
  // C6 urgent: claim clock warned 09:18, breached 09:20, claimed 09:25 (15); the lead resolves anna's case 09:50 (40).
  create('09:10', '6', 'bh-solsikken', 'login', 'urgent'),
  warn('09:18', '6', 'claim'),
  ...breach('09:20', '6', 'claim'),
  ['09:25', '6', 'case.claimed', anna],
  ['09:50', '6', 'case.resolved', lene, resolution],
  // C7 high: run 1 claim 5, resolved 09:40 (25) with a library answer; reopened 10:10, run 2 claim 10, resolved 10:50 (40).
  create('09:15', '7', 'vs-humlebien', 'app', 'high'),
  ['09:20', '7', 'case.claimed', bo],
  ['09:40', '7', 'case.resolved', bo, { resolution: 'Se svaret', answerId: 'a-app' }],
  ['10:10', '7', 'case.reopened', hum, { reason: 'Virker stadig ikke' }],
  ['10:20', '7', 'case.claimed', anna],
  ['10:50', '7', 'case.resolved', anna, resolution],
  // C8 normal, the lead's: claim 5, escalated 09:45, back 10:30, resolved 11:00 (90 wall, 45 on the clock).
  create('09:30', '8', 'bh-solsikken', 'samtykker', 'normal'),
  ['09:35', '8', 'case.claimed', lene],
  ['09:45', '8', 'case.escalated', lene, { vendorRef: null, note: 'Meldt til Netcompany', noteId: 1 }],
  ['10:30', '8', 'case.resumed', lene, { from: 'escalated' }],
  ['11:00', '8', 'case.resolved', lene, resolution],
  // C9 urgent: claim breached 10:10, claimed 10:12 (12); resolve breached 11:00, resolved 11:05 (65).
  create('10:00', '9', 'bh-regnbuen', 'login', 'urgent'),
  warn('10:08', '9', 'claim'),
  ...breach('10:10', '9', 'claim'),
  ['10:12', '9', 'case.claimed', bo],
  warn('10:48', '9', 'resolve'),
  ...breach('11:00', '9', 'resolve'),
  ['11:05', '9', 'case.resolved', bo, resolution],
  // C10 normal: resolved straight from new at 10:35 (claimed and resolved at once: 30 and 30).
  create('10:05', '10', 'vs-humlebien', 'login', 'normal'),
  ['10:35', '10', 'case.claimed', anna],
  ['10:35', '10', 'case.resolved', anna, resolution],
  // C11 high: claim 10, waiting since 10:50.
  create('10:30', '11', 'bh-solsikken', 'app', 'high'),
  ['10:40', '11', 'case.claimed', anna],
  ['10:50', '11', 'case.waiting', anna, { reason: 'Skærmbillede?', noteId: 1 }],
  // C12 low, categorised by the intake; claimed 11:30 (45), no SLA target.
  create('10:45', '12', 'bh-regnbuen', null, 'low'),
  ['10:46', '12', 'case.enriched', system, { category: 'samtykker', tags: [] }],
  ['11:30', '12', 'case.claimed', bo],
  // C13 normal, raised to urgent at 11:12 (10 min to claim): warned 11:18, breached 11:20, still new.
  create('11:10', '13', 'bh-solsikken', 'login', 'normal'),
  ['11:12', '13', 'case.priority_changed', lene, { priority: 'urgent', from: 'normal', sla: SLA.urgent }],
  warn('11:18', '13', 'claim'),
  ...breach('11:20', '13', 'claim'),
  warn('11:58', '13', 'resolve'),
  // C14 normal: the lead assigns it to anna at 11:45 (5).
  create('11:40', '14', 'vs-humlebien', 'app', 'normal'),
  ['11:45', '14', 'case.assigned', lene, { assignee: anna }],
  // C15 high: claim 11:55 (5); resolved after the range, with a library answer that must not count.
  create('11:50', '15', 'bh-regnbuen', 'login', 'high'),
  ['11:55', '15', 'case.claimed', bo],
  ['12:10', '15', 'case.resolved', bo, { resolution: 'Video', answer: { id: 'a-1', title: 'x', url: 'https://example.org/v/2' } }],
  // C16 urgent, after the range; anna's open claim now.
  create('12:30', '16', 'vs-humlebien', 'login', 'urgent'),
  ['12:35', '16', 'case.claimed', anna],
  ['12:40', '16', 'case.escalated', anna, { vendorRef: 'NC-2', note: 'Login-fejl', noteId: 1 }],
];

/** The log as the store writes it: in time order, each event with its id and the case after it. */
function buildLog(steps: Step[]): CaseEvent[] {
  const cases = new Map<string, Case>();
  const ordered = steps.map((s, i) => ({ s, i })).sort((a, b) => Date.parse(T(a.s[0])) - Date.parse(T(b.s[0])) || a.i - b.i);
  return ordered.map(({ s: [time, caseId, type, actor, data] }, seq) => {
    const draft = { type, caseId, at: T(time), actor, data: data ?? {} } as EventDraft;
    const after = evolve(cases.get(caseId) ?? null, draft);
    cases.set(caseId, after);
    return { ...draft, id: `${Date.parse(draft.at)}-${seq}`, case: after } as CaseEvent;
  });
}

const LOG = buildLog(STEPS);
const RANGE = { from: Date.parse(T('08:00')), to: Date.parse(T('12:00')) };
const SHIFTS: Shift[] = [
  { username: 'karin', start: T('06:00'), end: T('08:00') }, // ends as the range starts: not counted
  { username: 'anna', start: T('07:00'), end: T('11:00') },
  { username: 'bo', start: T('08:30'), end: T('12:30') },
  { username: 'lene', start: T('10:00'), end: T('10:30') },
  { username: 'lene', start: T('11:15'), end: T('11:45') },
];
const query = (model: StatsModel) => model.query({ range: RANGE, bucket: 'hour', shifts: SHIFTS });

describe('statistics over a hand-computed history', () => {
  const stats = query(StatsModel.fromEvents(LOG));

  it('has four hourly buckets, 08–12 UTC', () => {
    expect(stats.buckets).toEqual([
      { start: T('08:00'), end: T('09:00') },
      { start: T('09:00'), end: T('10:00') },
      { start: T('10:00'), end: T('11:00') },
      { start: T('11:00'), end: T('12:00') },
    ]);
    expect(stats.lastEventId).toBe(LOG[LOG.length - 1].id);
  });

  it('counts arrivals per bucket, by category as it is now and by institution', () => {
    // 08: C1 C2 C3 C4 · 09: C5 C6 C7 C8 · 10: C9 C10 C11 C12 · 11: C13 C14 C15 (C0 and C16 are outside)
    expect(stats.arrivals.count).toBe(15);
    expect(stats.arrivals.total).toEqual([4, 4, 4, 3]);
    expect(stats.arrivals.byCategory).toEqual([
      { category: 'login', count: 7, counts: [2, 1, 2, 2] }, // C1 C2 | C6 | C9 C10 | C13 C15
      { category: 'app', count: 4, counts: [1, 1, 1, 1] }, // C3 | C7 | C11 | C14
      { category: 'samtykker', count: 3, counts: [0, 2, 1, 0] }, // C5 C8 | C12 (categorised by the intake)
      { category: null, count: 1, counts: [1, 0, 0, 0] }, // C4
    ]);
    expect(stats.arrivals.byInstitution).toEqual([
      { institution: 'bh-solsikken', count: 6, counts: [2, 2, 1, 1] }, // C1 C2 | C6 C8 | C11 | C13
      { institution: 'bh-regnbuen', count: 5, counts: [1, 1, 2, 1] }, // C3 | C5 | C9 C12 | C15
      { institution: 'vs-humlebien', count: 4, counts: [1, 1, 1, 1] }, // C4 | C7 | C10 | C14
    ]);
  });

  it('gives the cumulative flow at the end of each bucket', () => {
    // 09:00 new C4; waiting C2; escalated C3; resolved C0 C1
    // 10:00 new C4; claimed C5; escalated C3 C8; resolved C0 C1 C2 C6 C7
    // 11:00 new C4 C12; claimed C8 C9; waiting C11; escalated C3; resolved C0 C1 C2 C5 C6 C7 C10
    // 12:00 new C4 C13; claimed C12 C14 C15; waiting C11; escalated C3; resolved C0 C1 C2 C5–C10
    expect(stats.backlog).toEqual({
      new: [1, 1, 2, 2],
      claimed: [0, 1, 2, 3],
      waiting: [1, 0, 1, 1],
      escalated: [1, 2, 1, 1],
      resolved: [2, 5, 7, 9],
    });
  });

  it('gives booked capacity from the roster', () => {
    // 08: anna 60 + bo 30 min · 09: anna, bo 60 each · 10: anna, bo 60, lene 30 · 11: bo 60, lene 30
    expect(stats.capacity).toEqual({ people: [2, 2, 3, 2], hours: [1.5, 2, 2.5, 1.5] });
  });

  it('gives time to claim, overall and per priority (nearest-rank p50 and p90)', () => {
    // 14 claims in range: 5 ×7 (C1 C3 C5 C7 C8 C14 C15), 10 (C7 again), 10 (C11), 12 (C9), 15 (C6), 20 (C2), 30 (C10), 45 (C12)
    expect(stats.timeToClaim.all).toEqual({ count: 14, p50Ms: 5 * MIN, p90Ms: 30 * MIN });
    expect(stats.timeToClaim.byPriority).toEqual({
      urgent: { count: 3, p50Ms: 12 * MIN, p90Ms: 15 * MIN }, // 5 12 15
      high: { count: 5, p50Ms: 5 * MIN, p90Ms: 10 * MIN }, // 5 5 5 10 10
      normal: { count: 5, p50Ms: 5 * MIN, p90Ms: 30 * MIN }, // 5 5 5 20 30
      low: { count: 1, p50Ms: 45 * MIN, p90Ms: 45 * MIN },
    });
  });

  it('gives time to resolve, wall clock from the start of the run', () => {
    // 10 resolutions in range: 25 (C7), 30 (C10), 40 (C1 C6 C7 again), 45 (C0), 60 (C5), 65 (C9), 70 (C2), 90 (C8)
    expect(stats.timeToResolve.all).toEqual({ count: 10, p50Ms: 40 * MIN, p90Ms: 70 * MIN });
    expect(stats.timeToResolve.byPriority).toEqual({
      urgent: { count: 3, p50Ms: 40 * MIN, p90Ms: 65 * MIN }, // 40 40 65
      high: { count: 2, p50Ms: 25 * MIN, p90Ms: 40 * MIN }, // 25 40
      normal: { count: 5, p50Ms: 60 * MIN, p90Ms: 90 * MIN }, // 30 45 60 70 90
      low: { count: 0, p50Ms: null, p90Ms: null },
    });
  });

  it('gives SLA compliance per clock', () => {
    // claim: met C1 C2 C3 C5 C7 C7 C8 C10 C11 C14 C15; breached C6 C9 C13 (C0 was decided before the range, C12 has no target)
    expect(stats.sla.claim).toEqual({ met: 11, breached: 3, compliance: 11 / 14 });
    // resolve: met C0 C1 C2 C5 C6 C7 C7 C8 C10; breached C9; C3 and C11 are paused, undecided
    expect(stats.sla.resolve).toEqual({ met: 9, breached: 1, compliance: 0.9 });
  });

  it('counts escalations and library answers', () => {
    // C3 08:50 and C8 09:45 (C16's is after the range); both arrived in the range, of 15
    expect(stats.escalations).toEqual({ events: 2, cases: 2, rate: 2 / 15 });
    // C2 (answer) and C7 (answerId) of the 10; C15's is after the range
    expect(stats.answers).toEqual({ resolutions: 10, withLibraryAnswer: 2, share: 0.2 });
  });

  it("gives each member's open claims now and resolutions in range", () => {
    // open now: anna C11 (waiting) C14 (assigned) C16 (escalated); bo C3 (escalated) C12
    // resolved: anna C0 C1 C2 C6 (resolved by the lead, credited to anna) C7 C10; bo C5 C7 C9; lene C8
    expect(stats.members).toEqual([
      { username: 'anna', name: 'Anna Andersen', openClaims: 3, resolved: 6 },
      { username: 'bo', name: 'Bo Berg', openClaims: 2, resolved: 3 },
      { username: 'lene', name: 'Lene Leder', openClaims: 0, resolved: 1 },
    ]);
  });
});

describe('applying events', () => {
  const whole = query(StatsModel.fromEvents(LOG));

  it('one at a time, with a query after each, ends where the whole list does', () => {
    const model = new StatsModel();
    for (const e of LOG) {
      expect(model.apply(e)).toBe(true);
      query(model);
    }
    expect(query(model)).toEqual(whole);
  });

  it('ignores an event applied twice, and an older one', () => {
    const model = new StatsModel();
    for (const e of LOG) {
      model.apply(e);
      expect(model.apply(e)).toBe(false);
    }
    expect(model.apply(LOG[3])).toBe(false);
    expect(query(model)).toEqual(whole);
  });

  it('goes on from a JSON snapshot, as a browser does', () => {
    const half = StatsModel.fromEvents(LOG.slice(0, 30));
    const browser = new StatsModel(JSON.parse(JSON.stringify(half.snapshot())));
    for (const e of LOG) browser.apply(e); // the first 30 are repeats
    expect(query(browser)).toEqual(whole);
  });

  it('gives zeros and nulls for an empty log', () => {
    const stats = query(new StatsModel());
    expect(stats.arrivals.total).toEqual([0, 0, 0, 0]);
    expect(stats.timeToClaim.all).toEqual({ count: 0, p50Ms: null, p90Ms: null });
    expect(stats.sla.claim.compliance).toBeNull();
    expect(stats.escalations.rate).toBeNull();
    expect(stats.members).toEqual([]);
    expect(stats.lastEventId).toBe('0-0');
  });

  it('keeps one case from going back in time when two nodes disagree on the clock', () => {
    // C1 claimed at 08:05 by one node, resolved at "08:03" by another whose clock is behind.
    const skewed = LOG.map((e) => (e.caseId === '1' && e.type === 'case.resolved' ? { ...e, at: T('08:03') } : e));
    const model = StatsModel.fromEvents(skewed);
    const c1Moves = model.state.moves.filter((m) => m.at >= Date.parse(T('08:00')) && m.at <= Date.parse(T('08:05')) && m.from !== 'new' && m.to !== 'new');
    expect(c1Moves).toEqual([{ at: Date.parse(T('08:05')), from: 'claimed', to: 'resolved' }]);
    expect(model.state.resolutions.filter((r) => r.priority === 'urgent').map((r) => r.ms)).toEqual([5 * MIN, 40 * MIN, 65 * MIN]);
  });
});

describe('day buckets and ranges', () => {
  it('cuts Danish days, clipped to the range', () => {
    // Danish midnight of 1 December is 23:00 UTC on 30 November.
    const stats = StatsModel.fromEvents(LOG).query({ range: { from: Date.parse(T('10:00')), to: Date.parse('2026-12-01T12:00:00Z') }, bucket: 'day', shifts: [] });
    expect(stats.buckets).toEqual([
      { start: T('10:00'), end: T('23:00') },
      { start: T('23:00'), end: '2026-12-01T12:00:00.000Z' },
    ]);
    expect(stats.arrivals.total).toEqual([8, 0]); // C9 … C16; C0–C8 arrived before 10:00
  });

  it('has a 23-hour day when summer time begins', () => {
    const range = { from: Date.parse('2026-03-28T23:00:00Z'), to: Date.parse('2026-03-30T22:00:00Z') };
    expect(bucketStarts(range, 'day').map((t) => new Date(t).toISOString())).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
  });

  it('reads dates as Danish days and a space for an unencoded +', () => {
    expect(parseInstant('2026-11-30')).toBe(Date.parse('2026-11-29T23:00:00Z'));
    expect(parseInstant('2026-11-30T09:00:00 01:00')).toBe(Date.parse('2026-11-30T08:00:00Z'));
    expect(parseInstant('2026-11-30T08:00:00Z')).toBe(Date.parse('2026-11-30T08:00:00Z'));
    expect(parseInstant('2026-11-30T08:00:00.5Z')).toBe(Date.parse('2026-11-30T08:00:00.500Z'));
    expect(parseInstant('2026-11-30T09:00:00.123+01:00')).toBe(Date.parse('2026-11-30T08:00:00.123Z'));
    expect(parseInstant('next tuesday')).toBeNull();
    expect(rolloutRange({ start: '2026-11-30', end: '2026-12-04' })).toEqual({ from: Date.parse('2026-11-29T23:00:00Z'), to: Date.parse('2026-12-04T23:00:00Z') });
  });

  it('refuses a bad range with a message that says what to write', () => {
    const week = rolloutRange({ start: '2026-11-30', end: '2026-12-04' })!;
    expect(readRange({}, week)).toEqual({ ok: true, range: week, bucket: 'hour' });
    expect(readRange({ from: '2026-12-02', to: '2026-12-01' }, week)).toMatchObject({ ok: false, message: expect.stringMatching(/must be before to/) });
    expect(readRange({ bucket: 'week' }, week)).toMatchObject({ ok: false, message: 'bucket=week is not known; use bucket=hour or bucket=day' });
    expect(readRange({ from: 'yesterday' }, week)).toMatchObject({ ok: false, message: expect.stringMatching(/^from=yesterday is not a date/) });
    expect(readRange({ from: '2026-01-01', to: '2026-12-01' }, week)).toMatchObject({ ok: false, message: expect.stringMatching(/more than 2000 hour buckets; choose bucket=day/) });
    expect(readRange({ from: '2026-01-01', to: '2026-12-01', bucket: 'day' }, week).ok).toBe(true);
  });
});

describe('helpers', () => {
  it('takes percentiles by nearest rank', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.9)).toBe(4);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('recognises a library answer in either shape', () => {
    expect(citesLibraryAnswer({ resolution: 'x', answerId: 'a1' })).toBe(true);
    expect(citesLibraryAnswer({ resolution: 'x', answer: { id: 'a1', title: 't', url: 'u' } })).toBe(true);
    expect(citesLibraryAnswer({ resolution: 'x', answer: null })).toBe(false);
    expect(citesLibraryAnswer({ resolution: 'x' })).toBe(false);
  });
});

describe('a corrected category', () => {
  it('moves the case to its new category, in the bucket it arrived in', () => {
    // The team corrects C3 (08:xx, "app") to "samtykker" later in the morning.
    const log = buildLog([...STEPS, ['11:59', '3', 'case.recategorised', anna, { category: 'samtykker', from: 'app' }]]);
    const stats = query(StatsModel.fromEvents(log));
    expect(stats.arrivals.byCategory).toEqual([
      { category: 'login', count: 7, counts: [2, 1, 2, 2] },
      { category: 'samtykker', count: 4, counts: [1, 2, 1, 0] },
      { category: 'app', count: 3, counts: [0, 1, 1, 1] },
      { category: null, count: 1, counts: [1, 0, 0, 0] },
    ]);
  });
});
