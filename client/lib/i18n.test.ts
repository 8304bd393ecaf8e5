import { describe, expect, test } from 'vitest';
import { da } from './i18n/da.ts';
import { en } from './i18n/en.ts';
import { format } from './i18n.svelte.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  test('Danish and English have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
  });

  test('every text is filled in and uses the same placeholders in both languages', () => {
    for (const key of Object.keys(da) as (keyof typeof da)[]) {
      expect(da[key].trim(), `da ${key}`).not.toBe('');
      expect(en[key].trim(), `en ${key}`).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(da[key]));
    }
  });
});

describe('format', () => {
  test('fills named placeholders and leaves unknown ones visible', () => {
    expect(format('({count}) {title}', { count: 3, title: 'War room' })).toBe('(3) War room');
    expect(format('Hej {name}', {})).toBe('Hej {name}');
  });
});
