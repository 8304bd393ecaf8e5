// The board's keyboard shortcuts: which key does what, and where the selection moves.
// Pure, so the rules are tested without a browser; BoardKeys wires them to the page.
import type { MessageKey } from './i18n.svelte.ts';

export type Move = 'down' | 'up' | 'left' | 'right';
export type CaseShortcut = 'open' | 'claim' | 'resolve' | 'wait' | 'escalate' | 'note';
export type Shortcut = Move | CaseShortcut | 'search' | 'help';

const KEYS: Record<string, Shortcut> = {
  j: 'down',
  ArrowDown: 'down',
  k: 'up',
  ArrowUp: 'up',
  h: 'left',
  ArrowLeft: 'left',
  l: 'right',
  ArrowRight: 'right',
  Enter: 'open',
  o: 'open',
  c: 'claim',
  r: 'resolve',
  w: 'wait',
  e: 'escalate',
  n: 'note',
  '/': 'search',
  '?': 'help',
};

/** The list in the "?" overlay, in the order a newcomer needs it. */
export const SHORTCUT_HELP: { keys: string[]; label: MessageKey }[] = [
  { keys: ['j', 'k', '↓', '↑'], label: 'shortcuts.cards' },
  { keys: ['h', 'l', '←', '→'], label: 'shortcuts.columns' },
  { keys: ['Enter', 'o'], label: 'shortcuts.open' },
  { keys: ['c'], label: 'shortcuts.claim' },
  { keys: ['r'], label: 'shortcuts.resolve' },
  { keys: ['w'], label: 'shortcuts.wait' },
  { keys: ['e'], label: 'shortcuts.escalate' },
  { keys: ['n'], label: 'shortcuts.note' },
  { keys: ['/'], label: 'shortcuts.search' },
  { keys: ['?'], label: 'shortcuts.help' },
  { keys: ['Esc'], label: 'shortcuts.escape' },
];

interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | ElementLike | null;
}

/** What a key's target is read for; a DOM element is one. */
export interface ElementLike {
  tagName?: string;
  isContentEditable?: boolean;
  closest?: (selector: string) => unknown;
}

/** Typing in a field, or working a control that uses the arrow keys itself. */
export function isTyping(target: EventTarget | ElementLike | null | undefined): boolean {
  const el = target as ElementLike | null | undefined;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase());
}

/** The shortcut for a key press, or null when the key is not one, or the person is typing. */
export function shortcutFor(event: KeyLike): Shortcut | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(event.target)) return null;
  const shortcut = KEYS[event.key] ?? null;
  // Enter on a button is that button's own click, not "open the case".
  if (shortcut === 'open' && event.key === 'Enter' && (event.target as ElementLike | null)?.tagName?.toUpperCase() === 'BUTTON') return null;
  return shortcut;
}

/**
 * The card to select after a move, given the card ids column by column as shown. With
 * nothing selected, any move selects the first card there is. Sideways it keeps the row as
 * far as the next column reaches, and skips empty columns.
 */
export function moveSelection(columns: readonly (readonly string[])[], current: string | null, move: Move): string | null {
  const col = current === null ? -1 : columns.findIndex((ids) => ids.includes(current));
  if (col === -1) return columns.find((ids) => ids.length > 0)?.[0] ?? null;
  const row = columns[col].indexOf(current!);
  if (move === 'down') return columns[col][Math.min(row + 1, columns[col].length - 1)];
  if (move === 'up') return columns[col][Math.max(row - 1, 0)];
  const step = move === 'right' ? 1 : -1;
  for (let c = col + step; c >= 0 && c < columns.length; c += step) {
    if (columns[c].length > 0) return columns[c][Math.min(row, columns[c].length - 1)];
  }
  return current;
}
