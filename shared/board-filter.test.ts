import { describe, expect, test } from 'vitest';
import { EMPTY_FILTER, UNASSIGNED, caseMatcher, filterQuery, isFiltered, parseFilter, type BoardFilter } from './board-filter.ts';
import type { Case } from './case.ts';
import { caseRecord } from './test-fixtures.ts';

const at = '2026-11-30T08:00:00.000Z';
const makeCase = (o: Partial<Case>): Case => caseRecord({ createdAt: at, ...o });

const names = { institutionName: (id: string) => ({ 'bh-solsikken': 'Børnehuset Solsikken', 'vs-humlebien': 'Vuggestuen Humlebien' })[id] ?? id };
const filter = (o: Partial<BoardFilter>): BoardFilter => ({ ...EMPTY_FILTER, ...o });
const anna = { id: 'u-anna', username: 'anna', name: 'Anna' };

describe('the filter in the address', () => {
  test('reads the short parameters and drops values the board does not know', () => {
    expect(parseFilter('?q=mitid&prio=urgent&status=waiting&inst=bh-solsikken&cat=login&who=u-anna&live=today')).toEqual({
      q: 'mitid',
      wave: 'today',
      priority: 'urgent',
      status: 'waiting',
      institution: 'bh-solsikken',
      category: 'login',
      assignee: 'u-anna',
    });
    expect(parseFilter('prio=asap&status=lost&inst=&live=tomorrow')).toEqual(EMPTY_FILTER);
    expect(parseFilter('')).toEqual(EMPTY_FILTER);
  });

  test('writes only what is set, in a fixed order, and reads back the same filter', () => {
    const f = filter({ status: 'escalated', q: 'app crasher', priority: 'high' });
    expect(filterQuery(f)).toBe('q=app+crasher&prio=high&status=escalated');
    expect(parseFilter(filterQuery(f))).toEqual(f);
    expect(filterQuery(EMPTY_FILTER)).toBe('');
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
    expect(isFiltered(filter({ q: '   ' }))).toBe(false);
    expect(isFiltered(filter({ category: 'login' }))).toBe(true);
    expect(filterQuery(filter({ wave: 'today', status: 'new' }))).toBe('status=new&live=today');
  });
});

describe('which cases a filter shows', () => {
  test('no filter shows every case', () => {
    expect(caseMatcher(EMPTY_FILTER, names)(makeCase({}))).toBe(true);
  });

  test('free text finds words in title, description and institution name, ignoring case and accents', () => {
    const c = makeCase({ title: 'MitID virker ikke', description: 'Forælderen får fejlkode 42' });
    expect(caseMatcher(filter({ q: 'mitid' }), names)(c)).toBe(true);
    expect(caseMatcher(filter({ q: 'fejlkode solsikken' }), names)(c)).toBe(true);
    expect(caseMatcher(filter({ q: 'FORÆLDEREN' }), names)(c)).toBe(true);
    expect(caseMatcher(filter({ q: 'mitid humlebien' }), names)(c)).toBe(false);
  });

  test('each field narrows the cases down, and they combine', () => {
    const c = makeCase({ priority: 'urgent', status: 'claimed', assignee: anna, category: 'app', institution: 'vs-humlebien' });
    expect(caseMatcher(filter({ priority: 'urgent' }), names)(c)).toBe(true);
    expect(caseMatcher(filter({ priority: 'high' }), names)(c)).toBe(false);
    expect(caseMatcher(filter({ status: 'claimed', assignee: 'u-anna' }), names)(c)).toBe(true);
    expect(caseMatcher(filter({ status: 'new' }), names)(c)).toBe(false);
    expect(caseMatcher(filter({ category: 'login' }), names)(c)).toBe(false);
    expect(caseMatcher(filter({ institution: 'vs-humlebien', category: 'app' }), names)(c)).toBe(true);
    expect(caseMatcher(filter({ institution: 'bh-solsikken' }), names)(c)).toBe(false);
  });

  test('"none" as assignee finds the cases nobody holds', () => {
    expect(caseMatcher(filter({ assignee: UNASSIGNED }), names)(makeCase({}))).toBe(true);
    expect(caseMatcher(filter({ assignee: UNASSIGNED }), names)(makeCase({ assignee: anna }))).toBe(false);
    expect(caseMatcher(filter({ assignee: 'u-anna' }), names)(makeCase({}))).toBe(false);
  });
});

describe('the "went live today" filter', () => {
  const live = new Set(['vs-humlebien']);
  const withWaves = { ...names, wentLiveToday: (id: string) => live.has(id) };

  test('shows only the cases from the centres whose go-live day is today', () => {
    const today = filter({ wave: 'today' });
    expect(caseMatcher(today, withWaves)(makeCase({ institution: 'vs-humlebien' }))).toBe(true);
    expect(caseMatcher(today, withWaves)(makeCase({ institution: 'bh-solsikken' }))).toBe(false);
    expect(caseMatcher(filter({ wave: 'today', priority: 'urgent' }), withWaves)(makeCase({ institution: 'vs-humlebien', priority: 'normal' }))).toBe(false);
  });

  test('shows nothing while no go-live days are known, rather than every case', () => {
    expect(caseMatcher(filter({ wave: 'today' }), names)(makeCase({ institution: 'vs-humlebien' }))).toBe(false);
  });
});
