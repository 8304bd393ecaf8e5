import { describe, expect, test } from 'vitest';
import { offsetOf, pinInto, windowFor, type Heights } from './virtual-window.ts';

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

describe('pinInto', () => {
  const h = even(50, 10, { '3': 80 });
  const list = ids(1000);
  const middle = windowFor(list, 30_000, 30_600, h, 300, 120);
  /** Where each drawn card starts when laid out as the list draws them: padding, then cards, gaps and the pinned card's space. */
  const layout = (r: ReturnType<typeof pinInto>) => {
    const order = [...Array(r.end - r.start).keys()].map((i) => r.start + i);
    if (r.pinned?.side === 'before') order.unshift(r.pinned.index);
    if (r.pinned?.side === 'after') order.push(r.pinned.index);
    let y = r.before;
    const tops = new Map<number, number>();
    for (const i of order) {
      if (r.pinned?.index === i && r.pinned.side === 'after') y += r.pinned.space;
      tops.set(i, y);
      y += (h.of(list[i]) ?? h.estimate) + h.gap;
      if (r.pinned?.index === i && r.pinned.side === 'before') y += r.pinned.space;
    }
    return { tops, height: y + r.after };
  };

  test('a card inside the window, or none, changes nothing', () => {
    expect(pinInto(middle, list, -1, h)).toEqual({ ...middle, pinned: null });
    expect(pinInto(middle, list, middle.start + 2, h)).toEqual({ ...middle, pinned: null });
  });

  test('a card above the window is drawn at its own place, and the window\'s cards stay where they were', () => {
    const r = pinInto(middle, list, 3, h);
    expect(r.pinned).toEqual({ index: 3, side: 'before', space: middle.before - offsetOf(list, 3, h) - 90 });
    expect(r.before).toBe(3 * 60);
    const { tops, height } = layout(r);
    expect(tops.get(3)).toBe(offsetOf(list, 3, h));
    expect(tops.get(middle.start)).toBe(middle.before);
    expect(height).toBe(layout(pinInto(middle, list, -1, h)).height);
  });

  test('a card below the window is drawn at its own place, and the list keeps its height', () => {
    const r = pinInto(middle, list, 900, h);
    expect(r.pinned?.side).toBe('after');
    const { tops, height } = layout(r);
    expect(tops.get(900)).toBe(offsetOf(list, 900, h));
    expect(tops.get(middle.end - 1)).toBe(offsetOf(list, middle.end - 1, h));
    expect(height).toBe(offsetOf(list, 1000, h));
    // The last card, pinned: nothing after it.
    const last = pinInto(middle, list, 999, h);
    expect(last.after).toBe(0);
    expect(layout(last).tops.get(999)).toBe(offsetOf(list, 999, h));
  });

  test('right next to the window there is no space between them', () => {
    expect(pinInto(middle, list, middle.start - 1, h).pinned).toEqual({ index: middle.start - 1, side: 'before', space: 0 });
    expect(pinInto(middle, list, middle.end, h).pinned).toEqual({ index: middle.end, side: 'after', space: 0 });
  });
});
