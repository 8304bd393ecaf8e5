// The audit log (who logged in, out, or was refused, and when) and the server log, which must
// never carry what people wrote into a case.
import { Writable } from 'node:stream';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBoard, emitAck } from './helpers/clients.ts';
import { login, request, type Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
const OTHER = 'bh-regnbuen';

/** Everything the server logs, as written. */
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

/** Whether the server has logged the end of the request to this url. */
function requestCompleted(url: string): boolean {
  const lines = logLines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reqId?: string; req?: { url?: string }; msg?: string });
  const reqId = lines.find((l) => l.req?.url === url)?.reqId;
  return reqId !== undefined && lines.some((l) => l.reqId === reqId && l.msg === 'request completed');
}

let stack: Stack;
let lead: Session, anna: Session, sol: Session;

type Entry = { username: string; action: string; outcome: string; target: string; actorId: string | null; ip: string | null; at: string };
async function auditEntries(): Promise<Entry[]> {
  const res = await lead.request('GET', '/api/audit?limit=1000');
  expect(res.status).toBe(200);
  return res.body.entries;
}

beforeAll(async () => {
  // debug, stricter than the production default (info): request lines and everything above.
  stack = await startStack({ logger: { level: 'debug', stream: logStream } });
  [lead, anna, sol] = await loginAll(stack, [
    ['lead', 'lead'],
    ['anna', 'member'],
    ['sol', 'reporter', { institution: INST }],
  ]);
});
afterAll(() => stack?.close());

