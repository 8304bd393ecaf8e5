// The next help café on the wall screen and a superuser's page, in Danish, spread into da.ts
// (the English is in cafe-en.ts). Language names come from the browser (Intl.DisplayNames) in
// the reader's language.
export const cafeDa = {
  'cafe.heading': 'Næste hjælpecafé',
  'cafe.now': 'I gang nu',
  'cafe.time': '{from}–{to}',
  'cafe.languages': 'Hjælp på {languages}',
  /** Before the names of the centres a café is for. */
  'cafe.for': 'For',
};
