import { describe, expect, it } from 'vitest';
import { cafeLanguages, upcomingCafes, type HelpCafe } from './poster.ts';

const CAFES: HelpCafe[] = [
  { start: '2026-12-08T16:30', end: '2026-12-08T18:00', place: 'Tåsinge Forsamlingshus' },
  { start: '2026-12-01T16:00', end: '2026-12-01T18:00', place: 'Biblioteket', note: 'Tolk på arabisk', languages: ['ar'] },
  { start: '2026-12-03T16:00', end: '2026-12-03T18:00', place: 'Solsikken', institutions: ['bh-solsikken'] },
  { start: '2026-11-20T16:00', end: '2026-11-20T18:00', place: 'Forbi' },
];

describe('upcoming help cafés', () => {
  it("lists the centre's cafés that have not ended, soonest first, in Danish time", () => {
    const now = new Date('2026-12-01T16:30:00Z'); // 17:30 in Denmark: the library café is still on
    expect(upcomingCafes(CAFES, 'bh-solsikken', now)).toEqual([
      { start: '2026-12-01T15:00:00.000Z', end: '2026-12-01T17:00:00.000Z', place: 'Biblioteket', note: 'Tolk på arabisk', languages: ['ar'] },
      { start: '2026-12-03T15:00:00.000Z', end: '2026-12-03T17:00:00.000Z', place: 'Solsikken', note: null, languages: [] },
      { start: '2026-12-08T15:30:00.000Z', end: '2026-12-08T17:00:00.000Z', place: 'Tåsinge Forsamlingshus', note: null, languages: [] },
    ]);
  });

  it("leaves out another centre's café and ended ones, and keeps to the limit", () => {
    const now = new Date('2026-12-02T08:00:00Z');
    expect(upcomingCafes(CAFES, 'bh-regnbuen', now).map((c) => c.place)).toEqual(['Tåsinge Forsamlingshus']);
    expect(upcomingCafes(CAFES, 'bh-solsikken', now, 1).map((c) => c.place)).toEqual(['Solsikken']);
  });

  it('treats a café that names no centre as one for every centre, as the wall and the superuser page do', () => {
    const open: HelpCafe = { start: '2026-12-09T16:00', end: '2026-12-09T18:00', place: 'Rådhuset', institutions: [] };
    expect(upcomingCafes([open], 'bh-regnbuen', new Date('2026-12-02T08:00:00Z')).map((c) => c.place)).toEqual(['Rådhuset']);
  });
});

describe("a café's languages on the poster", () => {
  it("names Danish first, then the others once each, in the poster's own language", () => {
    expect(cafeLanguages(['ar', 'so', 'da'], 'da')).toEqual([
      { code: 'da', name: 'dansk' },
      { code: 'ar', name: 'arabisk' },
      { code: 'so', name: 'somali' },
    ]);
    // The exact Arabic spelling of "Danish" differs between ICU versions; the script does not.
    for (const { name } of cafeLanguages(['ar'], 'ar')) expect(name).toMatch(/^\p{Script=Arabic}+$/u);
    expect(cafeLanguages(['ar'], 'so').map((l) => l.name)).toEqual(['Dhaanish', 'Carabi']);
  });
});
