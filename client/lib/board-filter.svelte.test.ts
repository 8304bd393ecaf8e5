import { describe, expect, test } from 'vitest';
import { BoardFilters, queryOf } from './board-filter.svelte.ts';

function fakeRoute(path = '/') {
  const route = { path, go: (p: string) => void (route.path = p) };
  return route;
}

describe('BoardFilters', () => {
  test('reads the filter from the hash path', () => {
    const filters = new BoardFilters(fakeRoute('/?q=mitid&prio=urgent'));
    expect(filters.value).toMatchObject({ q: 'mitid', priority: 'urgent', status: null });
    expect(filters.active).toBe(true);
    expect(new BoardFilters(fakeRoute('/')).active).toBe(false);
  });

  test('writes changes back into the address, keeping the other fields', () => {
    const route = fakeRoute('/?prio=urgent');
    const filters = new BoardFilters(route);
    filters.set({ q: 'mit id' });
    expect(route.path).toBe('/?q=mit+id&prio=urgent');
    expect(filters.value.q).toBe('mit id');
    filters.set({ priority: null });
    expect(route.path).toBe('/?q=mit+id');
  });

  test('clearing leaves the plain board address', () => {
    const route = fakeRoute('/?status=waiting');
    new BoardFilters(route).clear();
    expect(route.path).toBe('/');
  });

  test('queryOf takes what follows the question mark', () => {
    expect(queryOf('/?a=1')).toBe('a=1');
    expect(queryOf('/roster')).toBe('');
  });
});

describe('BoardFilters and the board density', () => {
  test('the filter keeps the density in the address', () => {
    const route = fakeRoute('/?density=comfortable');
    const filters = new BoardFilters(route);
    filters.set({ q: 'mitid' });
    expect(route.path).toBe('/?q=mitid&density=comfortable');
    filters.clear();
    expect(route.path).toBe('/?density=comfortable');
  });
});
