import { describe, expect, test } from 'vitest';
import { startSla, moveSla } from '../../shared/sla.ts';
import { format } from './i18n.svelte.ts';
import { da } from './i18n/da.ts';
import { formatSpan, slaText, slaView } from './sla-view.ts';
import { makeCase } from './testing/fixtures.ts';

const t = (key: keyof typeof da, params?: Record<string, string | number>) => format(da[key], params);
const at = '2026-11-30T08:00:00.000Z';
const start = Date.parse(at);
const min = 60_000;
const targets = { claimMs: 10 * min, resolveMs: 60 * min };

describe('slaView', () => {
  test('a new case counts down the claim clock', () => {
    const c = makeCase({ createdAt: at, sla: startSla(targets, 'new', at) });
    expect(slaView(c, start + 3 * min)).toEqual({ clock: 'claim', leftMs: 7 * min, level: 'ok', paused: false });
  });

  test('warns at 80 % of the target and is breached after it, or when the server says so', () => {
    const c = makeCase({ createdAt: at, sla: startSla(targets, 'new', at) });
    expect(slaView(c, start + 8 * min)?.level).toBe('warning');
    expect(slaView(c, start + 11 * min)).toMatchObject({ level: 'breached', leftMs: -1 * min });
    const flagged = { ...c, sla: { ...c.sla, claim: { ...c.sla.claim, warned: true } } };
    expect(slaView(flagged, start + min)?.level).toBe('warning');
    const breached = { ...c, sla: { ...c.sla, claim: { ...c.sla.claim, warned: true, breached: true } } };
    expect(slaView(breached, start + min)?.level).toBe('breached');
  });

  test('a claimed case counts down the resolve clock; waiting pauses it', () => {
    const claimedAt = new Date(start + 5 * min).toISOString();
    const sla = moveSla(startSla(targets, 'new', at), 'claimed', claimedAt);
    const claimed = makeCase({ status: 'claimed', sla });
    expect(slaView(claimed, start + 10 * min)).toMatchObject({ clock: 'resolve', leftMs: 50 * min, paused: false });
    const waiting = makeCase({ status: 'waiting', sla: moveSla(sla, 'waiting', new Date(start + 20 * min).toISOString()) });
    expect(slaView(waiting, start + 500 * min)).toMatchObject({ clock: 'resolve', leftMs: 40 * min, paused: true, level: 'ok' });
  });

  test('nothing for resolved cases or clocks without a target', () => {
    expect(slaView(makeCase({ status: 'resolved', sla: startSla(targets, 'resolved', at) }), start)).toBeNull();
    expect(slaView(makeCase({ createdAt: at }), start)).toBeNull();
  });
});

describe('slaText', () => {
  test('says how long is left, that it is paused, or by how much it is over', () => {
    expect(slaText({ clock: 'claim', leftMs: 7 * min, level: 'ok', paused: false }, t)).toBe('7 min tilbage');
    expect(slaText({ clock: 'resolve', leftMs: 40 * min, level: 'ok', paused: true }, t)).toBe('På pause · 40 min tilbage');
    expect(slaText({ clock: 'claim', leftMs: -3 * min, level: 'breached', paused: false }, t)).toBe('Overskredet med 3 min');
    expect(slaText({ clock: 'claim', leftMs: 2 * min, level: 'breached', paused: false }, t)).toBe('Overskredet');
    expect(slaText({ clock: 'claim', leftMs: -20_000, level: 'breached', paused: false }, t)).toBe('Overskredet');
    expect(formatSpan(30_000, t)).toBe('under 1 min');
    expect(formatSpan(-90 * min, t)).toBe('1 t 30 min');
  });
});
