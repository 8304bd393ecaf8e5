// Every date and time the client shows, in Danish time whatever the browser's own zone, in the
// reader's language. One formatter per language and style, made once: making one per card would
// cost more than the rest of the card at thousands of cards.
import { ROSTER_TIME_ZONE } from '../../shared/roster.ts';
import type { Locale } from './i18n.svelte.ts';

const STYLES = {
  /** "3. dec. 14.05": a moment on the board. */
  when: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  /** "3.12.2026 14.05.09": a card's full time, for its tooltip. */
  stamp: { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
  /** "3. december 2026 kl. 14.05": when a link or a report was made. */
  moment: { dateStyle: 'long', timeStyle: 'short' },
  /** "torsdag 3. december" */
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  /** "tor. 3.12" */
  shortDay: { weekday: 'short', day: 'numeric', month: 'numeric' },
  /** "3. december 2026" */
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  /** "14.05" */
  time: { hour: '2-digit', minute: '2-digit' },
  /** "tor. 3. dec. 14.05": a point on a time chart. */
  dayTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof STYLES;

const TAG: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };
const formats = new Map<string, Intl.DateTimeFormat>();

/** The one formatter for a language and style, pinned to Danish time. */
export function dateFormat(locale: Locale, style: DateStyle): Intl.DateTimeFormat {
  const key = `${locale} ${style}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(TAG[locale], { ...STYLES[style], timeZone: ROSTER_TIME_ZONE });
    formats.set(key, f);
  }
  return f;
}

/** A moment (ISO text, epoch ms or Date) in Danish time. */
export function formatDate(at: string | number | Date, locale: Locale, style: DateStyle): string {
  return dateFormat(locale, style).format(typeof at === 'object' ? at : new Date(at));
}

/** A calendar day ("2026-12-03") as itself: its Danish noon names the same day everywhere. */
export function formatDay(day: string, locale: Locale, style: DateStyle = 'day'): string {
  return formatDate(`${day}T12:00:00+01:00`, locale, style);
}

export function formatWhen(iso: string, locale: Locale): string {
  return formatDate(iso, locale, 'when');
}

export function formatStamp(iso: string, locale: Locale): string {
  return formatDate(iso, locale, 'stamp');
}
