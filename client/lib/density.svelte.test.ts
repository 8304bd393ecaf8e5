import { afterEach, describe, expect, test } from 'vitest';
import { BoardDensity, DENSITY_KEY } from './density.svelte.ts';
import { storage } from './storage.ts';
import { useMemoryStorage } from './testing/memory-storage.ts';

function fakeRoute(path = '/') {
  const route = { path, go: (p: string) => void (route.path = p) };
  return route;
}

describe('BoardDensity', () => {
  afterEach(() => storage.remove(DENSITY_KEY));

  test('takes the role default, then what this browser chose, and the address over both', () => {
    useMemoryStorage();
    expect(new BoardDensity(fakeRoute(), 'compact').value).toBe('compact');
    expect(new BoardDensity(fakeRoute(), 'comfortable').value).toBe('comfortable');
    storage.set(DENSITY_KEY, 'comfortable');
    expect(new BoardDensity(fakeRoute(), 'compact').value).toBe('comfortable');
    expect(new BoardDensity(fakeRoute('/?density=compact'), 'compact').value).toBe('compact');
    // Nonsense in the address or the store falls back.
    storage.set(DENSITY_KEY, 'huge');
    expect(new BoardDensity(fakeRoute('/?density=tiny'), 'compact').value).toBe('compact');
  });

  test('a choice goes into the address, beside the filter, and is remembered', () => {
    useMemoryStorage();
    const route = fakeRoute('/?q=mitid');
    const density = new BoardDensity(route, 'compact');
    density.toggle();
    expect(route.path).toBe('/?q=mitid&density=comfortable');
    expect(density.value).toBe('comfortable');
    expect(storage.get(DENSITY_KEY)).toBe('comfortable');
    density.set('compact');
    expect(route.path).toBe('/?q=mitid&density=compact');
    expect(new BoardDensity(fakeRoute(), 'comfortable').value).toBe('compact');
  });
});
