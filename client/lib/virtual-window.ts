// Which cards of a long column are in the DOM: those in view plus a margin. The rest are space
// kept by padding, sized by the heights measured so far and an estimate for the others.

/** Columns up to this long keep every card in the DOM; longer ones keep a window of them. */
export const WINDOW_FROM = 120;
/** Cards drawn above and below the view, in pixels, so a quick scroll does not show blank space. */
export const WINDOW_MARGIN = 600;

export interface WindowRange {
  start: number;
  end: number;
  /** Space for the cards before `start` and after `end`. */
  before: number;
  after: number;
}

export interface Heights {
  /** A card's height as last measured, if it has been drawn. */
  of(id: string): number | undefined;
  /** For the cards not drawn yet: the mean of those measured, or the given guess. */
  estimate: number;
  gap: number;
}

/** Where the card at `index` starts, measured from the list's top. */
export function offsetOf(ids: readonly string[], index: number, h: Heights): number {
  let y = 0;
  for (let i = 0; i < index && i < ids.length; i++) y += (h.of(ids[i]) ?? h.estimate) + h.gap;
  return y;
}

/**
 * The cards that overlap [top, bottom] (in the list's own coordinates) widened by `margin`.
 * Every card is drawn while the list is short.
 */
export function windowFor(ids: readonly string[], top: number, bottom: number, h: Heights, margin = WINDOW_MARGIN, from = WINDOW_FROM): WindowRange {
  const n = ids.length;
  if (n <= from) return { start: 0, end: n, before: 0, after: 0 };
  const lo = top - margin;
  const hi = bottom + margin;
  let y = 0;
  let start = 0;
  let before = 0;
  for (; start < n; start++) {
    const step = (h.of(ids[start]) ?? h.estimate) + h.gap;
    if (y + step > lo) break;
    y += step;
  }
  before = y;
  let end = start;
  for (; end < n && y < hi; end++) y += (h.of(ids[end]) ?? h.estimate) + h.gap;
  // Never an empty window: a list scrolled past its end (while it shrinks) still shows its last cards.
  if (start >= n) {
    start = Math.max(0, n - 1);
    end = n;
    before = offsetOf(ids, start, h);
    y = before + (h.of(ids[start]) ?? h.estimate) + h.gap;
  }
  let after = 0;
  for (let i = end; i < n; i++) after += (h.of(ids[i]) ?? h.estimate) + h.gap;
  return { start, end, before, after };
}

/** A drawn list that can scroll one of its cards into the DOM; the keyboard walks whole columns through these. */
export interface Revealer {
  has(id: string): boolean;
  reveal(id: string): Promise<HTMLElement | null>;
}

const revealers = new Set<Revealer>();

export function addRevealer(r: Revealer): () => void {
  revealers.add(r);
  return () => revealers.delete(r);
}

/** The card's element, after scrolling its column so that it is drawn; null if no list holds it. */
export async function revealCard(id: string): Promise<HTMLElement | null> {
  for (const r of revealers) if (r.has(id)) return r.reveal(id);
  return null;
}

/** A window with one more card kept in the DOM outside it (the one being dragged), at its place in the list. */
export interface PinnedRange extends WindowRange {
  /**
   * The kept card's index, drawn before the window's cards or after them; `space` is the room
   * for the cards between it and the window. null when there is none or it is inside the window.
   */
  pinned: { index: number; side: 'before' | 'after'; space: number } | null;
}

/**
 * Keeps the card at `index` drawn whatever the window: a dragged card whose element left the DOM
 * would end the drag. The padding is split around it so every card stays where it would be.
 */
export function pinInto(range: WindowRange, ids: readonly string[], index: number, h: Heights): PinnedRange {
  if (index < 0 || index >= ids.length || (index >= range.start && index < range.end)) return { ...range, pinned: null };
  const at = offsetOf(ids, index, h);
  const step = (h.of(ids[index]) ?? h.estimate) + h.gap;
  if (index < range.start) {
    return { ...range, before: at, pinned: { index, side: 'before', space: Math.max(0, range.before - at - step) } };
  }
  const space = Math.max(0, at - offsetOf(ids, range.end, h));
  return { ...range, after: Math.max(0, range.after - space - step), pinned: { index, side: 'after', space } };
}
