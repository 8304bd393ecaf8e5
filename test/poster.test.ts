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
          { start: danishLocal(3, 16), end: danishLocal(3, 18), place: 'Biblioteket', note: 'Tolk på arabisk', languages: ['ar', 'so'] },
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

  it('answers in the asked language with its direction; Danish when none is asked', async () => {
    const da = await lead.request('GET', '/api/poster/bh-solsikken');
    expect(da.body).toMatchObject({ lang: 'da', dir: 'ltr', texts: { title: 'Spørgsmål om Aula?' }, languages: ['da'] });
    const ar = await lead.request('GET', '/api/poster/bh-solsikken?lang=ar');
    expect(ar.status).toBe(200);
    expect(ar.body).toMatchObject({ lang: 'ar', dir: 'rtl', institution: { name: 'Børnehuset Solsikken' } });
    expect(ar.body.texts.title).toBe('هل لديك أسئلة عن Aula؟');
    const ur = await lead.request('GET', '/api/poster/bh-solsikken?lang=ur');
    expect(ur.body.dir).toBe('rtl');
    const so = await lead.request('GET', '/api/poster/bh-regnbuen?lang=so');
    expect(so.body).toMatchObject({ lang: 'so', dir: 'ltr' });
    // The library café offers Arabic and Somali besides Danish, named in the poster's language.
    expect(so.body.helpCafes[0].languages).toEqual([
      { code: 'da', name: 'Dhaanish' },
      { code: 'ar', name: 'Carabi' },
      { code: 'so', name: 'Soomaali' },
    ]);
    expect(da.body.helpCafes.find((c: { place: string }) => c.place === 'Biblioteket').languages.map((l: { name: string }) => l.name)).toEqual(['dansk', 'arabisk', 'somali']);
  });

  it('refuses a language the poster has no texts in, naming it', async () => {
    for (const lang of ['fr', 'AR', 'arabic']) {
      const res = await lead.request('GET', `/api/poster/bh-solsikken?lang=${lang}`);
      expect(res.status, lang).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'unknown_language', params: { lang, known: 'da, en, ar, so, tr, uk, pl, ur' } });
    }
  });

  it("prints the lead's edited text and the centre's chosen languages, at once", async () => {
    const got = (await lead.request('GET', '/api/settings')).body;
    const next = structuredClone(got);
    next.poster = { texts: { ar: { title: 'أسئلة عن Aula؟ اسألنا!' } } };
    next.institutions.find((i: { id: string }) => i.id === 'bh-solsikken').posterLanguages = ['da', 'ar', 'so'];
    const saved = await lead.request('PUT', '/api/settings', next);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    try {
      const ar = await lead.request('GET', '/api/poster/bh-solsikken?lang=ar');
      expect(ar.body.texts.title).toBe('أسئلة عن Aula؟ اسألنا!');
      expect(ar.body.texts.intro).toBe('هكذا تحصل على المساعدة – نساعد بعضنا بعضاً خطوة بخطوة.');
      expect(ar.body.languages).toEqual(['da', 'ar', 'so']);
      expect((await lead.request('GET', '/api/poster/bh-solsikken?lang=da')).body.texts.title).toBe('Spørgsmål om Aula?');

      const all = await lead.request('GET', '/api/posters');
      expect(all.status).toBe(200);
      expect(all.body.posters.find((p: { id: string }) => p.id === 'bh-solsikken')).toEqual({ id: 'bh-solsikken', name: 'Børnehuset Solsikken', languages: ['da', 'ar', 'so'] });
      expect(all.body.posters.find((p: { id: string }) => p.id === 'bh-regnbuen').languages).toEqual(['da']);
      // A superuser's list is their own centre.
      expect((await sol.request('GET', '/api/posters')).body.posters.map((p: { id: string }) => p.id)).toEqual(['bh-solsikken']);

      const wrong = structuredClone(saved.body);
      wrong.institutions.find((i: { id: string }) => i.id === 'bh-solsikken').posterLanguages = ['da', 'xx'];
      const refused = await lead.request('PUT', '/api/settings', wrong);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'settings_invalid', params: { reason: 'unknown_language' } });
      expect(refused.body.error.params.field).toMatch(/^\/institutions\/\d+\/posterLanguages\/1$/);
    } finally {
      const back = (await lead.request('GET', '/api/settings')).body;
      expect((await lead.request('PUT', '/api/settings', { ...got, version: back.version })).status).toBe(200);
    }
  });

  it('serves the QR code as an SVG image, with no script in it', async () => {
    const res = await fetch(`${stack.baseUrl}/api/poster/bh-solsikken/qr.svg`, { headers: { cookie: sol.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg).not.toContain('<script');
  });

  it('a retired centre has no poster and no QR code: its intake page takes no new cases', async () => {
    expect((await lead.request('GET', '/api/poster/bh-regnbuen')).status).toBe(200);
    const doc = (await lead.request('GET', '/api/settings')).body;
    const institutions = doc.institutions.map((i: { id: string }) => (i.id === 'bh-regnbuen' ? { ...i, retired: true } : i));
    expect((await lead.request('PUT', '/api/settings', { ...doc, institutions })).status).toBe(200);
    const poster = await lead.request('GET', '/api/poster/bh-regnbuen');
    expect(poster.status).toBe(404);
    expect(poster.body.error.code).toBe('not_found');
    expect((await fetch(`${stack.baseUrl}/api/poster/bh-regnbuen/qr.svg`, { headers: { cookie: lead.cookie } })).status).toBe(404);
    expect((await lead.request('GET', '/api/posters')).body.posters.map((p: { id: string }) => p.id)).not.toContain('bh-regnbuen');
    expect((await lead.request('GET', '/api/poster/bh-solsikken')).status).toBe(200);
  });
});
