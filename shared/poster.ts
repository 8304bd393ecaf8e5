// The parents' poster for one centre: the support chain with names, and the next help cafés.
import { languageName, type PosterLanguage } from './poster-languages.ts';
import type { PosterTexts } from './poster-texts.ts';
import { parseRosterTime } from './roster.ts';

export interface HelpCafe {
  /** Local Danish time, "2026-12-01T16:00". */
  start: string;
  end: string;
  place: string;
  note?: string;
  institutions?: string[];
  /** Language codes help is offered in besides Danish. */
  languages?: string[];
}

export interface PosterCafe {
  start: string;
  end: string;
  place: string;
  note: string | null;
  /** Language codes help is offered in besides Danish. */
  languages: string[];
}

/** A language a café offers, named in the poster's language. */
export interface NamedLanguage {
  code: string;
  name: string;
}

export interface Poster {
  municipality: string;
  institution: { id: string; name: string };
  superusers: string[];
  consultants: { name: string; phone: string | null; email: string | null }[];
  helpCafes: (Omit<PosterCafe, 'languages'> & { languages: NamedLanguage[] })[];
  /** Where the centre's staff report a case: the poster's QR code. */
  intakeUrl: string;
  /** The language this poster is in, its direction and its words (shipped, or as the lead edited them). */
  lang: PosterLanguage;
  dir: 'ltr' | 'rtl';
  texts: PosterTexts;
  /** The languages the lead chose to print for this centre. */
  languages: PosterLanguage[];
}

/** What a café offers, for a poster in `lang`: Danish first, then the others, each in `lang`'s words. */
export function cafeLanguages(codes: readonly string[], lang: PosterLanguage): NamedLanguage[] {
  return [...new Set(['da', ...codes])].map((code) => ({ code, name: languageName(code, lang) }));
}

/** The cafés this centre's parents can still go to, soonest first; a café naming no centre is for all of them. */
export function upcomingCafes(cafes: readonly HelpCafe[], institution: string, now: Date, limit = 4): PosterCafe[] {
  return cafes
    .filter((c) => !c.institutions?.length || c.institutions.includes(institution))
    .map((c) => ({ start: parseRosterTime(c.start), end: parseRosterTime(c.end), place: c.place, note: c.note ?? null, languages: c.languages ?? [] }))
    .filter((c): c is { start: Date; end: Date; place: string; note: string | null; languages: string[] } => c.start !== null && c.end !== null && c.end > now)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .slice(0, limit)
    .map((c) => ({ ...c, start: c.start.toISOString(), end: c.end.toISOString() }));
}
