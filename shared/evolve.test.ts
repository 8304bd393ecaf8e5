import { describe, expect, it } from 'vitest';
import { actorRef, untouchedFields, type Case } from './case.ts';
import type { EventDraft } from './events.ts';
import { evolve, evolveAll } from './evolve.ts';
import { ACTORS, AT, CASE_ID, COLLEAGUE, INSTITUTION, caseIn, created, draft } from './test-fixtures.ts';

const LATER = '2026-11-30T09:00:00.000Z';
const member = actorRef(ACTORS.member);

describe('evolve: case.created', () => {
  it('starts the case at version 1, new and unassigned, reported by the actor', () => {
    expect(evolve(null, created({ category: 'login', priority: 'high' }))).toEqual({
      id: CASE_ID,
      title: 'Forælder kan ikke logge ind med MitID',
      description: 'Far til Emma på Bien-stuen får en fejl i appen.',
      institution: INSTITUTION,
      category: 'login',
      priority: 'high',
      status: 'new',
      reporter: actorRef(ACTORS.reporter),
      ...untouchedFields(),
      assignee: null,
      // The event carries no targets: its clocks run without a deadline.
      sla: {
        claim: { targetMs: null, usedMs: 0, runningSince: AT, warned: false, breached: false },
        resolve: { targetMs: null, usedMs: 0, runningSince: AT, warned: false, breached: false },
      },
      version: 1,
      createdAt: AT,
      updatedAt: AT,
    } satisfies Case);
  });
});

// What each event does to a case. `from` is built with evolve itself, so every row is a real history.
describe('evolve: each event from each state it can follow', () => {
  it.each<[string, 'new' | 'mine' | 'theirs' | 'resolved', EventDraft, Partial<Case>]>([
    ['claimed', 'new', draft('case.claimed', ACTORS.member, {}, LATER), { status: 'claimed', assignee: member }],
    ['released', 'mine', draft('case.released', ACTORS.member, {}, LATER), { status: 'new', assignee: null }],
    ['released by the lead', 'theirs', draft('case.released', ACTORS.lead, {}, LATER), { status: 'new', assignee: null }],
    ['resolved', 'mine', draft('case.resolved', ACTORS.member, { resolution: 'Løst' }, LATER), { status: 'resolved', assignee: member, resolution: 'Løst' }],
    ['resolved by the lead', 'theirs', draft('case.resolved', ACTORS.lead, { resolution: 'Løst' }, LATER), { status: 'resolved', assignee: actorRef(COLLEAGUE) }],
    ['reopened', 'resolved', draft('case.reopened', ACTORS.reporter, { reason: 'Igen' }, LATER), { status: 'new', assignee: null, resolution: null }],
    ['enriched', 'new', draft('case.enriched', ACTORS.system, { category: 'login', tags: ['MitID'] }, LATER), { status: 'new', category: 'login', tags: ['MitID'], enrichedAt: LATER }],
    ['enriched with a problem suggestion', 'new', draft('case.enriched', ACTORS.system, { category: null, tags: [], suggestion: { problemId: 'p1', title: 'MitID', score: 0.7 } }, LATER), { suggestion: { problemId: 'p1', title: 'MitID', score: 0.7 } }],
    ['enriched while claimed', 'theirs', draft('case.enriched', ACTORS.system, { category: null, tags: [] }, LATER), { status: 'claimed', assignee: actorRef(COLLEAGUE), enrichedAt: LATER }],
  ])('%s (from %s)', (_name, from, event, expected) => {
    const before = caseIn(from, ACTORS.member)!;
    const snapshot = structuredClone(before);
    const after = evolve(before, event);
    expect(after).toMatchObject({ ...expected, version: before.version + 1, updatedAt: LATER, createdAt: AT, id: CASE_ID });
    expect(before).toEqual(snapshot);
  });
});

describe('evolve: enrichment never overrides what the reporter chose', () => {
  it.each([
    ['keeps the given category', 'messages', 'login', 'messages'],
    ['fills a missing category', null, 'login', 'login'],
    ['leaves it empty when there is no suggestion', null, null, null],
  ] as const)('%s', (_name, given, suggested, expected) => {
    const state = evolve(null, created({ category: given }));
    const after = evolve(state, draft('case.enriched', ACTORS.system, { category: suggested, tags: ['app'] }));
    expect(after.category).toBe(expected);
    expect(after.tags).toEqual(['app']);
  });
});

describe('evolve: version', () => {
  it('grows by exactly one per event over a long history', () => {
    const history: EventDraft[] = [created()];
    for (let round = 0; round < 10; round++) {
      history.push(
        draft('case.claimed', ACTORS.member, {}),
        draft('case.released', ACTORS.member, {}),
        draft('case.claimed', COLLEAGUE, {}),
        draft('case.resolved', COLLEAGUE, { resolution: `Runde ${round}` }),
        draft('case.reopened', ACTORS.reporter, { reason: null }),
      );
    }
    let state: Case | null = null;
    history.forEach((e, i) => {
      state = evolve(state, e);
      expect(state.version).toBe(i + 1);
    });
    expect(evolveAll(null, history)).toEqual(state);
  });

  it('evolveAll over no events returns the state unchanged', () => {
    const state = caseIn('new', ACTORS.member);
    expect(evolveAll(state, [])).toBe(state);
    expect(evolveAll(null, [])).toBeNull();
  });
});

describe('evolve: a corrupt log fails loudly', () => {
  it.each<[string, Case | null, EventDraft]>([
    ['an event before case.created', null, draft('case.claimed', ACTORS.member, {})],
    ['a second case.created', caseIn('new', ACTORS.member), created()],
    ['an event for another case', caseIn('new', ACTORS.member), { ...draft('case.claimed', ACTORS.member, {}), caseId: '43' }],
  ])('%s', (_name, state, event) => {
    expect(() => evolve(state, event)).toThrow();
  });
});
