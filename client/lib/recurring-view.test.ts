import { describe, expect, test } from 'vitest';
import type { Case } from '../../shared/case.ts';
import { groupsWithoutProblem, parseCaseIds, parseProblemsFocus, problemsHref, recurrenceOf, safeHref } from './recurring-view.ts';
import { makeCase } from './testing/fixtures.ts';

describe('recurrenceOf', () => {
  const group = { caseIds: ['3', '12', '40'], institutions: ['bh-a', 'bh-b'] };

  test('names the earliest other case and counts the centres', () => {
    expect(recurrenceOf('12', group)).toEqual({ sameAs: '3', institutions: 2, size: 3 });
    expect(recurrenceOf('3', group)).toEqual({ sameAs: '12', institutions: 2, size: 3 });
  });

  test('nothing without a group', () => {
    expect(recurrenceOf('12', null)).toBeNull();
  });
});

describe('groupsWithoutProblem', () => {
  const byId = (cases: Case[]) => {
    const map = new Map(cases.map((c) => [c.id, c]));
    return (id: string) => map.get(id);
  };

  test('keeps the unlinked cases of a group, with their own centres', () => {
    const cases = [
      makeCase({ id: '1', institution: 'bh-a' }),
      makeCase({ id: '2', institution: 'bh-b', problem: { id: 'p1', title: 'MitID' } }),
      makeCase({ id: '3', institution: 'bh-c' }),
    ];
    expect(groupsWithoutProblem([{ caseIds: ['1', '2', '3'], institutions: ['bh-a', 'bh-b', 'bh-c'] }], byId(cases))).toEqual([
      { caseIds: ['1', '3'], institutions: ['bh-a', 'bh-c'] },
    ]);
  });

  test('drops a group once fewer than two cases are left unlinked, or all are resolved', () => {
    const cases = [
      makeCase({ id: '1', problem: { id: 'p1', title: 'x' } }),
      makeCase({ id: '2' }),
      makeCase({ id: '3', status: 'resolved' }),
      makeCase({ id: '4', status: 'resolved' }),
    ];
    const groups = [
      { caseIds: ['1', '2'], institutions: ['bh-solsikken'] },
      { caseIds: ['3', '4'], institutions: ['bh-solsikken'] },
    ];
    expect(groupsWithoutProblem(groups, byId(cases))).toEqual([]);
  });
});

describe('parseCaseIds', () => {
  test('reads numbers however they are typed, each once', () => {
    expect(parseCaseIds('12, #15 17;12')).toEqual(['12', '15', '17']);
    expect(parseCaseIds('')).toEqual([]);
  });
});

describe('safeHref', () => {
  test('lets web addresses through', () => {
    expect(safeHref('https://www.aula.dk/video?x=1')).toBe('https://www.aula.dk/video?x=1');
    expect(safeHref('http://example.dk/')).toBe('http://example.dk/');
  });

  test('refuses anything that could run in the page', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' JavaScript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>1</script>')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
    expect(safeHref(null)).toBeNull();
  });
});

describe('problems links', () => {
  test('a link from a card round-trips to what it points at', () => {
    expect(problemsHref({ kind: 'case', id: '12' })).toBe('#/problems?case=12');
    expect(parseProblemsFocus('case=12')).toEqual({ kind: 'case', id: '12' });
    expect(parseProblemsFocus('problem=7')).toEqual({ kind: 'problem', id: '7' });
    expect(parseProblemsFocus('')).toBeNull();
  });
});
