import { describe, expect, test } from 'vitest';
import { viewAllowed, viewFor } from './views.ts';

describe('views by role', () => {
  test('the whole team reaches problems and the answer library; posters are for leads and members', () => {
    for (const role of ['lead', 'member'] as const) {
      expect(viewFor(role, 'problems')).toBe('problems');
      expect(viewFor(role, 'answers')).toBe('answers');
      expect(viewFor(role, 'posters')).toBe('posters');
    }
    expect(viewFor('viewer', 'answers')).toBe('answers');
    expect(viewFor('viewer', 'posters')).toBe('board');
  });

  test('the roster and accounts stay the lead’s', () => {
    expect(viewAllowed('lead', 'roster')).toBe(true);
    expect(viewFor('member', 'roster')).toBe('board');
    expect(viewFor('member', 'accounts')).toBe('board');
    expect(viewFor('reporter', 'problems')).toBe('board');
  });
});
