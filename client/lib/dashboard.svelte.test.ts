import { describe, expect, test } from 'vitest';
import type { Case } from '../../shared/case.ts';
import { emptyStatsState, StatsModel } from '../../shared/stats.ts';
import type { StatsState } from '../../shared/stats-schemas.ts';
import { parseInstant, rolloutRange, type TimeRange } from '../../shared/time-range.ts';
import { ApiError } from './api.ts';
import { DashboardState } from './dashboard.svelte.ts';
import { bucketFor, dateRange, presetOf, presetRange, RangeChoice, rangeQuery, readRangeQuery } from './range-choice.svelte.ts';
import { makeCase, makeEvent, people } from './testing/fixtures.ts';

const WEEK = { from: Date.parse('2026-11-29T23:00:00Z'), to: Date.parse('2026-12-06T23:00:00Z') };
const at = (hhmm: string, day = '30') => `2026-11-${day}T${hhmm}:00.000Z`;

function created(id: string, time: string, extra: Partial<Case> = {}): Case {
  return makeCase({ id, createdAt: time, updatedAt: time, ...extra });
}

function claimed(c: Case, time: string): Case {
  return { ...c, status: 'claimed', assignee: people.alice, version: c.version + 1, updatedAt: time };
}

/** A dashboard whose fetches wait until the test lets them answer, and whose frames run by hand. */
function setup(state: StatsState = emptyStatsState()) {
  const frames: (() => void)[] = [];
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const dash = new DashboardState({
    fetchModel: async () => {
      await answered;
      return structuredClone(state);
    },
    fetchRollout: async () => WEEK,
    frame: (run) => frames.push(run),
    now: () => Date.parse(at('12:00')),
  });
  const runFrames = () => {
    const due = frames.splice(0);
    for (const run of due) run();
    return due.length;
  };
  return { dash, frames, runFrames, answer };
}

