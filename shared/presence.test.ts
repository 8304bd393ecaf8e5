import { describe, expect, test } from 'vitest';
import type { PresenceDelta, PresenceEntry } from './socket-contract.ts';
import { applyPresenceDelta, diffPerson, personEntries } from './presence.ts';

const bo = { userId: 'u-bo', username: 'bo', name: 'Bo Berg' };
const aase = { userId: 'u-aase', username: 'aase', name: 'Åse Ørum' };
const anna = { userId: 'u-anna', username: 'anna', name: 'Anna Andersen' };

describe('personEntries', () => {
  test('each open case once; idle only when no board of theirs has a case open', () => {
    expect(personEntries([{ ...bo, caseId: null }, { ...bo, caseId: null }])).toEqual([{ ...bo, caseId: null }]);
    expect(personEntries([{ ...bo, caseId: null }, { ...bo, caseId: '7' }, { ...bo, caseId: '7' }])).toEqual([{ ...bo, caseId: '7' }]);
    expect(personEntries([{ ...bo, caseId: '7' }, { ...bo, caseId: '9' }]).map((e) => e.caseId)).toEqual(['7', '9']);
    expect(personEntries([])).toEqual([]);
  });
});

describe('diffPerson and applyPresenceDelta', () => {
  test('the list rebuilt from deltas is the list built whole, sorted by name the Danish way', () => {
    const states: PresenceEntry[][][] = [
      [[], [], []],
      [[{ ...bo, caseId: null }], [], []],
      [[{ ...bo, caseId: null }], [{ ...aase, caseId: null }], [{ ...anna, caseId: '3' }]],
      [[{ ...bo, caseId: '7' }], [{ ...aase, caseId: '7' }], [{ ...anna, caseId: '3' }, { ...anna, caseId: '4' }]],
      [[], [{ ...aase, caseId: null }], [{ ...anna, caseId: '4' }]],
    ];
    let list: PresenceEntry[] = [];
    for (let i = 1; i < states.length; i++) {
      const delta: PresenceDelta = { set: [], removed: [] };
      states[i].forEach((after, person) => diffPerson(states[i - 1][person], after, delta));
      list = applyPresenceDelta(list, delta);
    }
    // Å sorts after the other letters in Danish.
    expect(list.map((e) => `${e.name}:${e.caseId ?? '-'}`)).toEqual(['Anna Andersen:4', 'Åse Ørum:-']);
  });

  test('an unchanged person adds nothing to the delta', () => {
    const delta: PresenceDelta = { set: [], removed: [] };
    diffPerson([{ ...bo, caseId: '7' }], [{ ...bo, caseId: '7' }], delta);
    expect(delta).toEqual({ set: [], removed: [] });
  });
});
