// All UI text goes through here. Danish is the default; the choice is remembered per browser.
// Danish comes with the page; English is fetched the first time it is chosen (or remembered),
// so a Danish reader's browser never downloads it.
import { da, type MessageKey } from './i18n/da.ts';
import { storage } from './storage.ts';

export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };
export type Dictionary = Record<MessageKey, string>;

const loaders: Record<Locale, () => Promise<Dictionary>> = {
  da: async () => da,
  en: async () => (await import('./i18n/en.ts')).en,
};
const loaded: Partial<Record<Locale, Dictionary>> = { da };

/** A language's texts, fetched once. */
export async function dictionary(locale: Locale): Promise<Dictionary> {
  return (loaded[locale] ??= await loaders[locale]());
}

const STORAGE_KEY = 'warroom.lang';

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export class I18n {
  /** Only ever a language whose texts are here: it changes once they are, so no key shows meanwhile. */
  locale = $state<Locale>('da');
  /**
   * Settles once the remembered language's texts are here; the app mounts after it, so an
   * English reader never sees the page in Danish first. If they cannot be fetched, the page shows in Danish.
   */
  readonly ready: Promise<void>;
  /** The language asked for last: of two quick clicks the second wins, whichever loads first. */
  #wanted: Locale = 'da';

  constructor() {
    const saved = storage.get(STORAGE_KEY);
    this.ready = isLocale(saved) ? this.#show(saved).catch(() => undefined) : Promise.resolve();
    this.#reflect();
  }

  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    return format(loaded[this.locale]?.[key] ?? key, params);
  };

  /** Switches once the language's texts are here; rejects, leaving the language as it was, if they cannot be fetched. */
  async set(locale: Locale): Promise<void> {
    await this.#show(locale);
    if (this.locale === locale) storage.set(STORAGE_KEY, locale);
  }

  async #show(locale: Locale): Promise<void> {
    this.#wanted = locale;
    await dictionary(locale);
    if (this.#wanted !== locale) return;
    this.locale = locale;
    this.#reflect();
  }

  #reflect(): void {
    // Screen readers pick the voice from <html lang>.
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
  }
}

export const i18n = new I18n();
export const t = i18n.t;
