// The languages the parents' poster is shipped in, each named in itself, as a parent looks for
// it. Apart from the poster's words (poster-texts.ts), so a screen that only names the languages
// does not fetch the texts of all eight.

export const POSTER_LANGUAGES = ['da', 'en', 'ar', 'so', 'tr', 'uk', 'pl', 'ur'] as const;
export type PosterLanguage = (typeof POSTER_LANGUAGES)[number];

export const POSTER_LANGUAGE_NAMES: Record<PosterLanguage, string> = {
  da: 'Dansk',
  en: 'English',
  ar: 'العربية',
  so: 'Soomaali',
  tr: 'Türkçe',
  uk: 'Українська',
  pl: 'Polski',
  ur: 'اردو',
};

export function isPosterLanguage(code: string): code is PosterLanguage {
  return (POSTER_LANGUAGES as readonly string[]).includes(code);
}

/** A language's name as a reader of `lang` writes it ("arabisk", "Carabi"); the code when unknown. */
export function languageName(code: string, lang: PosterLanguage): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
