import { expect, test } from 'vitest';
import { formatAge } from './age.ts';
import { format, type MessageKey } from './i18n.svelte.ts';
import { da } from './i18n/da.ts';

const t = (key: MessageKey, params?: Record<string, string | number>) => format(da[key], params);
const now = new Date('2026-11-30T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

test('age reads coarse, in Danish', () => {
  expect(formatAge(ago(20_000), now, t)).toBe('lige nu');
  expect(formatAge(ago(5 * 60_000), now, t)).toBe('5 min');
  expect(formatAge(ago(83 * 60_000), now, t)).toBe('1 t 23 min');
  expect(formatAge(ago(26 * 3_600_000), now, t)).toBe('1 d 2 t');
});

test('a clock slightly behind the server never shows a negative age', () => {
  expect(formatAge(ago(-30_000), now, t)).toBe('lige nu');
});
