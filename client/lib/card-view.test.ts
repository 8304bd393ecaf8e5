import { describe, expect, test } from 'vitest';
import { cardMarker, primaryMove, shownTime, vendorRefAction } from './card-view.ts';
import { da } from './i18n/da.ts';
import { makeCase } from './testing/fixtures.ts';

describe('card view', () => {
  test('"Angiv sagsnr." until a vendor number is set, then "Ret sagsnr."', () => {
    expect(da[vendorRefAction(makeCase({ vendorRef: null }))]).toBe('Angiv sagsnr.');
    expect(da[vendorRefAction(makeCase({ vendorRef: 'NC-4711' }))]).toBe('Ret sagsnr.');
  });

  test('the one next move: take, finish, pick up again', () => {
    expect(primaryMove(['claim', 'resolve'], 'new')).toBe('claim');
    expect(primaryMove(['release', 'wait', 'resolve'], 'claimed')).toBe('resolve');
    expect(primaryMove(['resume', 'resolve'], 'waiting')).toBe('resume');
    expect(primaryMove(['resolve'], 'waiting')).toBeNull();
    expect(primaryMove(['reopen'], 'resolved')).toBeNull();
  });

  test('one marker, the most telling first', () => {
    const c = makeCase({ notes: [{ id: 'n1', text: 'x', visibility: 'internal', author: { id: 'u', name: 'U' }, at: '2026-01-01T00:00:00Z' }] as never });
    expect(cardMarker(c, null, null)).toEqual({ kind: 'notes', count: 1 });
    expect(cardMarker(c, { sameAs: '7', institutions: 2, size: 3 }, null)).toEqual({ kind: 'similar', sameAs: '7', institutions: 2 });
    expect(cardMarker({ ...c, problem: { id: 'p1', title: 'MitID' } }, { sameAs: '7', institutions: 2, size: 3 }, null)).toMatchObject({ kind: 'problem' });
    const answered = { ...c, status: 'resolved' as const, problem: { id: 'p1', title: 'MitID' }, answer: { id: 'a1', title: 'Guide', url: 'https://x.dk' } };
    expect(cardMarker(answered, null, 'https://x.dk/')).toEqual({ kind: 'answer', title: 'Guide', url: 'https://x.dk/' });
    expect(cardMarker(makeCase(), null, null)).toBeNull();
  });

  test('SLA figures stand still at the moment the connection went', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const lost = new Date('2026-01-01T11:50:00Z');
    expect(shownTime(now, true, lost)).toBe(lost);
    expect(shownTime(now, false, null)).toBe(now);
    expect(shownTime(now, true, null)).toBe(now);
  });
});