describe('DashboardState', () => {
  test('starts from the server model and the rollout week, hourly', async () => {
    const first = created('1', at('08:00'));
    const model = StatsModel.fromEvents([makeEvent('case.created', first, '100-0')]);
    const { dash, answer } = setup(model.snapshot());
    const loading = dash.load();
    expect(dash.status).toBe('loading');
    answer();
    await loading;
    expect(dash.status).toBe('ready');
    expect(dash.range).toEqual(WEEK);
    expect(dash.bucket).toBe('hour');
    expect(dash.stats?.arrivals.count).toBe(1);
    expect(dash.stats?.buckets).toHaveLength(168);
  });

  test('events that arrive while the model loads are counted once, those it has are dropped', async () => {
    const one = created('1', at('08:00'));
    const two = created('2', at('09:00'));
    const model = StatsModel.fromEvents([makeEvent('case.created', one, '100-0')]);
    const { dash, answer } = setup(model.snapshot());
    const loading = dash.load();
    // The board passes on what the socket brings, including what the snapshot already holds.
    dash.apply(makeEvent('case.created', one, '100-0'));
    dash.apply(makeEvent('case.created', two, '101-0'));
    answer();
    await loading;
    expect(dash.stats?.arrivals.count).toBe(2);
  });

  test('keeps the go-live curve live from the same model, with the go-live days it is given', async () => {
    const { dash, answer, runFrames } = setup();
    answer();
    await dash.load();
    expect(dash.goLive).toBeNull();
    dash.setWaves([{ id: 'bh-a', goLive: '2026-11-30' }, { id: 'bh-b', goLive: '2026-12-01' }], '2026-12-01');
    runFrames();
    expect(dash.goLive?.noCase.map((c) => c.institution)).toEqual(['bh-a', 'bh-b']);
    // 23:30 UTC on 30 Nov is already 1 Dec in Copenhagen: day 1 for bh-a.
    dash.apply(makeEvent('case.created', created('1', at('23:30'), { institution: 'bh-a' }), '300-0'));
    runFrames();
    expect(dash.goLive?.centres[0]).toMatchObject({ institution: 'bh-a', day: 1, counts: [0, 1], total: 1 });
    expect(dash.goLive?.noCase.map((c) => c.institution)).toEqual(['bh-b']);
    // A go-live day moved in the settings applies at once.
    dash.setWaves([{ id: 'bh-a', goLive: '2026-12-01' }, { id: 'bh-b', goLive: '2026-12-01' }], '2026-12-01');
    runFrames();
    expect(dash.goLive?.centres[0]).toMatchObject({ institution: 'bh-a', day: 0, counts: [1], total: 1 });
  });

  test('a burst of events is asked of the model once, at the next frame', async () => {
    const { dash, answer, runFrames } = setup();
    answer();
    await dash.load();
    for (let i = 1; i <= 50; i++) dash.apply(makeEvent('case.created', created(String(i), at('10:00')), `${200 + i}-0`));
    expect(dash.stats?.arrivals.count).toBe(0);
    expect(runFrames()).toBe(1);
    expect(dash.stats?.arrivals.count).toBe(50);
    expect(dash.liveEvents).toBe(50);
    // A repeat changes nothing and asks for no frame.
    dash.apply(makeEvent('case.created', created('1', at('10:00')), '201-0'));
    expect(runFrames()).toBe(0);
  });

  test('a claim moves the flow, the member load and the time to claim', async () => {
    const c = created('1', at('08:00'), { priority: 'high' });
    const { dash, answer, runFrames } = setup(StatsModel.fromEvents([makeEvent('case.created', c, '100-0')]).snapshot());
    answer();
    await dash.load();
    dash.apply(makeEvent('case.claimed', claimed(c, at('08:20')), '101-0'));
    runFrames();
    const stats = dash.stats!;
    expect(stats.timeToClaim.byPriority.high).toEqual({ count: 1, p50Ms: 20 * 60_000, p90Ms: 20 * 60_000 });
    expect(stats.members).toEqual([{ username: 'alice', name: 'Alice Jensen', openClaims: 1, resolved: 0 }]);
    expect(stats.backlog.claimed.at(-1)).toBe(1);
    // 20 minutes falls in the 15–30 minute bin.
    expect(dash.claimHistograms?.high).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  test('the roster gives the booked capacity', async () => {
    const { dash, answer, runFrames } = setup();
    answer();
    await dash.load();
    dash.setShifts([{ username: 'alice', start: at('08:00'), end: at('10:30') }]);
    runFrames();
    const hours = dash.stats!.capacity.hours;
    const eight = dash.stats!.buckets.findIndex((b) => b.start === at('08:00'));
    expect(hours.slice(eight, eight + 3)).toEqual([1, 1, 0.5]);
    expect(hours.reduce((a, b) => a + b, 0)).toBe(2.5);
  });

  test('a new range is asked at the next frame; too many hours fall back to days', async () => {
    const { dash, answer, runFrames } = setup();
    answer();
    await dash.load();
    dash.choosePreset('today');
    runFrames();
    expect(dash.stats?.buckets).toHaveLength(24);
    dash.setBucket('day');
    runFrames();
    expect(dash.stats?.buckets).toHaveLength(1);
    dash.setRange({ from: WEEK.from, to: WEEK.from + 120 * 24 * 3_600_000 }, 'hour');
    expect(dash.bucket).toBe('day');
  });

  // How fast is measured in npm run bench, not asserted here: this checks the figures stay right at that size.
  test('a week of busy data is asked again after a live event', async () => {
    // 3,000 cases over the rollout week, each claimed and most resolved: far past a real week.
    const events = [];
    let id = 1000;
    for (let i = 0; i < 3000; i++) {
      const t = WEEK.from + (i / 3000) * (WEEK.to - WEEK.from - 3 * 3_600_000);
      const c = created(String(i + 1), new Date(t).toISOString(), { priority: (['low', 'normal', 'high', 'urgent'] as const)[i % 4], institution: `bh-${i % 35}` });
      const held = claimed(c, new Date(t + 10 * 60_000).toISOString());
      events.push(makeEvent('case.created', c, `${id++}-0`), makeEvent('case.claimed', held, `${id++}-0`));
      if (i % 5) events.push(makeEvent('case.resolved', { ...held, status: 'resolved', version: 3, updatedAt: new Date(t + 90 * 60_000).toISOString() }, `${id++}-0`));
    }
    const { dash, answer, runFrames } = setup(StatsModel.fromEvents(events).snapshot());
    answer();
    await dash.load();
    dash.setShifts([{ username: 'alice', start: at('08:00'), end: at('16:00') }]);
    dash.apply(makeEvent('case.created', created('9999', at('11:00')), `${id++}-0`));
    runFrames();
    expect(dash.stats?.arrivals.count).toBe(3001);
    expect(dash.heat?.institutions).toHaveLength(36);
  });

  test('a 503 while the server catches up is shown and tried again by itself', async () => {
    let calls = 0;
    const dash = new DashboardState({
      fetchModel: async () => {
        if (++calls < 3) throw new ApiError(503, 'unavailable', 'statistics are catching up');
        return emptyStatsState();
      },
      fetchRollout: async () => WEEK,
      frame: (run) => run(),
      retryDelayMs: () => 1,
    });
    await dash.load();
    expect(calls).toBe(3);
    expect(dash.status).toBe('ready');
    expect(dash.error).toBeNull();
  });

  test('a failed first load is shown; a reload keeps the figures on screen', async () => {
    let fail = true;
    const dash = new DashboardState({
      fetchModel: async () => {
        if (fail) throw new Error('503 unavailable');
        return emptyStatsState();
      },
      fetchRollout: async () => WEEK,
      frame: (run) => run(),
    });
    await dash.load();
    expect(dash.status).toBe('error');
    // In the reader's words, not the thrown English.
    expect(dash.error).toBe('Serveren afviste det. Prøv igen, eller spørg projektlederen.');
    fail = false;
    await dash.load();
    expect(dash.status).toBe('ready');
  });
});

describe('ranges', () => {
  const noon = Date.parse(at('11:30'));
  test('today is the Danish calendar day', () => {
    expect(presetRange('today', { rollout: WEEK, cases: null }, noon)).toEqual({ from: Date.parse('2026-11-29T23:00:00Z'), to: Date.parse('2026-11-30T23:00:00Z') });
  });
  test('the last 24 hours end with the running hour', () => {
    expect(presetRange('last24', { rollout: WEEK, cases: null }, noon)).toEqual({ from: Date.parse(at('12:00', '29')), to: Date.parse(at('12:00')) });
  });
  test('a date range includes its last day', () => {
    expect(dateRange('2026-11-30', '2026-12-01')).toEqual({ from: Date.parse('2026-11-29T23:00:00Z'), to: Date.parse('2026-12-01T23:00:00Z') });
    expect(dateRange('2026-12-02', '2026-12-01')).toBeNull();
    expect(dateRange('', '2026-12-01')).toBeNull();
  });
  test('hours up to the server limit, days beyond', () => {
    expect(bucketFor(WEEK, 'hour')).toBe('hour');
    expect(bucketFor({ from: 0, to: 2001 * 3_600_000 }, 'hour')).toBe('day');
  });
});

describe('the default range follows the data', () => {
  const danish = (local: string) => parseInstant(local)!;
  async function loaded(events: ReturnType<typeof makeEvent>[], rollout = WEEK) {
    const dash = new DashboardState({
      fetchModel: async () => StatsModel.fromEvents(events).snapshot(),
      fetchRollout: async () => rollout,
      frame: (run) => run(),
    });
    await dash.load();
    return dash;
  }
  let seq = 100;
  const arrival = (id: string, time: number) => makeEvent('case.created', created(id, new Date(time).toISOString()), `${seq++}-0`);

  test('the rollout week when a case arrived in it', async () => {
    const dash = await loaded([arrival('1', danish('2026-11-20 09:00')), arrival('2', danish('2026-12-02 09:00')), arrival('3', danish('2026-12-20 09:00'))]);
    expect(dash.preset).toBe('rollout');
    expect(dash.range).toEqual(WEEK);
    expect(dash.stats?.arrivals.count).toBe(1);
  });

  test('the whole Danish days from the first case to the last when none arrived in the week', async () => {
    const dash = await loaded([arrival('1', danish('2026-12-08 10:00')), arrival('2', danish('2026-12-09 23:30'))]);
    expect(dash.preset).toBe('cases');
    expect(dash.range).toEqual({ from: Date.parse('2026-12-07T23:00:00Z'), to: Date.parse('2026-12-09T23:00:00Z') });
    expect(dash.stats?.arrivals.count).toBe(2);
    expect(dash.bucket).toBe('hour');
  });

  test('cases before and after the week, none in it: the span covers them all', async () => {
    const dash = await loaded([arrival('1', danish('2026-11-25 08:00')), arrival('2', danish('2026-12-10 16:00'))]);
    expect(dash.preset).toBe('cases');
    expect(dash.range).toEqual({ from: danish('2026-11-25 00:00'), to: danish('2026-12-11 00:00') });
    expect(dash.stats?.arrivals.count).toBe(2);
  });

  test('the last case is its latest move: a resolution the day after the last arrival is inside', async () => {
    const c = created('1', new Date(danish('2026-12-08 22:00')).toISOString());
    const done = { ...claimed(c, new Date(danish('2026-12-09 09:00')).toISOString()), status: 'resolved' as const, version: 3 };
    const dash = await loaded([makeEvent('case.created', c, '300-0'), makeEvent('case.resolved', done, '301-0')]);
    expect(dash.range).toEqual({ from: danish('2026-12-08 00:00'), to: danish('2026-12-10 00:00') });
    expect(dash.stats?.answers.resolutions).toBe(1);
  });

  test('no cases at all: the rollout week', async () => {
    const dash = await loaded([]);
    expect(dash.preset).toBe('rollout');
    expect(dash.range).toEqual(WEEK);
    // "First to latest case" is offered only when there is a case.
    expect(dash.choice.presets).not.toContain('cases');
  });

  test('whole days across the switch from summer time: 25 hours on 25 October', async () => {
    const dash = await loaded([arrival('1', danish('2026-10-24 12:00')), arrival('2', danish('2026-10-25 22:00'))]);
    expect(dash.range).toEqual({ from: Date.parse('2026-10-23T22:00:00Z'), to: Date.parse('2026-10-25T23:00:00Z') });
    expect(dash.stats?.buckets).toHaveLength(24 + 25);
  });

  test('a person\'s choice outlives a reload; "first to latest case" grows with the cases', async () => {
    const dash = await loaded([arrival('1', danish('2026-12-08 10:00'))]);
    dash.choosePreset('today');
    await dash.load();
    expect(dash.preset).toBe('today');
    dash.apply(arrival('2', danish('2026-12-12 10:00')));
    dash.choosePreset('cases');
    expect(dash.range).toEqual({ from: danish('2026-12-08 00:00'), to: danish('2026-12-13 00:00') });
  });

  test('"first to latest case" as the default widens when a case arrives on a new day, and not while another preset is chosen', async () => {
    const dash = await loaded([arrival('1', danish('2026-12-08 10:00'))]);
    expect(dash.preset).toBe('cases');
    expect(dash.range).toEqual({ from: danish('2026-12-08 00:00'), to: danish('2026-12-09 00:00') });
    // Past midnight on a page left open.
    dash.apply(arrival('2', danish('2026-12-09 00:20')));
    expect(dash.range).toEqual({ from: danish('2026-12-08 00:00'), to: danish('2026-12-10 00:00') });
    expect(dash.stats?.arrivals.count).toBe(2);
    // A later case the same day leaves the range as it is.
    dash.apply(arrival('3', danish('2026-12-09 08:00')));
    expect(dash.range).toEqual({ from: danish('2026-12-08 00:00'), to: danish('2026-12-10 00:00') });
    expect(dash.stats?.arrivals.count).toBe(3);
    // Another choice is the person's: it stays put.
    dash.choosePreset('rollout');
    dash.apply(arrival('4', danish('2026-12-10 09:00')));
    expect(dash.range).toEqual(WEEK);
  });

  // Runs at each of vitest.config.ts's instants: a case that arrives now is never left out.
  test('a case arriving now is in the default range, whatever the day', async () => {
    const example = rolloutRange({ start: '2026-11-30', end: '2026-12-04' })!;
    const now = Date.now();
    const dash = await loaded([arrival('1', now)], example);
    const inWeek = now >= example.from && now < example.to;
    expect(dash.preset).toBe(inWeek ? 'rollout' : 'cases');
    expect(dash.range!.from).toBeLessThanOrEqual(now);
    expect(dash.range!.to).toBeGreaterThan(now);
    expect(dash.stats?.arrivals.count).toBe(1);
    const expected: Record<string, TimeRange> = {
      // Summer time: the Danish day starts at 22:00 UTC the evening before.
      '2026-06-17T02:30:00+02:00': { from: Date.parse('2026-06-16T22:00:00Z'), to: Date.parse('2026-06-17T22:00:00Z') },
      '2026-12-04T23:59:00+01:00': example,
      // The day after the rollout week: that day, not the week's zeros.
      '2026-12-05T10:00:00+01:00': { from: Date.parse('2026-12-04T23:00:00Z'), to: Date.parse('2026-12-05T23:00:00Z') },
    };
    const instant = process.env.WARROOM_TEST_NOW;
    if (instant) expect(dash.range).toEqual(expected[instant]);
  });
});

describe('the range picker', () => {
  const bounds = { rollout: WEEK, cases: { from: Date.parse('2026-12-07T23:00:00Z'), to: Date.parse('2026-12-09T23:00:00Z') } };
  test('a preset names the range it gives, so one read back from an address shows as itself', () => {
    expect(presetRange('cases', bounds, 0)).toEqual(bounds.cases);
    expect(presetOf(WEEK, bounds)).toBe('rollout');
    expect(presetOf(bounds.cases, bounds)).toBe('cases');
    expect(presetOf({ from: WEEK.from, to: WEEK.to + 1 }, bounds)).toBe('custom');
  });
  test('an address holds Danish dates for whole days and instants otherwise, as GET /api/stats reads them', () => {
    expect(rangeQuery(WEEK)).toBe('from=2026-11-30&to=2026-12-07');
    expect(readRangeQuery('from=2026-11-30&to=2026-12-07')).toEqual(WEEK);
    const hours = { from: Date.parse('2026-12-01T10:00:00Z'), to: Date.parse('2026-12-02T10:00:00Z') };
    expect(rangeQuery(hours)).toBe('from=2026-12-01T10%3A00%3A00.000Z&to=2026-12-02T10%3A00%3A00.000Z');
    expect(readRangeQuery(rangeQuery(hours))).toEqual(hours);
    expect(readRangeQuery('from=2026-12-07&to=2026-11-30')).toBeNull();
    expect(readRangeQuery('')).toBeNull();
  });
  test('a choice tells its owner, and keeps days on a report', () => {
    let changes = 0;
    const choice = new RangeChoice({ bounds: () => bounds, changed: () => changes++, bucket: 'day' });
    choice.begin(WEEK, 'rollout');
    expect(changes).toBe(0);
    choice.choosePreset('cases');
    expect(choice.range).toEqual(bounds.cases);
    expect(choice.bucket).toBe('day');
    choice.chooseDates(WEEK);
    expect(choice.preset).toBe('custom');
    expect(changes).toBe(2);
  });
});
