import { describe, expect, test } from 'vitest';
import { isTyping, moveSelection, shortcutFor, type ElementLike } from './shortcuts.ts';

const el = (tagName: string, isContentEditable = false): ElementLike => ({ tagName, isContentEditable });

describe('shortcutFor', () => {
  test.each([
    ['j', 'down'],
    ['ArrowDown', 'down'],
    ['k', 'up'],
    ['h', 'left'],
    ['ArrowRight', 'right'],
    ['c', 'claim'],
    ['r', 'resolve'],
    ['w', 'wait'],
    ['e', 'escalate'],
    ['n', 'note'],
    ['/', 'search'],
    ['?', 'help'],
    ['x', null],
  ])('maps the vim keys and the arrow keys alike: %s is %s', (key, shortcut) => {
    expect(shortcutFor({ key })).toBe(shortcut);
  });

  test('does nothing while typing in a field, or with a modifier held', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) expect(shortcutFor({ key: 'c', target: el(tag) })).toBeNull();
    expect(shortcutFor({ key: 'c', target: el('DIV', true) })).toBeNull();
    expect(shortcutFor({ key: 'c', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'r', metaKey: true })).toBeNull();
    expect(shortcutFor({ key: 'c', target: el('ARTICLE') })).toBe('claim');
  });

  test('Enter on a button stays that button\'s click', () => {
    expect(shortcutFor({ key: 'Enter', target: el('BUTTON') })).toBeNull();
    expect(shortcutFor({ key: 'Enter', target: el('ARTICLE') })).toBe('open');
  });

  test('isTyping ignores targets that are not elements', () => {
    expect(isTyping(null)).toBe(false);
    expect(isTyping({})).toBe(false);
  });
});

describe('moveSelection', () => {
  const columns = [['a1', 'a2', 'a3'], [], ['c1'], ['d1', 'd2']];

  test('with nothing selected, selects the first card there is', () => {
    expect(moveSelection(columns, null, 'down')).toBe('a1');
    expect(moveSelection([[], ['b1']], null, 'left')).toBe('b1');
    expect(moveSelection([[], []], null, 'down')).toBeNull();
    expect(moveSelection(columns, 'gone', 'up')).toBe('a1');
  });

  test('moves within a column and stops at its ends', () => {
    expect(moveSelection(columns, 'a1', 'down')).toBe('a2');
    expect(moveSelection(columns, 'a3', 'down')).toBe('a3');
    expect(moveSelection(columns, 'a2', 'up')).toBe('a1');
    expect(moveSelection(columns, 'a1', 'up')).toBe('a1');
  });

  test('moves sideways past empty columns, keeping the row where it can', () => {
    expect(moveSelection(columns, 'a3', 'right')).toBe('c1');
    expect(moveSelection(columns, 'c1', 'right')).toBe('d1');
    expect(moveSelection(columns, 'd2', 'left')).toBe('c1');
    expect(moveSelection(columns, 'c1', 'left')).toBe('a1');
    expect(moveSelection(columns, 'a2', 'left')).toBe('a2');
    expect(moveSelection(columns, 'd2', 'right')).toBe('d2');
  });
});
