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
