import { afterEach, describe, expect, test, vi } from 'vitest';

const AT = '2026-12-05T08:30:00Z';

describe('formatWhen and formatStamp', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('make one formatter per language and kind, however many cards they format', async () => {
    vi.resetModules();
    const Real = Intl.DateTimeFormat;
    // Counts the formatters made; each is the browser's own.
    const made = vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      return new Real(...args);
    } as unknown as typeof Intl.DateTimeFormat);
    const { formatWhen, formatStamp } = await import('./when.ts');
    const texts = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      texts.add(formatWhen(AT, 'da'));
      texts.add(formatWhen(AT, 'en'));
      texts.add(formatStamp(AT, 'da'));
    }
    expect(made).toHaveBeenCalledTimes(3);
    expect(texts.size).toBe(3);
    // Danish time, whatever the machine's zone: 08:30 UTC is 09:30 in December.
    expect(formatWhen(AT, 'da')).toMatch(/09[.:]30/);
  });
});
