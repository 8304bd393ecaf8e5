import { describe, expect, test } from 'vitest';
import { daDay, daNumber, daPercent, daPeriod, daSpan } from './report-format.ts';

describe('the report writes Danish', () => {
  test('spans, shares and numbers', () => {
    expect(daSpan(12 * 60_000)).toBe('12 min');
    expect(daSpan(65 * 60_000)).toBe('1 t 5 min');
    expect(daSpan(null)).toBe('–');
    expect(daPercent(0.5)).toBe('50 %');
    expect(daNumber(1.25)).toBe('1,3');
  });

  test('days in Danish time, the period with its last day included', () => {
    // 23:30 UTC on 29 November is already Monday 30 November in Denmark.
    expect(daDay('2026-11-29T23:30:00Z')).toBe('mandag 30. november');
    expect(daPeriod('2026-11-29T23:00:00.000Z', '2026-12-06T23:00:00.000Z')).toBe('30. november 2026 – 6. december 2026');
  });
});
