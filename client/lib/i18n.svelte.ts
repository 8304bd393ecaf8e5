// All UI text goes through here. Danish is the default; the choice is remembered per browser.
import { da, type MessageKey } from './i18n/da.ts';
import { en } from './i18n/en.ts';
import { storage } from './storage.ts';

export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { da, en };

const STORAGE_KEY = 'warroom.lang';

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export class I18n {
  locale = $state<Locale>('da');

  constructor() {
    const saved = storage.get(STORAGE_KEY);
    if (isLocale(saved)) this.locale = saved;
    this.#reflect();
  }

  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    return format(dictionaries[this.locale][key] ?? key, params);
  };

  set(locale: Locale): void {
    this.locale = locale;
    storage.set(STORAGE_KEY, locale);
    this.#reflect();
  }

  #reflect(): void {
    // Screen readers pick the voice from <html lang>.
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
  }
}

export const i18n = new I18n();
export const t = i18n.t;
