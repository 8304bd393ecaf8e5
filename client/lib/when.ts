// A moment as the board's readers say it: day and time in Danish time, in the chosen language.
import type { Locale } from './i18n.svelte.ts';

const formats = new Map<Locale, Intl.DateTimeFormat>();

export function formatWhen(iso: string, locale: Locale): string {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });
    formats.set(locale, f);
  }
  return f.format(new Date(iso));
}

const stamps = new Map<Locale, Intl.DateTimeFormat>();

/**
 * Date and time as the browser's own `toLocaleString` gives it, from a formatter made once per
 * language: making one per card would cost more than the rest of the card at thousands of cards.
 */
export function formatStamp(iso: string, locale: Locale): string {
  let f = stamps.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    stamps.set(locale, f);
  }
  return f.format(new Date(iso));
}
