// The rollout's settings changed in the app: checked whole, saved with who and when, live on
// every node without a restart, and still there after one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutSettings } from '../shared/settings.ts';
import { connectBoard } from './helpers/clients.ts';
import { login, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';

let a: Stack;
let b: Awaited<ReturnType<typeof startServer>>;
let leadOnA: Session, leadOnB: Session, member: Session, viewer: Session, reporter: Session;

beforeAll(async () => {
  a = await startStack();
  b = await startServer(a.redis);
  await a.addUser('lead', 'lead-password', 'lead', { name: 'Lene Leder' });
  await a.addUser('member', 'member-password', 'member');
  await a.addUser('viewer', 'viewer-password', 'viewer');
  await a.addUser('solsikken', 'reporter-password', 'reporter', { institution: 'bh-solsikken' });
  leadOnA = await login(a.baseUrl, 'lead', 'lead-password');
  leadOnB = await login(b.baseUrl, 'lead', 'lead-password');
  member = await login(b.baseUrl, 'member', 'member-password');
  viewer = await login(a.baseUrl, 'viewer', 'viewer-password');
  reporter = await login(a.baseUrl, 'solsikken', 'reporter-password');
});
afterAll(async () => {
  await b?.app.app.close();
  await a?.close();
});

const current = async (s: Session = leadOnA) => (await s.request('GET', '/api/settings')).body as RolloutSettings & { version: number };

describe('reading the settings', () => {
  it('gives the config file shape with a version to the lead, members and the wall; not to superusers', async () => {
    const got = await current();
    const { version, ...doc } = got;
    expect(version).toBeGreaterThanOrEqual(1);
    expect(doc).toEqual(a.config.rollout);
    expect((await member.request('GET', '/api/settings')).status).toBe(200);
    expect((await viewer.request('GET', '/api/settings')).status).toBe(200);
    expect((await reporter.request('GET', '/api/settings')).status).toBe(403);
    expect((await member.request('PUT', '/api/settings', got)).status).toBe(403);
  });
});

describe('changing the settings', () => {
  it('a valid change is live at once on the other node: names, targets, WIP limits, keywords, and open boards are told', async () => {
    const before = await current();
    const board = connectBoard(b.baseUrl, leadOnB.cookie);
    await board.synced;
    const told = new Promise<{ version: number }>((resolve) => board.socket.on('settings:changed', resolve));
    const next: RolloutSettings = {
      ...before,
      institutions: before.institutions.map((i) => (i.id === 'bh-regnbuen' ? { ...i, name: 'Børnehuset Regnbuen og Stjernen', goLive: '2026-12-02' } : i)),
      categories: [...before.categories, { id: 'kalenderfarver', da: 'Kalenderfarver', en: 'Calendar colours', keywords: ['regnbuefarve'] }],
      sla: { ...before.sla, urgent: { claimMinutes: 7, resolveMinutes: 70 } },
      wip: { default: 3 },
    };
    const saved = await leadOnA.request('PUT', '/api/settings', next);
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(before.version + 1);
    expect((await told).version).toBe(before.version + 1);
    board.socket.close();

    // Node B took it from the announcement: no restart.
    await expect.poll(async () => (await current(leadOnB)).version, { timeout: 10_000 }).toBe(before.version + 1);
    const names = (await leadOnB.request('GET', '/api/institutions')).body.institutions as { id: string; name: string }[];
    expect(names.find((i) => i.id === 'bh-regnbuen')?.name).toBe('Børnehuset Regnbuen og Stjernen');
    const urgent = await leadOnB.request('POST', '/api/cases', { title: 'Akut på node B', institution: 'bh-regnbuen', priority: 'urgent' });
    expect(urgent.body.case.sla.claim.targetMs).toBe(7 * 60_000);
    expect(urgent.body.case.sla.resolve.targetMs).toBe(70 * 60_000);
    expect((await member.request('GET', '/api/session')).body.user.wipLimit).toBe(3);
    // The intake (a worker on either node) files by the new category's keyword.
    const worded = await leadOnB.request('POST', '/api/cases', { title: 'Hvor vælger man regnbuefarve?', institution: 'bh-solsikken' });
    await expect.poll(async () => (await leadOnA.request('GET', `/api/cases/${worded.body.case.id}`)).body.case.category, { timeout: 10_000 }).toBe('kalenderfarver');
  });

  it('new targets reach the open cases: their clocks are retargeted and their timers set again', async () => {
    const open = (await leadOnB.request('POST', '/api/cases', { title: 'Lav prioritet, åben', institution: 'bh-solsikken', priority: 'low' })).body.case;
    expect(open.sla.claim.targetMs).toBe(240 * 60_000);
    const before = await current();
    // Claimed within 1.2 seconds: the old timer was hours away, so only a new one raises this.
    const next = { ...before, sla: { ...before.sla, low: { claimMinutes: 0.02, resolveMinutes: 1440 } } };
    expect((await leadOnA.request('PUT', '/api/settings', next)).status).toBe(200);
    const read = async () => (await leadOnB.request('GET', `/api/cases/${open.id}`)).body as { case: { sla: { claim: { targetMs: number; breached: boolean } } }; events: { type: string }[] };
    expect((await read()).case.sla.claim.targetMs).toBe(1_200);
    expect((await read()).events.map((e) => e.type)).toContain('case.sla_retargeted');
    await expect.poll(async () => (await read()).case.sla.claim.breached, { timeout: 15_000 }).toBe(true);
    expect((await leadOnA.request('PUT', '/api/settings', { ...before, version: before.version + 1 })).status).toBe(200);
  });

  it('an invalid change is refused whole, naming the field, and nothing of it is stored', async () => {
    const before = await current();
    const cafes = before.support!.helpCafes;
    const bad: RolloutSettings = {
      ...before,
      municipality: 'Skal ikke gemmes',
      support: { ...before.support!, helpCafes: [...cafes, { start: '2026-12-09T18:00', end: '2026-12-09T16:00', place: 'Rådhuset' }] },
    };
    const refused = await leadOnA.request('PUT', '/api/settings', bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'settings_invalid', params: { field: `/support/helpCafes/${cafes.length}/end`, reason: 'end_before_start' } });

    const wrongType = await leadOnA.request('PUT', '/api/settings', { ...before, sla: { urgent: { claimMinutes: 'ti' } } });
    expect(wrongType.body.error.params).toEqual({ field: '/sla/urgent/claimMinutes', reason: 'wrong_type' });
    const unknownCentre = await leadOnA.request('PUT', '/api/settings', {
      ...before,
      support: { ...before.support!, helpCafes: [{ start: '2026-12-09T16:00', end: '2026-12-09T18:00', place: 'Rådhuset', institutions: ['bh-findes-ikke'] }] },
    });
    expect(unknownCentre.body.error.params).toEqual({ field: '/support/helpCafes/0/institutions/0', reason: 'unknown_institution' });
    // A centre's cases name it: it is retired, never dropped.
    const dropped = await leadOnA.request('PUT', '/api/settings', { ...before, institutions: before.institutions.slice(1) });
    expect(dropped.body.error.params).toEqual({ field: '/institutions', reason: 'removed' });
    const noVersion = await leadOnA.request('PUT', '/api/settings', { ...before, version: undefined });
    expect(noVersion.body.error.params).toEqual({ field: '/version', reason: 'required' });

    expect(await current()).toEqual(before);
    expect(await current(leadOnB)).toEqual(before);
  });

  it('a change made on settings read before another save is refused as stale (409)', async () => {
    const before = await current();
    expect((await leadOnA.request('PUT', '/api/settings', { ...before, municipality: 'Svendborg Kommune, Dagtilbud' })).status).toBe(200);
    const late = await leadOnB.request('PUT', '/api/settings', { ...before, municipality: 'Svendborg' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'settings_stale', params: { version: before.version + 1 } });
    expect((await current(leadOnB)).municipality).toBe('Svendborg Kommune, Dagtilbud');
  });

  it('a retired centre keeps its cases but is not offered for new ones', async () => {
    const old = (await reporter.request('POST', '/api/cases', { title: 'Fra før centret lukkede', institution: 'bh-solsikken' })).body.case;
    const before = await current();
    const retired = { ...before, institutions: before.institutions.map((i) => (i.id === 'bh-solsikken' ? { ...i, retired: true } : i)) };
    expect((await leadOnA.request('PUT', '/api/settings', retired)).status).toBe(200);
    await expect.poll(async () => (await current(leadOnB)).version, { timeout: 10_000 }).toBe(before.version + 1);
    const listed = (await leadOnB.request('GET', '/api/institutions')).body.institutions as { id: string; retired?: boolean }[];
    expect(listed.find((i) => i.id === 'bh-solsikken')).toMatchObject({ retired: true });
    expect((await leadOnB.request('POST', '/api/cases', { title: 'Ny sag', institution: 'bh-solsikken' })).status).toBe(400);
    expect((await leadOnB.request('GET', `/api/cases/${old.id}`)).body.case.institution).toBe('bh-solsikken');
    const back = await current();
    expect((await leadOnA.request('PUT', '/api/settings', { ...back, institutions: before.institutions })).status).toBe(200);
  });

  it('each saved change is in the audit trail with who and which version', async () => {
    const before = await current();
    expect((await leadOnB.request('PUT', '/api/settings', { ...before, rollout: { ...before.rollout, end: '2026-12-11' } })).status).toBe(200);
    const entries = (await leadOnA.request('GET', '/api/audit?limit=1000')).body.entries as { action: string; username: string; target: string; outcome: string }[];
    expect(entries.filter((e) => e.action === 'settings.change').at(-1)).toMatchObject({ username: 'lead', target: `settings version ${before.version + 1}`, outcome: 'ok' });
    expect((await leadOnA.request('GET', '/api/rollout')).body.rollout.end).toBe('2026-12-11');
  });
});

