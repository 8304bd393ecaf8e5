import { describe, expect, test } from 'vitest';
import { offsetOf, windowFor, type Heights } from './virtual-window.ts';

const ids = (n: number) => [...Array(n).keys()].map(String);
const even = (estimate: number, gap = 0, measured: Record<string, number> = {}): Heights => ({ of: (id) => measured[id], estimate, gap });

describe('windowFor', () => {
  test('a short list is drawn whole', () => {
    expect(windowFor(ids(50), 0, 500, even(50), 100, 120)).toEqual({ start: 0, end: 50, before: 0, after: 0 });
  });

  test('a long list draws the cards in view and the margin, and keeps the space of the rest', () => {
    const h = even(50, 10);
    const at = windowFor(ids(1000), 0, 600, h, 300, 120);
    expect(at.start).toBe(0);
    // 900 px of view and margin at 60 px a card.
    expect(at.end).toBe(15);
    expect(at.after).toBe((1000 - 15) * 60);

    const middle = windowFor(ids(1000), 30_000, 30_600, h, 300, 120);
    expect(middle.start).toBe(495);
    expect(middle.end).toBe(515);
    expect(middle.before).toBe(495 * 60);
    expect(middle.before + (middle.end - middle.start) * 60 + middle.after).toBe(1000 * 60);
  });

  test('measured heights replace the estimate where known', () => {
    const h = even(50, 0, { '0': 200, '1': 200 });
    expect(offsetOf(ids(1000), 3, h)).toBe(450);
    const w = windowFor(ids(1000), 400, 500, h, 0, 120);
    expect(w.start).toBe(2);
    expect(w.before).toBe(400);
  });

  test('scrolled past the end (the list shrank), the last card is still drawn', () => {
    const w = windowFor(ids(200), 50_000, 50_500, even(50), 100, 120);
    expect(w).toEqual({ start: 199, end: 200, before: 199 * 50, after: 0 });
  });
});
