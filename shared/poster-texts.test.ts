import { describe, expect, it } from 'vitest';
import { POSTER_LANGUAGES, POSTER_TEXT_FIELDS, posterTexts, SHIPPED_POSTER_TEXTS } from './poster-texts.ts';
import { checkSettings, type RolloutSettings } from './settings.ts';

const BASE: RolloutSettings = {
  municipality: 'Svendborg Kommune',
  rollout: { name: 'Aula', start: '2026-12-01', end: '2026-12-05' },
  institutions: [{ id: 'bh-solsikken', name: 'Børnehuset Solsikken' }],
  categories: [{ id: 'login', da: 'Login', en: 'Login', keywords: [] }],
};

describe("the poster's shipped texts", () => {
  it('every language has every field, in words of its own, and Arabic and Urdu run right to left', () => {
    for (const lang of POSTER_LANGUAGES) {
      const { texts, dir, name } = SHIPPED_POSTER_TEXTS[lang];
      expect(Object.keys(texts).sort(), lang).toEqual([...POSTER_TEXT_FIELDS].sort());
      for (const field of POSTER_TEXT_FIELDS) expect(texts[field].trim().length, `${lang}.${field}`).toBeGreaterThan(0);
      expect(name.length).toBeGreaterThan(0);
      expect(dir, lang).toBe(lang === 'ar' || lang === 'ur' ? 'rtl' : 'ltr');
      if (lang !== 'da') expect(texts.intro, lang).not.toBe(SHIPPED_POSTER_TEXTS.da.texts.intro);
    }
  });

  it("the lead's edit replaces its own field of its own language, and nothing else", () => {
    const edits = { ar: { title: 'أسئلة عن Aula؟' }, so: { noCafes: 'Weydii shaqaalaha.' } };
    const ar = posterTexts('ar', edits);
    expect(ar.title).toBe('أسئلة عن Aula؟');
    expect(ar.intro).toBe(SHIPPED_POSTER_TEXTS.ar.texts.intro);
    expect(posterTexts('da', edits)).toEqual(SHIPPED_POSTER_TEXTS.da.texts);
    expect(posterTexts('so', edits).noCafes).toBe('Weydii shaqaalaha.');
    expect(posterTexts('en', null)).toEqual(SHIPPED_POSTER_TEXTS.en.texts);
  });
});

describe('poster settings are checked with the rest', () => {
  const check = (patch: Partial<RolloutSettings>) => checkSettings({ ...BASE, ...patch });
  const centre = (posterLanguages: string[]) => ({ institutions: [{ ...BASE.institutions[0], posterLanguages }] });

  it('takes shipped languages and edited fields', () => {
    expect(check({ ...centre(['da', 'ar', 'ur']), poster: { texts: { ar: { title: 'مرحباً' } } } }).ok).toBe(true);
  });

  it('refuses a language without shipped texts, a language twice, none at all, and names the field', () => {
    expect(check(centre(['da', 'fr']))).toMatchObject({ ok: false, field: '/institutions/0/posterLanguages/1', reason: 'unknown_language' });
    expect(check(centre(['ar', 'ar']))).toMatchObject({ ok: false, field: '/institutions/0/posterLanguages/1', reason: 'duplicate' });
    expect(check(centre([]))).toMatchObject({ ok: false, field: '/institutions/0/posterLanguages', reason: 'too_short' });
  });

  it('refuses edited texts for an unknown language or field, and an empty text', () => {
    const texts = (t: unknown) => checkSettings({ ...BASE, poster: { texts: t } });
    expect(texts({ fr: { title: 'Bonjour' } })).toMatchObject({ ok: false, field: '/poster/texts/fr', reason: 'unknown_field' });
    expect(texts({ ar: { slogan: 'x' } })).toMatchObject({ ok: false, field: '/poster/texts/ar/slogan', reason: 'unknown_field' });
    expect(texts({ so: { title: '' } })).toMatchObject({ ok: false, field: '/poster/texts/so/title', reason: 'too_short' });
  });
});
