// The go-live waves over HTTP with a real server and redis-server: GET /api/stats (the
// dashboard's and the report's answer) carries each centre's arrivals by day since its own
// go-live and the centres with no case yet; the centres list names the go-live days the
// board's "went live today" filter reads; a go-live day the lead moves applies at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danishDay, daysBetween } from '../shared/go-live-curve.ts';
import type { RolloutSettings } from '../shared/settings.ts';
import type { Stats } from '../shared/stats-schemas.ts';
import type { Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

/** The Danish day `n` days after `day`. */
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const TODAY = danishDay(Date.now());
const WAVES: Record<string, string> = {
  'bh-solsikken': TODAY, // goes live today
  'bh-regnbuen': addDays(TODAY, -2), // the wave before
  'vs-humlebien': addDays(TODAY, 3), // still to come
};

let stack: Stack;
let lead: Session, wall: Session, sol: Session, regn: Session;

beforeAll(async () => {
  stack = await startStack();
  [lead, wall, sol, regn] = await loginAll(stack, [
    ['lead', 'lead'],
    ['wall', 'viewer'],
    ['sol', 'reporter', { institution: 'bh-solsikken' }],
    ['regn', 'reporter', { institution: 'bh-regnbuen' }],
  ]);
  // Set through the settings, as the lead does.
  const current = (await lead.request('GET', '/api/settings')).body as RolloutSettings;
  const next = { ...current, institutions: current.institutions.map((i) => (WAVES[i.id] ? { ...i, goLive: WAVES[i.id] } : i)) };
  expect((await lead.request('PUT', '/api/settings', next)).status).toBe(200);
});
afterAll(async () => {
  await stack?.close();
});

async function report(as: Session): Promise<NonNullable<Stats['goLive']>> {
  const res = await as.request('GET', '/api/stats?bucket=day');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.goLive;
}

async function create(as: Session, institution: string): Promise<number> {
  const res = await as.request('POST', '/api/cases', { title: 'Forældre kan ikke logge ind', institution });
  expect(res.status).toBe(201);
  return Date.parse(res.body.case.createdAt);
}

describe('go-live waves over HTTP', () => {
  it('names each centre’s go-live day in the centres list', async () => {
    const { institutions } = (await sol.request('GET', '/api/institutions')).body as { institutions: { id: string; goLive?: string }[] };
    for (const [id, day] of Object.entries(WAVES)) expect(institutions.find((i) => i.id === id)?.goLive).toBe(day);
    expect(institutions.filter((i) => !WAVES[i.id]).every((i) => i.goLive === undefined)).toBe(true);
  });

  it('shows every centre still waiting for its first case before any arrives', async () => {
    const curve = await report(lead);
    // The centres with a go-live day get a curve, the earliest wave first, all of it empty.
    expect(curve.centres.map((c) => [c.institution, c.goLive, c.total])).toEqual([
      ['bh-regnbuen', WAVES['bh-regnbuen'], 0],
      ['bh-solsikken', WAVES['bh-solsikken'], 0],
      ['vs-humlebien', WAVES['vs-humlebien'], 0],
    ]);
    expect(curve.noCase.map((c) => c.institution).sort()).toEqual(stack.config.rollout.institutions.filter((i) => !i.retired).map((i) => i.id).sort());
    expect(curve.noCase.find((c) => c.institution === 'vs-humlebien')?.goLive).toBe(WAVES['vs-humlebien']);
  });

  it('counts the arrivals by day since each centre’s own go-live, from the event log', async () => {
    const arrived = [await create(sol, 'bh-solsikken'), await create(sol, 'bh-solsikken'), await create(regn, 'bh-regnbuen')];
    const curve = await report(wall);
    expect(curve.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(curve.centres.map((c) => c.institution)).toEqual(['bh-regnbuen', 'bh-solsikken', 'vs-humlebien']);

    // Worked out from when the server stamped each case and the day it answered on (a midnight may pass meanwhile).
    const expected = (goLive: string, times: number[]) => {
      const day = daysBetween(goLive, curve.today);
      const counts = new Array<number>(Math.max(0, day + 1)).fill(0);
      for (const at of times) counts[daysBetween(goLive, danishDay(at))]++;
      return { goLive, day, before: 0, counts, after: 0, total: times.length };
    };
    const [sol1, sol2, regn1] = arrived;
    expect(curve.centres[0]).toEqual({ institution: 'bh-regnbuen', ...expected(WAVES['bh-regnbuen'], [regn1]) });
    expect(curve.centres[1]).toEqual({ institution: 'bh-solsikken', ...expected(WAVES['bh-solsikken'], [sol1, sol2]) });
    expect(curve.centres[2]).toMatchObject({ institution: 'vs-humlebien', day: daysBetween(WAVES['vs-humlebien'], curve.today), counts: [], total: 0 });
    expect(curve.noCase.map((c) => c.institution)).not.toContain('bh-solsikken');
    expect(curve.noCase.map((c) => c.institution)).not.toContain('bh-regnbuen');
    expect(curve.noCase.map((c) => c.institution)).toContain('vs-humlebien');
  });

  it('reads the go-live day from the settings as they are now: a moved day applies at once, no recount', async () => {
    const { today } = await report(lead);
    const current = (await lead.request('GET', '/api/settings')).body as RolloutSettings;
    const later = addDays(today, 1);
    const moved = { ...current, institutions: current.institutions.map((i) => (i.id === 'bh-solsikken' ? { ...i, goLive: later } : i)) };
    expect((await lead.request('PUT', '/api/settings', moved)).status).toBe(200);

    const curve = await report(lead);
    // Both of its cases arrived before its new go-live day.
    expect(curve.centres.find((c) => c.institution === 'bh-solsikken')).toMatchObject({ goLive: later, day: daysBetween(later, curve.today), before: 2, counts: [], total: 2 });
    expect(curve.centres.map((c) => c.institution)).toEqual(['bh-regnbuen', 'bh-solsikken', 'vs-humlebien']);

    // A retired centre keeps its curve and is no longer waited for.
    const latest = (await lead.request('GET', '/api/settings')).body as RolloutSettings;
    const retired = { ...latest, institutions: latest.institutions.map((i) => (i.id === 'bh-regnbuen' || i.id === 'vs-humlebien' ? { ...i, retired: true } : i)) };
    expect((await lead.request('PUT', '/api/settings', retired)).status).toBe(200);
    const after = await report(lead);
    expect(after.centres.find((c) => c.institution === 'bh-regnbuen')).toMatchObject({ retired: true, total: 1 });
    expect(after.noCase.map((c) => c.institution)).not.toContain('vs-humlebien');
  });

  it('is not for superusers, like the rest of the statistics', async () => {
    expect((await sol.request('GET', '/api/stats')).status).toBe(403);
  });
});
