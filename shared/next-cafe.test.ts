import { describe, expect, it } from 'vitest';
import { cafeAt, nextCafes, nextChangeAt } from './next-cafe.ts';
import type { HelpCafeSettings } from './settings.ts';

const CAFES: HelpCafeSettings[] = [
  { start: '2026-12-08T16:30', end: '2026-12-08T18:00', place: 'Tåsinge Forsamlingshus', languages: ['ar', 'so'] },
  { start: '2026-12-03T16:00', end: '2026-12-03T18:00', place: 'Solsikken', institutions: ['bh-solsikken'], note: 'Tag telefonen med' },
  { start: '2026-12-04T16:00', end: '2026-12-04T18:00', place: 'Alle, tom liste', institutions: [] },
  { start: '2026-11-20T16:00', end: '2026-11-20T18:00', place: 'Forbi' },
];

describe('the next help café', () => {
  it("gives a superuser their centre's cafés and those for every centre, with languages, soonest first", () => {
    const now = new Date('2026-12-02T08:00:00Z');
    expect(nextCafes(CAFES, 'bh-solsikken', now)).toEqual([
      { start: '2026-12-03T15:00:00.000Z', end: '2026-12-03T17:00:00.000Z', place: 'Solsikken', note: 'Tag telefonen med', languages: [], institutions: ['bh-solsikken'] },
      { start: '2026-12-04T15:00:00.000Z', end: '2026-12-04T17:00:00.000Z', place: 'Alle, tom liste', note: null, languages: [], institutions: [] },
      { start: '2026-12-08T15:30:00.000Z', end: '2026-12-08T17:00:00.000Z', place: 'Tåsinge Forsamlingshus', note: null, languages: ['ar', 'so'], institutions: [] },
    ]);
    expect(nextCafes(CAFES, 'bh-regnbuen', now).map((c) => c.place)).toEqual(['Alle, tom liste', 'Tåsinge Forsamlingshus']);
  });

  it("gives the wall any centre's cafés, within the limit", () => {
    const now = new Date('2026-12-02T08:00:00Z');
    expect(nextCafes(CAFES, null, now, 2).map((c) => c.place)).toEqual(['Solsikken', 'Alle, tom liste']);
    expect(nextCafes(CAFES, null, new Date('2026-12-09T08:00:00Z'))).toEqual([]);
  });

  it('shows a café until it ends, then the following one, and says when that changes', () => {
    const list = nextCafes(CAFES, null, new Date('2026-12-02T08:00:00Z'));
    const start = Date.parse('2026-12-03T15:00:00Z');
    const end = Date.parse('2026-12-03T17:00:00Z');
    expect(cafeAt(list, start - 1)?.place).toBe('Solsikken');
    expect(nextChangeAt(list, start - 1)).toBe(start);
    expect(cafeAt(list, end - 1)?.place).toBe('Solsikken');
    expect(nextChangeAt(list, end - 1)).toBe(end);
    expect(cafeAt(list, end)?.place).toBe('Alle, tom liste');
    expect(cafeAt(list, Date.parse('2026-12-08T17:00:00Z'))).toBeNull();
    expect(nextChangeAt(list, Date.parse('2026-12-08T17:00:00Z'))).toBeNull();
  });
});
