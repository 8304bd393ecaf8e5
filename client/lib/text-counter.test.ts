import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/case.ts';
import { da } from './i18n/da.ts';
import { format } from './i18n.svelte.ts';
import { textCount } from './text-counter.ts';

describe('textCount: the description counter', () => {
  it('counts what the field and the server count, and stands out in the last tenth', () => {
    expect(textCount('', LIMITS.description)).toEqual({ used: 0, max: 5000, near: false });
    expect(textCount('x'.repeat(4499), LIMITS.description).near).toBe(false);
    expect(textCount('x'.repeat(4500), LIMITS.description)).toEqual({ used: 4500, max: 5000, near: true });
    expect(textCount('😀', 10).used).toBe(2);
  });

  it('reads in Danish with Danish thousands', () => {
    expect(format(da['intake.descriptionCount'], { used: (4990).toLocaleString('da-DK'), max: (5000).toLocaleString('da-DK') })).toBe('4.990 af 5.000 tegn');
  });
});
