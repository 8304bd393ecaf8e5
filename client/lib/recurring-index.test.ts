import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Case } from '../../shared/case.ts';
import { groupsFromScratch, RecurringIndex } from './recurring-index.ts';
import { makeCase } from './testing/fixtures.ts';

// A step: a case (one of a few ids) taken with some matches, as a new case or a newer copy.
const step = fc.record({
  id: fc.integer({ min: 1, max: 12 }),
  matches: fc.uniqueArray(fc.integer({ min: 1, max: 14 }), { maxLength: 3 }),
  institution: fc.constantFrom('bh-solsikken', 'bh-regnbuen', 'vs-humlebien'),
});

describe('RecurringIndex', () => {
  test('after any sequence of cases taken, its groups are those of grouping every case from scratch', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 0, max: 39 }), (steps, reloadAt) => {
        const cases = new Map<string, Case>();
        const index = new RecurringIndex(cases);
        steps.forEach((s, i) => {
          const id = String(s.id);
          const before = cases.get(id);
          // A case's institution never changes.
          const after = makeCase({ id, institution: before?.institution ?? s.institution, similar: s.matches.map((m) => ({ caseId: String(m), score: 0.8 })), version: (before?.version ?? 0) + 1 });
          cases.set(id, after);
          if (i === reloadAt) index.reset();
          else index.put(before, after);
          const expected = groupsFromScratch(cases);
          expect(index.groups()).toEqual(expected);
          for (const c of cases.values()) expect(index.groupOf(c.id)).toEqual(expected.find((g) => g.caseIds.includes(c.id)) ?? null);
        });
      }),
      { numRuns: 300 },
    );
  });

  test('says whether a case changed any group: a claim does not, a new match does', () => {
    const cases = new Map<string, Case>();
    const index = new RecurringIndex(cases);
    const take = (c: Case) => {
      const before = cases.get(c.id);
      cases.set(c.id, c);
      return index.put(before, c);
    };
    expect(take(makeCase({ id: '1' }))).toBe(false);
    expect(take(makeCase({ id: '2', similar: [{ caseId: '1', score: 0.9 }] }))).toBe(true);
    expect(take(makeCase({ id: '2', status: 'claimed', similar: [{ caseId: '1', score: 0.9 }], version: 2 }))).toBe(false);
    expect(take(makeCase({ id: '3', similar: [{ caseId: '2', score: 0.9 }] }))).toBe(true);
    expect(index.groupOf('1')?.caseIds).toEqual(['1', '2', '3']);
  });
});
