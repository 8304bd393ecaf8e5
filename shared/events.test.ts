import { describe, expect, it } from 'vitest';
import { compareEventIds, isEventId } from './events.ts';

describe('compareEventIds orders stream ids as numbers', () => {
  it.each([
    ['9-0', '10-0', -1],
    ['10-0', '9-0', 1],
    ['5-2', '5-10', -1],
    ['5-10', '5-2', 1],
    ['5-1', '5-1', 0],
    ['5', '5-0', 0],
    ['5', '5-1', -1],
    ['1764490500000-0', '1764490500000-1', -1],
    ['1764490499999-99', '1764490500000-0', -1],
    // Past 2^53, where Number would round both to the same value.
    ['9007199254740993-0', '9007199254740992-0', 1],
  ] as const)('%s vs %s → %i', (a, b, expected) => {
    expect(compareEventIds(a, b)).toBe(expected);
  });

  it('sorts a shuffled log oldest first', () => {
    const ids = ['10-0', '9-1', '100-0', '9-0', '10-2', '10-10'];
    expect([...ids].sort(compareEventIds)).toEqual(['9-0', '9-1', '10-0', '10-2', '10-10', '100-0']);
  });
});

describe('isEventId', () => {
  it.each([
    ['0', true],
    ['0-0', true],
    ['1764490500000-0', true],
    ['1764490500000-12', true],
    ['', false],
    ['-1', false],
    ['01-0', false],
    ['1-', false],
    ['1-0-0', false],
    ['abc', false],
    ['1 0', false],
    ['$', false],
    ['12345678901234567-0', false],
  ] as const)('%j → %s', (id, expected) => {
    expect(isEventId(id)).toBe(expected);
  });
});
