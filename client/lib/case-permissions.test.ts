import { describe, expect, test } from 'vitest';
import type { Actor } from '../../shared/case.ts';
import { canAssign, canNote, canPrioritize, canSetVendorRef } from './case-permissions.ts';
import { makeCase, people } from './testing/fixtures.ts';

const lead: Actor = { id: 'u-lead', username: 'lene', name: 'Lene', role: 'lead' };
const member: Actor = { ...people.alice, role: 'member' };
const viewer: Actor = { id: 'u-v', username: 'v', name: 'V', role: 'viewer' };
const reporter: Actor = { ...people.rita, role: 'reporter', institution: 'bh-solsikken' };

describe('case permissions', () => {
  test('the team sets priority on open cases; only the lead assigns', () => {
    const open = makeCase({ status: 'claimed', assignee: people.alice });
    expect(canPrioritize(open, member)).toBe(true);
    expect(canPrioritize(open, viewer)).toBe(false);
    expect(canPrioritize(makeCase({ status: 'resolved' }), member)).toBe(false);
    expect(canAssign(open, lead)).toBe(true);
    expect(canAssign(open, member)).toBe(false);
  });

  test('a vendor number can be set on escalated and resolved cases', () => {
    expect(canSetVendorRef(makeCase({ status: 'escalated', assignee: people.alice }), member)).toBe(true);
    expect(canSetVendorRef(makeCase({ status: 'resolved' }), member)).toBe(true);
    expect(canSetVendorRef(makeCase({ status: 'claimed' }), member)).toBe(false);
  });

  test('the team and the institution\'s superuser write notes; the wall screen does not', () => {
    const c = makeCase({ status: 'waiting', assignee: people.alice });
    expect(canNote(c, member)).toBe(true);
    expect(canNote(c, reporter)).toBe(true);
    expect(canNote(c, viewer)).toBe(false);
  });
});
