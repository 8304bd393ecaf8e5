// The English of cafe.ts, spread into en.ts. A file of its own so a Danish reader's browser
// never fetches it (i18n.svelte.ts loads English when it is chosen).
import type { cafeDa } from './cafe.ts';

export const cafeEn: Record<keyof typeof cafeDa, string> = {
  'cafe.heading': 'Next help café',
  'cafe.now': 'On now',
  'cafe.time': '{from}–{to}',
  'cafe.languages': 'Help in {languages}',
  'cafe.for': 'For',
};
