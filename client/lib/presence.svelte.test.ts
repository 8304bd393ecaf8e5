import { describe, expect, test, vi } from 'vitest';
import { PresenceState, initials } from './presence.svelte.ts';

const anna = { userId: 'u-anna', username: 'anna', name: 'Anna Mikkelsen' };
const bo = { userId: 'u-bo', username: 'bo', name: 'Bo Berg' };
const me = { userId: 'u-me', username: 'me', name: 'Mig Selv' };

function make(enabled = true) {
  const sendViewing = vi.fn();
  return { presence: new PresenceState({ sendViewing }, me.userId, enabled), sendViewing };
}

describe('PresenceState', () => {
  test('lists everyone online once, by name, even with several tabs open', () => {
    const { presence } = make();
    presence.update([
      { ...bo, caseId: '7' },
      { ...anna, caseId: null },
      { ...bo, caseId: '9' },
      { ...me, caseId: '7' },
    ]);
    expect(presence.online.map((p) => p.name)).toEqual(['Anna Mikkelsen', 'Bo Berg', 'Mig Selv']);
  });

  test('shows who else has a case open, leaving out this user', () => {
    const { presence } = make();
    presence.update([
      { ...bo, caseId: '7' },
      { ...anna, caseId: '7' },
      { ...me, caseId: '7' },
      { ...anna, caseId: null },
    ]);
    expect(presence.othersOn('7').map((p) => p.username)).toEqual(['bo', 'anna']);
    expect(presence.othersOn('8')).toEqual([]);
  });

  test('applies changes onto the list it got on connect: a board that came, a case opened, a board that went', () => {
    const { presence } = make();
    presence.update([{ ...bo, caseId: null }]);
    presence.apply({ set: [{ ...anna, caseId: null }], removed: [] });
    expect(presence.online.map((p) => p.name)).toEqual(['Anna Mikkelsen', 'Bo Berg']);
    expect(presence.entries.map((e) => e.name)).toEqual(['Anna Mikkelsen', 'Bo Berg']);
    // Bo opens case 7: his idle entry goes, the case comes, in one change.
    presence.apply({ set: [{ ...bo, caseId: '7' }], removed: [{ userId: bo.userId, caseId: null }] });
    expect(presence.othersOn('7').map((p) => p.username)).toEqual(['bo']);
    expect(presence.entries).toEqual([
      { ...anna, caseId: null },
      { ...bo, caseId: '7' },
    ]);
    // A repeat changes nothing; removing what is not there neither.
    presence.apply({ set: [{ ...bo, caseId: '7' }], removed: [{ userId: 'u-nobody', caseId: null }] });
    expect(presence.entries).toHaveLength(2);
    presence.apply({ set: [], removed: [{ userId: anna.userId, caseId: null }] });
    expect(presence.online.map((p) => p.name)).toEqual(['Bo Berg']);
    presence.apply({ set: [], removed: [{ userId: bo.userId, caseId: '7' }] });
    expect(presence.othersOn('7')).toEqual([]);
    expect(presence.online).toEqual([]);
  });

  test('tells the server what is open, once per change, and again after a reconnect', () => {
    const { presence, sendViewing } = make();
    presence.view('7');
    presence.view('7');
    presence.view(null);
    expect(sendViewing.mock.calls).toEqual([['7'], [null]]);
    presence.reannounce();
    expect(sendViewing).toHaveBeenCalledTimes(2);
    presence.view('9');
    presence.reannounce();
    expect(sendViewing.mock.calls.slice(2)).toEqual([['9'], ['9']]);
  });

  test('a board whose presence the team does not see sends nothing', () => {
    const { presence, sendViewing } = make(false);
    presence.view('7');
    presence.reannounce();
    expect(sendViewing).not.toHaveBeenCalled();
    expect(presence.viewing).toBe('7');
  });
});

describe('initials', () => {
  test('first and last name, or the first two letters of one name', () => {
    const shown = { 'Anna Mikkelsen': 'AM', 'Lene Marie Holm': 'LH', vægskærm: 'VÆ', '  ': '?' };
    expect(Object.keys(shown).map(initials)).toEqual(Object.values(shown));
  });
});