describe('audit log', () => {
  it('is for the lead only', async () => {
    expect((await request(stack.baseUrl, 'GET', '/api/audit')).status).toBe(401);
    expect((await anna.request('GET', '/api/audit')).status).toBe(403);
    expect((await lead.request('GET', '/api/audit?limit=0')).status).toBe(400);
    expect((await lead.request('GET', '/api/audit?since=banana')).status).toBe(400);
  });

  it('records logins, failed logins and logouts with who, when and from where', async () => {
    await request(stack.baseUrl, 'POST', '/api/session', { username: 'anna', password: 'not-her-password' });
    const again = await login(stack.baseUrl, 'anna', 'anna-password');
    expect((await again.request('DELETE', '/api/session')).status).toBe(204);
    const entries = await auditEntries();
    const annas = entries.filter((e) => e.username === 'anna' && ['login', 'logout'].includes(e.action));
    expect(annas.map((e) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['login:failed', 'login:ok', 'logout:ok']));
    const ok = annas.find((e) => e.action === 'login' && e.outcome === 'ok')!;
    expect(ok.actorId).toMatch(/\S/);
    expect(ok.ip).toBe('127.0.0.1');
    expect(Date.parse(ok.at)).toBeGreaterThan(Date.now() - 60_000);
    // A logout records whose session it was, though the session is gone afterwards.
    expect(annas.find((e) => e.action === 'logout')!.actorId).toBe(ok.actorId);
  });

  it('records refused requests (401, 403) with the route pattern and, when known, who', async () => {
    await request(stack.baseUrl, 'GET', '/api/cases');
    await sol.request('GET', '/api/users');
    await request(stack.baseUrl, 'GET', '/api/password-links/' + 'x'.repeat(43));
    const entries = await auditEntries();
    // Anonymous refusals are one counted entry per address, minute and kind, named after the first.
    expect(entries).toContainEqual(expect.objectContaining({ action: 'refused', outcome: 'unauthorized', username: 'anonymous', target: expect.stringMatching(/^GET \/api\//) }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'refused', outcome: 'forbidden', username: 'sol', target: 'GET /api/users' }));
  });

  it('records refused socket handshakes and commands', async () => {
    const anonymous = io(stack.baseUrl, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => anonymous.on('connect_error', () => resolve()));
    anonymous.close();
    const c = (await sol.request('POST', '/api/cases', { title: 'Sag til afvisning', institution: INST })).body.case;
    const board = connectBoard(stack.baseUrl, sol.cookie);
    await board.synced;
    const ack = await emitAck(board.socket, 'case:claim', { caseId: c.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    board.socket.close();
    const entries = await auditEntries();
    expect(entries).toContainEqual(expect.objectContaining({ action: 'socket.connect', outcome: 'unauthorized', username: 'anonymous' }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'socket.command', outcome: 'forbidden', username: 'sol', target: `case:claim ${c.id}` }));
  });
});

describe('server log', () => {
  it('carries none of the texts written into cases, through every kind of flow', async () => {
    const texts = {
      title: 'Barnet Oliver Hansen PERSONAL-TITLE',
      description: 'Mor: Line Hansen, tlf 20304050 PERSONAL-DESC',
      note: 'Far ringede fra 87654321 PERSONAL-NOTE',
      wait: 'Hvad er Lines e-mail? PERSONAL-WAIT',
      resolution: 'Line fik hjælp PERSONAL-RES',
      reopen: 'Oliver kan stadig ikke checkes ind PERSONAL-REOPEN',
      escalate: 'Oliver Hansen mangler i Aula PERSONAL-ESC',
    };
    const c = (await sol.request('POST', '/api/cases', { title: texts.title, description: texts.description, institution: INST })).body.case;
    const move = (s: Session, path: string, body?: unknown) => s.request('POST', `/api/cases/${c.id}/${path}`, body);
    await move(anna, 'claim');
    await move(anna, 'notes', { text: texts.note, visibility: 'reporter' });
    await move(anna, 'wait', { reason: texts.wait });
    await move(anna, 'resume');
    const board = connectBoard(stack.baseUrl, anna.cookie);
    await board.synced;
    expect(await emitAck(board.socket, 'case:resolve', { caseId: c.id, resolution: texts.resolution })).toMatchObject({ ok: true });
    await move(sol, 'reopen', { reason: texts.reopen });
    await move(anna, 'claim');
    await move(anna, 'escalate', { note: texts.escalate });
    // Refusals and bad input carrying the texts: a conflict, a forbidden move, invalid and unknown fields, a foreign institution.
    await move(lead, 'claim');
    await move(sol, 'resolve', { resolution: texts.resolution });
    await sol.request('POST', '/api/cases', { title: texts.title.repeat(20), institution: INST });
    await sol.request('POST', '/api/cases', { title: texts.title, institution: OTHER });
    await sol.request('POST', '/api/cases', { title: texts.title, institution: INST, [texts.description]: texts.note });
    await sol.request('POST', '/api/cases', `{"title": "${texts.title}"`);
    expect(await emitAck(board.socket, 'case:note', { caseId: c.id, text: texts.note, visibility: 'nobody' } as never)).toMatchObject({ ok: false });
    await lead.request('GET', `/api/cases/${c.id}/privacy-export`);
    await lead.request('POST', `/api/cases/${c.id}/erase`);
    board.socket.close();
    // The intake has run, and a later request's last line is written: every line about the case came before it.
    await expect.poll(async () => (await lead.request('GET', `/api/cases/${c.id}`)).body.case.enrichedAt, { timeout: 10_000 }).toBeTruthy();
    const marker = `/api/health/after-${c.id}`;
    await request(stack.baseUrl, 'GET', marker);
    await expect.poll(() => requestCompleted(marker), { timeout: 10_000 }).toBe(true);

    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(1000); // the logger did write: request lines at least
    for (const [field, text] of Object.entries(texts)) {
      const marker = text.slice(text.indexOf('PERSONAL-'));
      expect(log.includes(marker), `${field} in the server log`).toBe(false);
    }
    for (const word of ['Oliver', 'Line Hansen', '20304050', '87654321']) expect(log.includes(word), word).toBe(false);
  });

  it('carries no query string: neither a superuser draft in GET /api/suggestions nor any other', async () => {
    const draft = 'PERSONAL-draft Oliver Nielsen kan ikke logge ind';
    const search = 'PERSONAL-query Line Hansen';
    expect((await sol.request('GET', `/api/suggestions?text=${encodeURIComponent(draft)}`)).status).toBe(200);
    // Another route, refused for its query: the line still names the path it asked for.
    expect((await lead.request('GET', `/api/audit?limit=5&who=${encodeURIComponent(search)}`)).status).toBe(400);
    const marker = '/api/health/after-queries';
    await request(stack.baseUrl, 'GET', `${marker}?x=${encodeURIComponent(search)}`);
    await expect.poll(() => requestCompleted(marker), { timeout: 10_000 }).toBe(true);

    const log = logLines.join('');
    for (const word of ['PERSONAL-draft', 'Oliver', 'PERSONAL-query', 'Line%20Hansen', 'Line+Hansen']) expect(log.includes(word), word).toBe(false);
    expect(log.includes('"url":"/api/audit"'), 'the refused request is logged by its path').toBe(true);
  });
});
