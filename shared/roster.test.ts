import { describe, expect, test } from 'vitest';
import { readCsv } from './csv.ts';
import { checkShiftList, formatRosterTime, nextOnDuty, onDutyNow, parseRosterTime, shiftEndedClaims, type Shift } from './roster.ts';
import { parseRosterCsv } from './roster-csv.ts';

const shift = (username: string, start: string, end: string): Shift => ({ username, start, end });

describe('parseRosterTime', () => {
  test('reads Danish wall-clock time, winter (+01:00) and summer (+02:00)', () => {
    expect(parseRosterTime('2026-11-30 08:00')?.toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(parseRosterTime('2026-07-01 08:00')?.toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(parseRosterTime('2026-11-30T08:00')?.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });

  test('takes ISO date-times with an offset as they are', () => {
    expect(parseRosterTime('2026-11-30T08:00:00Z')?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(parseRosterTime('2026-11-30T08:00:00.000+01:00')?.toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(parseRosterTime('2026-11-30T08:00-0130')?.toISOString()).toBe('2026-11-30T09:30:00.000Z');
  });

  test.each(['30/11 08:00', '2026-11-31 08:00', '2026-13-01 08:00', '2026-11-30 24:00', '2026-11-30', ''])('refuses %j', (text) => {
    expect(parseRosterTime(text)).toBeNull();
  });

  test('formats back to the wall clock', () => {
    expect(formatRosterTime('2026-11-30T07:00:00.000Z')).toBe('2026-11-30 08:00');
  });
});

describe('readCsv', () => {
  test('handles a BOM, CRLF, blank lines, quotes and the Danish semicolon', () => {
    const r = readCsv('\uFEFFa,"b, c",d\r\n\r\n"say ""hi""",x,y\r\n');
    expect(r).toEqual({ ok: true, rows: [{ line: 1, fields: ['a', 'b, c', 'd'] }, { line: 3, fields: ['say "hi"', 'x', 'y'] }] });
    expect(readCsv('a;Holm, Lene;c')).toEqual({ ok: true, rows: [{ line: 1, fields: ['a', 'Holm, Lene', 'c'] }] });
  });

  test('names the line of an unclosed quote', () => {
    expect(readCsv('a,b,c\n"oops,b,c')).toMatchObject({ ok: false, line: 2 });
    expect(readCsv('a,b,c\n"oops,b,c\nd,e,f\n')).toMatchObject({ ok: false, line: 2 });
  });

  test('keeps a quote inside an unquoted field as text, and skips lines of spaces', () => {
    expect(readCsv('bo,"Bo ""B"" Holm",x\n   \nanna,5" skærm,y')).toEqual({
      ok: true,
      rows: [
        { line: 1, fields: ['bo', 'Bo "B" Holm', 'x'] },
        { line: 3, fields: ['anna', '5" skærm', 'y'] },
      ],
    });
  });

  // The hand-written reader took 83 s over the first input. A synchronous test cannot be cut
  // off by its timeout, so the bound is explicit: far above a linear read's time even on a
  // loaded machine (a linear read takes milliseconds; speed itself is the bench's).
  test('reads a quarter megabyte of letters and quotes in one pass: a refusal, at once', () => {
    const started = performance.now();
    // One line (longer than any import line may be), and the same spread over short lines.
    expect(readCsv('a"'.repeat(125 * 1024))).toMatchObject({ ok: false, line: 1 });
    const lines = readCsv(('a"'.repeat(500) + '\n').repeat(250));
    expect(lines.ok && lines.rows).toHaveLength(250);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('parseRosterCsv', () => {
  test('reads shifts with or without the header, normalised to UTC and sorted by start', () => {
    const withHeader = parseRosterCsv('username,start,end\nbo,2026-11-30 12:00,2026-11-30 16:00\nAnna,2026-11-30 08:00,2026-11-30 12:00\n');
    expect(withHeader).toEqual({
      ok: true,
      shifts: [shift('anna', '2026-11-30T07:00:00.000Z', '2026-11-30T11:00:00.000Z'), shift('bo', '2026-11-30T11:00:00.000Z', '2026-11-30T15:00:00.000Z')],
    });
    expect(parseRosterCsv('bo,2026-11-30 12:00,2026-11-30 16:00\nanna,2026-11-30 08:00,2026-11-30 12:00')).toEqual(withHeader);
  });

  test('an end before the start names the line and both times', () => {
    const r = parseRosterCsv('username,start,end\nanna,2026-11-30 08:00,2026-11-30 12:00\nbo,2026-11-30 08:00,2026-11-30 12:00\nbo,2026-11-30 12:00,2026-11-30 08:00');
    expect(r).toEqual({ ok: false, line: 4, message: 'Line 4: end 2026-11-30 08:00 is before start 2026-11-30 12:00', code: 'roster_invalid', params: { username: 'bo', line: 4 } });
  });

  test.each([
    ['a wrong field count', 'anna,2026-11-30 08:00', 1, /expected 3 fields/],
    ['a bad time', 'anna,30/11 kl 8,2026-11-30 12:00', 1, /start "30\/11 kl 8" is not a date and time/],
    ['a bad username', 'Anna Berg,2026-11-30 08:00,2026-11-30 12:00', 1, /username "Anna Berg" is not a login name/],
    ['a zero-length shift', 'anna,2026-11-30 08:00,2026-11-30 08:00', 1, /same as start/],
    ['a shift of days', 'anna,2026-11-30 08:00,2026-12-02 08:00', 1, /longer than 16 hours/],
    ['an empty file', 'username,start,end\n', 1, /no shifts/],
  ])('refuses %s', (_label, csv, line, message) => {
    const r = parseRosterCsv(csv);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.line).toBe(line);
      expect(r.message).toMatch(message);
      expect(r.message).toMatch(new RegExp(`^Line ${line}: `));
    }
  });

  test('refuses a double booking at the later line', () => {
    const r = parseRosterCsv('anna,2026-11-30 08:00,2026-11-30 12:00\nbo,2026-11-30 08:00,2026-11-30 12:00\nanna,2026-11-30 11:00,2026-11-30 15:00');
    expect(r).toMatchObject({ ok: false, line: 3 });
    if (!r.ok) expect(r.message).toBe("Line 3: anna's shift 2026-11-30 11:00–2026-11-30 15:00 overlaps their shift 2026-11-30 08:00–2026-11-30 12:00 (line 1)");
    expect(r).toMatchObject({ code: 'roster_overlap', params: { username: 'anna', start: '2026-11-30 11:00', end: '2026-11-30 15:00', otherStart: '2026-11-30 08:00', otherEnd: '2026-11-30 12:00' } });
  });

  test('back-to-back shifts of one person are fine', () => {
    expect(parseRosterCsv('anna,2026-11-30 08:00,2026-11-30 12:00\nanna,2026-11-30 12:00,2026-11-30 16:00').ok).toBe(true);
  });

  test('JSON shifts get the same checks, named by person and times, never by position', () => {
    const r = checkShiftList([shift('anna', '2026-11-30T12:00:00Z', '2026-11-30T08:00:00Z')]);
    expect(r).toMatchObject({ ok: false, line: 1, message: /^end/, code: 'roster_end_before_start', params: { username: 'anna', start: '2026-11-30 13:00', end: '2026-11-30 09:00' } });
    const overlap = checkShiftList([shift('bo', '2026-11-30T07:00:00Z', '2026-11-30T11:00:00Z'), shift('bo', '2026-11-30T10:00:00Z', '2026-11-30T12:00:00Z')]);
    expect(overlap).toMatchObject({ ok: false, code: 'roster_overlap', params: { username: 'bo', start: '2026-11-30 11:00', end: '2026-11-30 13:00', otherStart: '2026-11-30 08:00', otherEnd: '2026-11-30 12:00' } });
    if (!overlap.ok) expect(overlap.message).not.toMatch(/[Ss]hift \d+\b(?!-)/);
  });

  test('at most 2000 shifts', () => {
    const many = Array.from({ length: 2001 }, (_, i) => shift(`u${i}`, '2026-11-30T08:00:00Z', '2026-11-30T09:00:00Z'));
    expect(checkShiftList(many)).toMatchObject({ ok: false, line: 2001, message: /at most 2000/ });
  });
});

describe('on duty', () => {
  const shifts = [
    shift('anna', '2026-11-30T07:00:00.000Z', '2026-11-30T11:00:00.000Z'),
    shift('bo', '2026-11-30T07:00:00.000Z', '2026-11-30T15:00:00.000Z'),
    shift('cai', '2026-11-30T11:00:00.000Z', '2026-11-30T15:00:00.000Z'),
    shift('dina', '2026-11-30T11:00:00.000Z', '2026-11-30T13:00:00.000Z'),
    shift('anna', '2026-12-01T07:00:00.000Z', '2026-12-01T11:00:00.000Z'),
  ];

  test('now: start inclusive, end exclusive, the first to leave first', () => {
    expect(onDutyNow(shifts, new Date('2026-11-30T08:00:00Z')).map((s) => s.username)).toEqual(['anna', 'bo']);
    expect(onDutyNow(shifts, new Date('2026-11-30T11:00:00Z')).map((s) => s.username)).toEqual(['dina', 'bo', 'cai']);
    expect(onDutyNow(shifts, new Date('2026-11-30T20:00:00Z'))).toEqual([]);
  });

  test('next: everyone starting at the next start time', () => {
    expect(nextOnDuty(shifts, new Date('2026-11-30T08:00:00Z')).map((s) => s.username)).toEqual(['cai', 'dina']);
    expect(nextOnDuty(shifts, new Date('2026-11-30T20:00:00Z')).map((s) => s.start)).toEqual(['2026-12-01T07:00:00.000Z']);
    expect(nextOnDuty(shifts, new Date('2026-12-02T00:00:00Z'))).toEqual([]);
  });
});

describe('shiftEndedClaims', () => {
  const shifts = [shift('anna', '2026-11-30T07:00:00.000Z', '2026-11-30T11:00:00.000Z'), shift('bo', '2026-11-30T07:00:00.000Z', '2026-11-30T15:00:00.000Z')];
  const c = (id: string, status: string, who: string | null) => ({ id, status, assignee: who ? { id: who, username: who, name: who } : null });
  const cases = [
    c('1', 'claimed', 'anna'),
    c('2', 'waiting', 'anna'),
    c('3', 'escalated', 'anna'),
    c('4', 'resolved', 'anna'),
    c('5', 'new', null),
    c('6', 'claimed', 'bo'),
    c('7', 'claimed', 'lead'),
  ];

  test("flags open claims of someone whose shift ended, not of those on duty or never booked", () => {
    expect(shiftEndedClaims(cases, shifts, new Date('2026-11-30T12:00:00Z')).map((x) => x.id)).toEqual(['1', '2', '3']);
    expect(shiftEndedClaims(cases, shifts, new Date('2026-11-30T10:00:00Z'))).toEqual([]);
    expect(shiftEndedClaims(cases, shifts, new Date('2026-11-30T15:00:00Z')).map((x) => x.id)).toEqual(['1', '2', '3', '6']);
  });

  test('someone back on duty in a later shift is not flagged', () => {
    const later = [...shifts, shift('anna', '2026-11-30T13:00:00.000Z', '2026-11-30T17:00:00.000Z')];
    expect(shiftEndedClaims(cases, later, new Date('2026-11-30T14:00:00Z')).map((x) => x.id)).toEqual([]);
  });
});
