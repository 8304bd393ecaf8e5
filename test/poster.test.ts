// The parents' poster: names from the rollout config, the coming help cafés, and a QR code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from './helpers/http.ts';
import { request } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

// Local Danish time "YYYY-MM-DDTHH:MM", `days` from now, as the config writes café times.
function danishLocal(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(d);
  return `${date}T${String(hour).padStart(2, '0')}:00`;
}

let stack: Stack;
let lead: Session, sol: Session, regn: Session;

beforeAll(async () => {
  stack = await startStack({
    rollout: {
      support: {
        consultants: [{ name: 'Mette Kofoed', phone: '62 23 30 00' }],
        helpCafes: [
          { start: danishLocal(-2, 16), end: danishLocal(-2, 18), place: 'Forbi' },
          { start: danishLocal(3, 16), end: danishLocal(3, 18), place: 'Biblioteket', note: 'Tolk på arabisk' },
          { start: danishLocal(1, 16), end: danishLocal(1, 18), place: 'Solsikken', institutions: ['bh-solsikken'] },
        ],
      },
    },
  });
  [lead, sol, regn] = await loginAll(stack, [
    ['lead', 'lead'],
    ['sol', 'reporter', { institution: 'bh-solsikken' }],
    ['regn', 'reporter', { institution: 'bh-regnbuen' }],
  ]);
});
afterAll(() => stack?.close());

describe('parents poster', () => {
  it("names the centre's superusers and the consultant, and lists the centre's coming cafés soonest first", async () => {
    const res = await lead.request('GET', '/api/poster/bh-solsikken');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      municipality: 'Svendborg Kommune',
      institution: { id: 'bh-solsikken', name: 'Børnehuset Solsikken' },
      superusers: ['Anne Holm'],
      consultants: [{ name: 'Mette Kofoed', phone: '62 23 30 00', email: null }],
      intakeUrl: `${stack.baseUrl}/#/intake/bh-solsikken`,
    });
    expect(res.body.helpCafes.map((c: { place: string }) => c.place)).toEqual(['Solsikken', 'Biblioteket']);
    const other = await lead.request('GET', '/api/poster/bh-regnbuen');
    expect(other.body.helpCafes.map((c: { place: string }) => c.place)).toEqual(['Biblioteket']);
  });

  it('a superuser prints their own centre only; anonymous gets nothing', async () => {
    expect((await sol.request('GET', '/api/poster/bh-solsikken')).status).toBe(200);
    expect((await regn.request('GET', '/api/poster/bh-solsikken')).status).toBe(404);
    expect((await request(stack.baseUrl, 'GET', '/api/poster/bh-solsikken')).status).toBe(401);
    expect((await lead.request('GET', '/api/poster/no-such-place')).status).toBe(404);
  });

  it('serves the QR code as an SVG image, with no script in it', async () => {
    const res = await fetch(`${stack.baseUrl}/api/poster/bh-solsikken/qr.svg`, { headers: { cookie: sol.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg).not.toContain('<script');
  });
});
