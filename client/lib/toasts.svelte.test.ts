import { afterEach, describe, expect, test, vi } from 'vitest';
import { Toasts } from './toasts.svelte.ts';

describe('Toasts', () => {
  afterEach(() => vi.useRealTimers());

  test('keeps the newest few, and each goes by itself after a while or when dismissed', () => {
    vi.useFakeTimers();
    const toasts = new Toasts(1000, 2);
    const first = toasts.show(() => 'one');
    toasts.show(() => 'two');
    toasts.show(() => 'three');
    expect(toasts.items.map((t) => t.text())).toEqual(['two', 'three']);
    expect(toasts.items.some((t) => t.id === first)).toBe(false);
    toasts.dismiss(toasts.items[0].id);
    expect(toasts.items.map((t) => t.text())).toEqual(['three']);
    vi.advanceTimersByTime(1001);
    expect(toasts.items).toEqual([]);
  });
});
