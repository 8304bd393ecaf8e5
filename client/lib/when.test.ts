import { describe, expect, test } from 'vitest';
import { dateFormat, formatDate, formatDay } from './when.ts';

describe('dates in Danish time', () => {
  test('a moment is said in Danish time whatever the zone of the reader, in either language', () => {
    // 23:30 UTC on 30 November is 00:30 on 1 December in Copenhagen.
    expect(formatDate('2026-11-30T23:30:00Z', 'da', 'time')).toBe('00.30');
    expect(formatDate('2026-11-30T23:30:00Z', 'en', 'day')).toBe('Tuesday 1 December');
    expect(formatDate('2026-11-30T23:30:00Z', 'da', 'day')).toBe('tirsdag 1. december');
    expect(formatDate(Date.parse('2026-06-30T22:30:00Z'), 'da', 'date')).toBe('1. juli 2026');
  });

  test('a calendar day is that day, summer or winter', () => {
    expect(formatDay('2026-06-21', 'da')).toBe('søndag 21. juni');
    expect(formatDay('2026-12-06', 'en', 'shortDay')).toBe('Sun 06/12');
  });

  test('one formatter per language and style', () => {
    expect(dateFormat('da', 'when')).toBe(dateFormat('da', 'when'));
    expect(dateFormat('da', 'when')).not.toBe(dateFormat('en', 'when'));
    expect(dateFormat('da', 'when').resolvedOptions().timeZone).toBe('Europe/Copenhagen');
  });
});
