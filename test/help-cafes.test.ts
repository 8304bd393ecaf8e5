// The next help cafés for the wall screen and a superuser's page: a superuser's centre's, the
// team's any centre's, with the languages offered, and as the lead saved them on any node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextCafe } from '../shared/next-cafe-schemas.ts';
import type { RolloutSettings } from '../shared/settings.ts';
import { localDayAt as local } from './helpers/local-time.ts';
import { login, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';

let a: Stack;
let b: Awaited<ReturnType<typeof startServer>>;
let lead: Session, viewer: Session, sol: Session, regn: Session;

beforeAll(async () => {
  a = await startStack({
    rollout: {
      support: {
        consultants: [],
        helpCafes: [
          { start: local(-3, '16:00'), end: local(-3, '18:00'), place: 'Forbi' },
          { start: local(2, '16:00'), end: local(2, '18:00'), place: 'Solsikken', institutions: ['bh-solsikken'], languages: ['ar', 'so'], note: 'Tag telefonen med' },
          { start: local(5, '16:30'), end: local(5, '18:00'), place: 'Biblioteket', languages: ['uk'] },
        ],
      },
    },
  });
  b = await startServer(a.redis);
  await a.addUser('lead', 'lead-password', 'lead');
  await a.addUser('viewer', 'viewer-password', 'viewer');
  await a.addUser('sol', 'sol-password', 'reporter', { institution: 'bh-solsikken' });
  await a.addUser('regn', 'regn-password', 'reporter', { institution: 'bh-regnbuen' });
  [lead, viewer, sol, regn] = await Promise.all([
    login(a.baseUrl, 'lead', 'lead-password'),
    login(b.baseUrl, 'viewer', 'viewer-password'),
    login(b.baseUrl, 'sol', 'sol-password'),
    login(b.baseUrl, 'regn', 'regn-password'),
  ]);
});
afterAll(async () => {
  await b?.app.app.close();
  await a?.close();
});

const places = async (s: Session) => {
  const res = await s.request('GET', '/api/help-cafes/next');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.cafes as NextCafe[]).map((c) => c.place);
};

describe('the next help cafés', () => {
  it("gives a superuser their centre's and every centre's cafés, the wall any centre's, with languages; not to strangers", async () => {
    expect(await places(sol)).toEqual(['Solsikken', 'Biblioteket']);
    expect(await places(regn)).toEqual(['Biblioteket']);
    const wall = (await viewer.request('GET', '/api/help-cafes/next')).body.cafes as NextCafe[];
    expect(wall.map((c) => c.place)).toEqual(['Solsikken', 'Biblioteket']);
    expect(wall[0]).toMatchObject({ languages: ['ar', 'so'], institutions: ['bh-solsikken'], note: 'Tag telefonen med' });
    expect(Date.parse(wall[0].end) - Date.parse(wall[0].start)).toBe(2 * 3_600_000);
    expect(wall[1]).toMatchObject({ languages: ['uk'], institutions: [], note: null });
    expect((await fetch(`${a.baseUrl}/api/help-cafes/next`)).status).toBe(401);
  });

  it('follows a change the lead saves on another node without a restart', async () => {
    const before = (await lead.request('GET', '/api/settings')).body as RolloutSettings & { version: number };
    const helpCafes = [
      ...before.support!.helpCafes,
      { start: local(1, '17:00'), end: local(1, '19:00'), place: 'Regnbuen', institutions: ['bh-regnbuen'], languages: ['tr'] },
    ];
    const saved = await lead.request('PUT', '/api/settings', { ...before, support: { ...before.support!, helpCafes } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // Node B reads the stored settings on the save's announcement.
    await expect.poll(() => places(regn), { timeout: 10_000 }).toEqual(['Regnbuen', 'Biblioteket']);
    expect(await places(sol)).toEqual(['Solsikken', 'Biblioteket']);
    expect(await places(viewer)).toEqual(['Regnbuen', 'Solsikken', 'Biblioteket']);
  });
});
