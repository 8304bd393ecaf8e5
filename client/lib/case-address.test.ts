import { describe, expect, test } from 'vitest';
import { boardAddress, caseAddress, caseIdOf } from './case-address.ts';

describe('the address of an open case', () => {
  test('names the case, with or without a query', () => {
    expect(caseIdOf('/case/12')).toBe('12');
    expect(caseIdOf('/case/12?density=comfortable')).toBe('12');
    expect(caseIdOf('/')).toBeNull();
    expect(caseIdOf('/case/')).toBeNull();
    expect(caseIdOf('/case/12/notes')).toBeNull();
    expect(caseIdOf('/problems?case=12')).toBeNull();
  });

  test("keeps the board's filters and density, and only the density of another view", () => {
    expect(caseAddress('7', '/')).toBe('/case/7');
    expect(caseAddress('7', '/?q=mitid&density=comfortable')).toBe('/case/7?q=mitid&density=comfortable');
    expect(caseAddress('8', '/case/7?density=compact')).toBe('/case/8?density=compact');
    expect(caseAddress('7', '/problems?case=7')).toBe('/case/7');
    expect(caseAddress('7', '/problems?density=comfortable')).toBe('/case/7?density=comfortable');
  });

  test('closing goes back to the board with the same query', () => {
    expect(boardAddress('/case/7')).toBe('/');
    expect(boardAddress('/case/7?density=comfortable')).toBe('/?density=comfortable');
    expect(boardAddress('/case/7?q=mitid&density=compact')).toBe('/?q=mitid&density=compact');
  });
});
