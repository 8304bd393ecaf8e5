import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkSettings, slaPolicy, type RolloutSettings } from './settings.ts';

const example = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../config/rollout.example.json'), 'utf8')) as RolloutSettings;
const fails = (doc: unknown, previous?: RolloutSettings) => {
  const checked = checkSettings(doc, previous);
  return checked.ok ? null : { field: checked.field, reason: checked.reason };
};

describe('checking the settings as a whole', () => {
  test('the example config is valid, and its SLA targets become milliseconds', () => {
    expect(fails(example)).toBeNull();
    expect(slaPolicy(example).urgent).toEqual({ claimMs: 600_000, resolveMs: 7_200_000 });
  });

  test('names the first field to fix, as a JSON pointer with a reason', () => {
    const { municipality: _m, ...noName } = example;
    expect(fails(noName)).toEqual({ field: '/municipality', reason: 'required' });
    expect(fails({ ...example, colour: 'blue' })).toEqual({ field: '/colour', reason: 'unknown_field' });
    expect(fails({ ...example, rollout: { ...example.rollout, start: '30-11-2026' } })).toEqual({ field: '/rollout/start', reason: 'format' });
    expect(fails({ ...example, rollout: { ...example.rollout, end: '2026-11-01' } })).toEqual({ field: '/rollout/end', reason: 'end_before_start' });
    const twice = [...example.institutions, { id: example.institutions[0].id, name: 'Igen' }];
    expect(fails({ ...example, institutions: twice })).toEqual({ field: `/institutions/${example.institutions.length}/id`, reason: 'duplicate' });
    expect(fails({ ...example, sla: { high: { claimMinutes: 60, resolveMinutes: 30 } } })).toEqual({ field: '/sla/high/resolveMinutes', reason: 'too_small' });
  });

  test('a centre or category may be retired but not dropped, and one must stay in use', () => {
    expect(fails({ ...example, institutions: example.institutions.slice(1) }, example)).toEqual({ field: '/institutions', reason: 'removed' });
    expect(fails({ ...example, categories: example.categories.slice(1) }, example)).toEqual({ field: '/categories', reason: 'removed' });
    const retired = example.institutions.map((i, n) => (n === 0 ? { ...i, retired: true } : i));
    expect(fails({ ...example, institutions: retired }, example)).toBeNull();
    expect(fails({ ...example, institutions: example.institutions.map((i) => ({ ...i, retired: true })) })).toEqual({ field: '/institutions', reason: 'none_active' });
  });

  test('a help café ends after it starts, names known centres and languages by code', () => {
    const cafe = { start: '2026-12-09T16:00', end: '2026-12-09T18:00', place: 'Rådhuset' };
    const withCafe = (c: object) => ({ ...example, support: { consultants: [], helpCafes: [c] } });
    expect(fails(withCafe({ ...cafe, languages: ['ar', 'so'], institutions: ['bh-solsikken'] }))).toBeNull();
    expect(fails(withCafe({ ...cafe, end: '2026-12-09T16:00' }))).toEqual({ field: '/support/helpCafes/0/end', reason: 'end_before_start' });
    expect(fails(withCafe({ ...cafe, institutions: ['bh-ukendt'] }))).toEqual({ field: '/support/helpCafes/0/institutions/0', reason: 'unknown_institution' });
    expect(fails(withCafe({ ...cafe, languages: ['Arabisk'] }))).toEqual({ field: '/support/helpCafes/0/languages/0', reason: 'format' });
    expect(fails(withCafe({ ...cafe, languages: ['ar', 'so', 'ar'] }))).toEqual({ field: '/support/helpCafes/0/languages/2', reason: 'duplicate' });
  });

  test('a day or time that is on no calendar is refused, naming the field', () => {
    const cafe = { start: '2026-12-09T16:00', end: '2026-12-09T18:00', place: 'Rådhuset' };
    const withCafe = (c: object) => ({ ...example, support: { consultants: [], helpCafes: [c] } });
    const goLive = (day: string) => ({ ...example, institutions: example.institutions.map((i, n) => (n === 1 ? { ...i, goLive: day } : i)) });
    expect(fails(goLive('2026-12-31'))).toBeNull();
    expect(fails(goLive('2026-11-31'))).toEqual({ field: '/institutions/1/goLive', reason: 'not_a_date' });
    expect(fails(goLive('2026-13-01'))).toEqual({ field: '/institutions/1/goLive', reason: 'not_a_date' });
    expect(fails(goLive('2027-02-29'))).toEqual({ field: '/institutions/1/goLive', reason: 'not_a_date' });
    expect(fails({ ...example, rollout: { ...example.rollout, start: '2026-02-30' } })).toEqual({ field: '/rollout/start', reason: 'not_a_date' });
    expect(fails({ ...example, rollout: { ...example.rollout, end: '2026-12-32' } })).toEqual({ field: '/rollout/end', reason: 'not_a_date' });
    expect(fails(withCafe({ ...cafe, start: '2026-12-09T25:00', end: '2026-12-10T01:00' }))).toEqual({ field: '/support/helpCafes/0/start', reason: 'not_a_date' });
    expect(fails(withCafe({ ...cafe, end: '2026-12-09T18:60' }))).toEqual({ field: '/support/helpCafes/0/end', reason: 'not_a_date' });
    expect(fails(withCafe({ ...cafe, start: '2026-11-31T16:00', end: '2026-12-01T18:00' }))).toEqual({ field: '/support/helpCafes/0/start', reason: 'not_a_date' });
  });
});
