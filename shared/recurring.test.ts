import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import { evolveAll } from './evolve.ts';
import { groupOf, recurringGroups } from './recurring.ts';
import { ACTORS, created, draft } from './test-fixtures.ts';

function kase(id: string, institution: string, similar: { caseId: string; score: number }[] = []): Case {
  const c = evolveAll(null, [created({ institution }), draft('case.enriched', ACTORS.system, { category: null, tags: [], similar })])!;
  return { ...c, id };
}

describe('recurring groups', () => {
  it('joins cases through their intake matches, whichever came first, and counts centres', () => {
    const cases = [
      kase('1', 'bh-solsikken'),
      kase('2', 'bh-regnbuen', [{ caseId: '1', score: 0.8 }]),
      kase('3', 'vs-humlebien', [{ caseId: '2', score: 0.7 }]),
      kase('4', 'bh-solsikken', [{ caseId: '1', score: 0.6 }]),
      kase('5', 'bh-regnbuen'),
      kase('6', 'vs-spiren', [{ caseId: '5', score: 0.9 }]),
      kase('7', 'vs-spiren'),
    ];
    const groups = recurringGroups(cases);
    expect(groups).toEqual([
      { caseIds: ['1', '2', '3', '4'], institutions: ['bh-regnbuen', 'bh-solsikken', 'vs-humlebien'] },
      { caseIds: ['5', '6'], institutions: ['bh-regnbuen', 'vs-spiren'] },
    ]);
    expect(groupOf('3', groups)?.institutions).toHaveLength(3);
    expect(groupOf('7', groups)).toBeNull();
  });

  it('ignores matches to cases it does not hold (e.g. another institution for a superuser)', () => {
    expect(recurringGroups([kase('2', 'bh-regnbuen', [{ caseId: '1', score: 0.8 }])])).toEqual([]);
  });
});