// Three stacks (the first, a second server on its Redis, a third seeded from what GET gives) each
// start a server and some a redis-server: 20 s alone, and past the 30 s default on a loaded CI machine.
describe('across a restart', { timeout: 90_000 }, () => {
  it('a new server on the same Redis keeps what the lead saved, not the config file', async () => {
    const own = await startStack();
    try {
      await own.addUser('lead', 'lead-password', 'lead');
      const s = await login(own.baseUrl, 'lead', 'lead-password');
      const before = await current(s);
      const cafe = { start: '2026-12-10T16:00', end: '2026-12-10T18:00', place: 'Ørkildskolen', languages: ['ar', 'so'], institutions: ['vs-humlebien'], note: 'Tolk' };
      const next = { ...before, support: { ...before.support!, helpCafes: [...before.support!.helpCafes, cafe] } };
      expect((await s.request('PUT', '/api/settings', next)).status).toBe(200);

      const port = Number(new URL(own.baseUrl).port);
      await own.stopServer();
      const { app } = await startServer(own.redis, { port, runWorkers: false });
      try {
        const after = await current(s);
        expect(after.version).toBe(before.version + 1);
        expect(after.support!.helpCafes.at(-1)).toEqual(cafe);
        // What GET gives is a config file again: a new install seeded from it starts the same.
        const { version: _v, ...doc } = after;
        const seeded = await startStack({ rollout: doc });
        try {
          await seeded.addUser('lead', 'lead-password', 'lead');
          const { version: _w, ...again } = await current(await login(seeded.baseUrl, 'lead', 'lead-password'));
          expect(again).toEqual(doc);
        } finally {
          await seeded.close();
        }
      } finally {
        await app.app.close();
      }
    } finally {
      await own.redis.stop();
    }
  });
});
