// A help café in the reader's words: its day, its hours and the languages it offers, in Danish time.
import type { NextCafe } from '../../shared/next-cafe-schemas.ts';
import { i18n, type Locale } from './i18n.svelte.ts';
import { formatDate } from './when.ts';

const languageNames = new Map<Locale, Intl.DisplayNames>();

/** A language code ("ar") as its name in the reader's language ("arabisk"); the code when the browser has no name for it. */
export function languageName(code: string, locale: Locale): string {
  let names = languageNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    languageNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

export interface CafeLines {
  day: string;
  hours: string;
  languages: string;
}

const LIST_TAG: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

export function cafeLines(cafe: NextCafe, locale: Locale): CafeLines {
  // Danish always: the cafés are held in Danish, with help in the other languages besides.
  const names = ['da', ...cafe.languages.filter((code) => code !== 'da')].map((code) => languageName(code, locale));
  return {
    day: formatDate(cafe.start, locale, 'day'),
    hours: i18n.t('cafe.time', { from: formatDate(cafe.start, locale, 'time'), to: formatDate(cafe.end, locale, 'time') }),
    languages: i18n.t('cafe.languages', { languages: new Intl.ListFormat(LIST_TAG[locale], { type: 'conjunction' }).format(names) }),
  };
}
