import { afterEach, describe, expect, test } from 'vitest';
import { cafeLines, languageName } from './cafe-view.ts';
import { i18n } from './i18n.svelte.ts';

const CAFE = { start: '2026-12-08T15:30:00.000Z', end: '2026-12-08T17:00:00.000Z', place: 'Tåsinge Forsamlingshus', note: null, languages: ['ar', 'so'], institutions: [] };

afterEach(() => i18n.set('da'));

describe('a help café in the reader’s words', () => {
  test('its day, hours in Danish time and languages, Danish first, in Danish and in English', async () => {
    await i18n.set('da');
    expect(cafeLines(CAFE, 'da')).toEqual({ day: 'tirsdag 8. december', hours: '16.30–18.00', languages: 'Hjælp på dansk, arabisk og somali' });
    await i18n.set('en');
    expect(cafeLines(CAFE, 'en')).toEqual({ day: 'Tuesday 8 December', hours: '16:30–18:00', languages: 'Help in Danish, Arabic and Somali' });
    expect(cafeLines({ ...CAFE, languages: [] }, 'en').languages).toBe('Help in Danish');
  });

  test('a code the browser has no name for is shown as itself', () => {
    expect(languageName('ur', 'da')).toBe('urdu');
    expect(languageName('qqq', 'en')).toBe('qqq');
  });
});
