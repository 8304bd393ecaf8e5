import { beforeEach, describe, expect, test } from 'vitest';
import { I18n } from './i18n.svelte.ts';
import { useMemoryStorage } from './testing/memory-storage.ts';

describe('I18n', () => {
  beforeEach(() => {
    useMemoryStorage();
  });

  test('Danish by default', () => {
    const i18n = new I18n();
    expect(i18n.locale).toBe('da');
    expect(i18n.t('column.resolved')).toBe('Løst i dag');
  });

  test('the chosen language is remembered for the next visit', async () => {
    await new I18n().set('en');
    const next = new I18n();
    await next.ready;
    expect(next.locale).toBe('en');
    expect(next.t('column.resolved')).toBe('Resolved today');
  });

  test('English is shown only once its texts are here, and of two quick choices the last wins', async () => {
    const i18n = new I18n();
    const english = i18n.set('en');
    expect(i18n.t('column.resolved')).toBe('Løst i dag');
    await Promise.all([english, i18n.set('da')]);
    expect(i18n.locale).toBe('da');
    expect(globalThis.localStorage.getItem('warroom.lang')).toBe('da');
  });

  test('a garbled stored value falls back to Danish', () => {
    globalThis.localStorage.setItem('warroom.lang', 'klingon');
    expect(new I18n().locale).toBe('da');
  });
});
