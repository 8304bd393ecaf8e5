import { describe, expect, test } from 'vitest';
import type { Case } from '../../shared/case.ts';
import type { ProblemView } from '../../shared/problem.ts';
import { startSla } from '../../shared/sla.ts';
import { makeCase, people } from './testing/fixtures.ts';
import { shortTitle, itemsThatFit } from './wall-fit.ts';
import { breaches, hotProblems, latestCases, longestWaiting, oldestUnclaimed } from './wall-view.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-30T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function withSla(c: Partial<Case> & { id: string; createdAt: string }, claimMs: number | null, resolveMs: number | null): Case {
  const status = c.status ?? 'new';
  return makeCase({ ...c, sla: startSla({ claimMs, resolveMs }, status, c.createdAt) });
}

/** Two new cases, the second older, and an older one already claimed. */
const waiting = () => [
  makeCase({ id: '1', createdAt: iso(T0 + 10 * MIN) }),
  makeCase({ id: '2', createdAt: iso(T0) }),
  makeCase({ id: '3', createdAt: iso(T0 - 60 * MIN), status: 'claimed', assignee: people.alice }),
];

describe('unclaimed', () => {
  test('the oldest new case and how long it has waited', () => {
    expect(oldestUnclaimed(waiting(), T0 + 30 * MIN)).toMatchObject({ case: { id: '2' }, waitedMs: 30 * MIN });
    expect(oldestUnclaimed([], T0)).toBeNull();
  });
});

describe('breaches', () => {
  test('past the claim target while new, most overdue first', () => {
    const late = withSla({ id: '1', createdAt: iso(T0) }, 10 * MIN, 60 * MIN);
    const later = withSla({ id: '2', createdAt: iso(T0 - 20 * MIN) }, 10 * MIN, 60 * MIN);
    const fine = withSla({ id: '3', createdAt: iso(T0 + 25 * MIN) }, 10 * MIN, 60 * MIN);
    const none = withSla({ id: '4', createdAt: iso(T0 - 500 * MIN) }, null, null);
    const found = breaches([late, later, fine, none], T0 + 30 * MIN);
    expect(found.map((b) => [b.case.id, b.clock, b.overMs])).toEqual([
      ['2', 'claim', 40 * MIN],
      ['1', 'claim', 20 * MIN],
    ]);
  });

  test('a flag from the server counts before this screen’s clock gets there', () => {
    const c = withSla({ id: '1', createdAt: iso(T0) }, 10 * MIN, 60 * MIN);
    const flagged = { ...c, sla: { ...c.sla, claim: { ...c.sla.claim, breached: true } } };
    expect(breaches([flagged], T0 + 9 * MIN)).toMatchObject([{ clock: 'claim', overMs: 0 }]);
  });

  test('once claimed, a late claim is history: only the resolve clock counts; resolved cases never', () => {
    const base = withSla({ id: '1', createdAt: iso(T0) }, 10 * MIN, 60 * MIN);
    const claimedLate = { ...base, status: 'claimed' as const, sla: { ...base.sla, claim: { ...base.sla.claim, breached: true, runningSince: null, usedMs: 15 * MIN } } };
    expect(breaches([claimedLate], T0 + 30 * MIN)).toEqual([]);
    expect(breaches([claimedLate], T0 + 61 * MIN)).toMatchObject([{ clock: 'resolve', overMs: MIN }]);
    expect(breaches([{ ...claimedLate, status: 'resolved' }], T0 + 600 * MIN)).toEqual([]);
  });
});

describe('latest and recurring', () => {
  test('the newest cases first', () => {
    const cases = [1, 2, 3, 4].map((i) => makeCase({ id: String(i), createdAt: iso(T0 + i * MIN) }));
    expect(latestCases(cases, 2).map((c) => c.id)).toEqual(['4', '3']);
  });

  test('named problems with open cases and unnamed groups from two or more centres, most centres first', () => {
    const problemRef = { id: 'p1', title: 'MitID-login fejler' };
    const cases: Case[] = [
      makeCase({ id: '1', institution: 'bh-a', problem: problemRef, createdAt: iso(T0) }),
      makeCase({ id: '2', institution: 'bh-b', problem: problemRef, status: 'resolved', createdAt: iso(T0 + MIN) }),
      makeCase({ id: '3', institution: 'bh-a', title: 'Billeder vises ikke', createdAt: iso(T0 + 2 * MIN) }),
      makeCase({ id: '4', institution: 'bh-b', title: 'Kan ikke se billeder', similar: [{ caseId: '3', score: 0.9 }], createdAt: iso(T0 + 3 * MIN) }),
      makeCase({ id: '5', institution: 'bh-c', title: 'Billederne mangler', similar: [{ caseId: '4', score: 0.8 }], createdAt: iso(T0 + 4 * MIN) }),
      // Two look-alikes from one centre are not "across the centres".
      makeCase({ id: '6', institution: 'bh-d', title: 'Kalender', createdAt: iso(T0) }),
      makeCase({ id: '7', institution: 'bh-d', title: 'Kalender igen', similar: [{ caseId: '6', score: 0.9 }], createdAt: iso(T0) }),
    ];
    const views = [{ problem: { id: 'p1', title: 'MitID-login fejler', status: 'open' } } as ProblemView];
    expect(hotProblems(cases, views)).toEqual([
      { key: 'g-3', title: 'Billeder vises ikke', named: false, openCases: 3, institutions: 3 },
      { key: 'p-p1', title: 'MitID-login fejler', named: true, openCases: 1, institutions: 2 },
    ]);
  });
});

describe('the breach panel when nothing is breached', () => {
  test('lists the unclaimed cases that have waited longest, else the oldest open ones', () => {
    const cases = [...waiting(), makeCase({ id: '4', createdAt: iso(T0 - 90 * MIN), status: 'resolved', assignee: people.alice })];
    expect(longestWaiting(cases, 5)).toMatchObject({ kind: 'unclaimed', list: [{ id: '2' }, { id: '1' }] });
    expect(longestWaiting(cases.slice(2), 5)).toMatchObject({ kind: 'open', list: [{ id: '3' }] });
    expect(longestWaiting([], 5)).toEqual({ kind: 'open', list: [] });
  });
});

describe('fitting the wall', () => {
  test('a long title is cut at a word with an ellipsis; a short one is left alone', () => {
    expect(shortTitle('Kort titel')).toBe('Kort titel');
    const long = 'Forældre i børnehuset Solsikken kan ikke se billederne fra stuen i appen efter opdateringen i går, hverken på iPhone eller Android, og pædagogerne spørger hvad de skal gøre';
    const cut = shortTitle(long);
    expect(cut.length).toBeLessThanOrEqual(64);
    expect(shortTitle(long, 90).length).toBeLessThanOrEqual(90);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(long[cut.length - 1]).toBe(' ');
  });
  test('only whole items fit', () => {
    expect(itemsThatFit([40, 40, 40], 10, 95)).toBe(2);
    expect(itemsThatFit([40, 40, 40], 10, 89)).toBe(1);
    expect(itemsThatFit([40], 0, 30)).toBe(0);
    expect(itemsThatFit([], 0, 30)).toBe(0);
  });
});
