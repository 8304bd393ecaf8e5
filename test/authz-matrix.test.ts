// Authorization at every step: every role (and no session, and an ended session) against
// every HTTP route and every socket command the running app has. A route without a row in
// the policy below fails the test, so a new route cannot skip this table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Case } from '../shared/case.ts';
import { MOVES } from '../server/services/moves.ts';
import { connectBoard, emitAck, type BoardClient } from './helpers/clients.ts';
import { login, request, type Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

type Who = 'anonymous' | 'ended' | 'reporter' | 'outsider' | 'viewer' | 'member' | 'lead';
const WHO: Who[] = ['anonymous', 'ended', 'reporter', 'outsider', 'viewer', 'member', 'lead'];
type Role = 'reporter' | 'viewer' | 'member' | 'lead';

const INST = 'bh-solsikken';
const TEAM: Role[] = ['lead', 'member'];
const READERS: Role[] = ['lead', 'member', 'viewer'];
const ALL: Role[] = ['lead', 'member', 'viewer', 'reporter'];
const SUBMITTERS: Role[] = ['lead', 'member', 'reporter'];

interface Ctx {
  caseId: () => Promise<string>;
  problemId: string;
  answerId: string;
  unique: () => string;
}

interface Policy {
  /**
   * Who gets past the door; 'public' for everyone, with or without a session; 'bearer' for no
   * session at all: only an operator's token opens it (test/metrics.test.ts), everyone else gets
   * the 404 of an unknown path.
   */
  allow: Role[] | 'public' | 'bearer';
  /** The path names one institution's case or centre: a superuser of another gets 404 where a superuser may act. */
  scoped?: boolean;
  /** What a superuser of another centre gets instead, when it is not the usual 403 or 404. */
  outsider?: 403 | 404;
  path?: (ctx: Ctx) => Promise<string> | string;
  body?: (ctx: Ctx) => unknown;
  contentType?: string;
}

const caseRoute = (suffix: string, allow: Role[], body?: Policy['body']): Policy => ({
  allow,
  scoped: true,
  path: async (ctx) => `/api/cases/${await ctx.caseId()}${suffix}`,
  body,
});

const POLICY: Record<string, Policy> = {
  'GET /api/health': { allow: 'public' },
  'GET /api/ready': { allow: 'public' },
  'GET /metrics': { allow: 'bearer' },
  'POST /api/session': { allow: 'public', body: () => ({ username: 'probe', password: 'probe-password' }) },
  'GET /api/session': { allow: ALL },
  // Logging out without a session is still "logged out": it answers 204 to anyone.
  'DELETE /api/session': { allow: 'public' },
  'GET /api/institutions': { allow: 'public' },
  'GET /api/categories': { allow: 'public' },
  'GET /api/rollout': { allow: 'public' },
  'GET /api/cases': { allow: ALL },
  'GET /api/cases/:id': caseRoute('', ALL),
  // A superuser may submit, but only for their own centre.
  'POST /api/cases': { allow: SUBMITTERS, outsider: 403, body: () => ({ title: 'Kan ikke logge ind', institution: INST }) },
  'POST /api/cases/:id/claim': caseRoute('/claim', TEAM),
  'POST /api/cases/:id/release': caseRoute('/release', TEAM),
  'POST /api/cases/:id/resolve': caseRoute('/resolve', TEAM, () => ({ resolution: 'Løst' })),
  'POST /api/cases/:id/reopen': caseRoute('/reopen', SUBMITTERS, () => ({})),
  'POST /api/cases/:id/wait': caseRoute('/wait', TEAM, () => ({ reason: 'Hvilken stue?' })),
  'POST /api/cases/:id/resume': caseRoute('/resume', TEAM),
  'POST /api/cases/:id/escalate': caseRoute('/escalate', TEAM, () => ({ note: 'Meldt til Netcompany' })),
  'POST /api/cases/:id/vendor-ref': caseRoute('/vendor-ref', TEAM, () => ({ vendorRef: 'NC-1' })),
  'POST /api/cases/:id/assign': caseRoute('/assign', ['lead'], () => ({ userId: 'u1' })),
  'POST /api/cases/:id/priority': caseRoute('/priority', TEAM, () => ({ priority: 'high' })),
  'POST /api/cases/:id/notes': caseRoute('/notes', SUBMITTERS, () => ({ text: 'Hej', visibility: 'reporter' })),
  'POST /api/cases/:id/link': caseRoute('/link', TEAM, () => ({ problemId: '1' })),
  'POST /api/cases/:id/unlink': caseRoute('/unlink', TEAM),
  'POST /api/cases/:id/dismiss-suggestion': caseRoute('/dismiss-suggestion', TEAM, () => ({ problemId: '1' })),
  // A superuser files the case; only the team corrects its category.
  'POST /api/cases/:id/category': caseRoute('/category', TEAM, () => ({ category: 'photos' })),
  'GET /api/cases/:id/similar': caseRoute('/similar', READERS),
  'GET /api/cases/:id/privacy-export': caseRoute('/privacy-export', ['lead']),
  'POST /api/cases/:id/erase': caseRoute('/erase', ['lead']),
  'GET /api/events': { allow: ALL },
  // Without a WebSocket upgrade the feed answers 426 to whoever may use it.
  'GET /api/feed': { allow: ALL },
  'GET /api/problems': { allow: READERS },
  'GET /api/problems/:id': { allow: READERS, path: (c) => `/api/problems/${c.problemId}` },
  'POST /api/problems': { allow: TEAM, body: () => ({ title: 'MitID-loop' }) },
  'PUT /api/problems/:id': { allow: TEAM, path: (c) => `/api/problems/${c.problemId}`, body: () => ({ vendorRef: 'NC-2' }) },
  'POST /api/problems/:id/resolve': { allow: TEAM, path: (c) => `/api/problems/${c.problemId}/resolve`, body: () => ({ resolution: 'Rettet' }) },
  'PUT /api/problems/:id/notice': { allow: TEAM, path: (c) => `/api/problems/${c.problemId}/notice`, body: () => ({ message: 'Brug browseren' }) },
  'DELETE /api/problems/:id/notice': { allow: TEAM, path: (c) => `/api/problems/${c.problemId}/notice` },
  'GET /api/notices': { allow: ALL },
  'GET /api/answers': { allow: READERS },
  'POST /api/answers': { allow: TEAM, body: () => ({ title: 'Video', url: 'https://www.aula.dk/v', languages: ['da'] }) },
  'PUT /api/answers/:id': { allow: TEAM, path: (c) => `/api/answers/${c.answerId}`, body: () => ({ title: 'Video', url: 'https://www.aula.dk/v2', languages: ['da'] }) },
  'GET /api/poster/:institution': { allow: SUBMITTERS, scoped: true, path: () => `/api/poster/${INST}` },
  'GET /api/poster/:institution/qr.svg': { allow: SUBMITTERS, scoped: true, path: () => `/api/poster/${INST}/qr.svg` },
  // The wall screen and every superuser's page show the next help café.
  'GET /api/help-cafes/next': { allow: ALL },
  // A superuser's list holds their own centre only (test/poster.test.ts).
  'GET /api/posters': { allow: SUBMITTERS },
  'GET /api/roster': { allow: READERS },
  'GET /api/roster/people': { allow: READERS },
  'PUT /api/roster': { allow: ['lead'], body: () => ({ shifts: [] }) },
  'PUT /api/roster/:id': { allow: ['lead'], path: () => '/api/roster/anna@1764486000000', body: () => ({ start: '2026-11-30 08:00', end: '2026-11-30 12:00' }) },
  'GET /api/settings': { allow: READERS },
  // An empty document is refused (400) after the door: nothing is changed for the next callers.
  'PUT /api/settings': { allow: ['lead'], body: () => ({}) },
  'GET /api/users': { allow: ['lead'] },
  'POST /api/users': { allow: ['lead'], body: (c) => ({ username: `ny-${c.unique()}`, name: 'Ny Bruger', role: 'member' }) },
  'POST /api/users/:username/disable': { allow: ['lead'], path: () => '/api/users/target/disable' },
  'POST /api/users/:username/enable': { allow: ['lead'], path: () => '/api/users/target/enable' },
  'POST /api/users/:username/reset': { allow: ['lead'], path: () => '/api/users/target/reset' },
  'POST /api/users/import': { allow: ['lead'], contentType: 'text/csv', body: (c) => `username,name,institution\nsu-${c.unique()},Ny Superbruger,${INST}\n` },
  'GET /api/password-links/:token': { allow: 'public', path: () => '/api/password-links/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' },
  'POST /api/password-links/:token': { allow: 'public', path: () => '/api/password-links/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', body: () => ({ password: 'et-langt-kodeord' }) },
  'GET /api/stats': { allow: READERS },
  'GET /api/stats/model': { allow: READERS },
  'GET /api/stats/ranges': { allow: READERS },
  'GET /api/stats/deflections': { allow: READERS },
  'GET /api/suggestions': { allow: ALL, path: () => '/api/suggestions?text=billeder' },
  'POST /api/suggestions/deflections': { allow: ['reporter'], body: (c) => ({ answerId: c.answerId }) },
  'GET /api/export/cases': { allow: TEAM },
  'GET /api/export/events': { allow: TEAM },
  'GET /api/audit': { allow: ['lead'] },
  'GET /*': { allow: 'public', path: () => '/index.html' },
  'GET /tv': { allow: 'public' },
  // The API description and its reference page: public, as the README's contract table is.
  'GET /api/docs': { allow: 'public' },
  'GET /api/docs/json': { allow: 'public' },
  'GET /api/docs/yaml': { allow: 'public' },
  'GET /api/docs/static/index.html': { allow: 'public' },
  'GET /api/docs/static/swagger-initializer.js': { allow: 'public' },
  'GET /api/docs/static/*': { allow: 'public', path: () => '/api/docs/static/swagger-ui.css' },
};

let stack: Stack;
const sessions = {} as Record<Exclude<Who, 'anonymous'>, Session>;
let ctx: Ctx;

beforeAll(async () => {
  stack = await startStack();
  const [reporter, outsider, viewer, member, lead, ended] = await loginAll(stack, [
    ['sol', 'reporter', { institution: INST }],
    ['regn', 'reporter', { institution: 'bh-regnbuen' }],
    ['wall', 'viewer'],
    ['anna', 'member'],
    ['lene', 'lead'],
    ['gone', 'member'],
    ['target', 'member'],
    ['probe', 'member'],
  ]);
  Object.assign(sessions, { reporter, outsider, viewer, member, lead, ended });
  // An ended session: the browser still sends its cookie, the server no longer knows it.
  await stack.app.services.sessions.destroy(ended.cookie.split('=')[1]);
  let n = 0;
  ctx = {
    caseId: async () => (await reporter.request('POST', '/api/cases', { title: `Sag ${++n}`, institution: INST })).body.case.id,
    problemId: (await lead.request('POST', '/api/problems', { title: 'Kendt fejl' })).body.problem.id,
    answerId: (await lead.request('POST', '/api/answers', { title: 'Video', url: 'https://www.aula.dk/v', languages: ['da'] })).body.answer.id,
    unique: () => `${Date.now().toString(36)}${++n}`,
  };
});
afterAll(() => stack?.close());

function expected(policy: Policy, who: Who): 'in' | 401 | 403 | 404 {
  if (policy.allow === 'public') return 'in';
  if (policy.allow === 'bearer') return 404;
  if (who === 'anonymous' || who === 'ended') return 401;
  const role: Role = who === 'outsider' ? 'reporter' : who;
  if (!policy.allow.includes(role)) return 403;
  if (who === 'outsider' && policy.outsider) return policy.outsider;
  return who === 'outsider' && policy.scoped ? 404 : 'in';
}

describe('authorization matrix', () => {
  it('every route has a policy row, and every row a route', () => {
    const routes = stack.app.routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS').map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in POLICY))).toEqual([]);
    expect(Object.keys(POLICY).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('each role gets exactly what the policy allows, on every route and socket command', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const [route, policy] of Object.entries(POLICY)) {
      const [method, pattern] = route.split(' ');
      for (const who of WHO) {
        // Logging in (which replaces the session it is sent with) and out must not end the session the next rows use.
        const throwaway = (route === 'DELETE /api/session' || route === 'POST /api/session') && who !== 'ended';
        const session = who === 'anonymous' ? null : throwaway ? await login(stack.baseUrl, sessionUser(who), `${sessionUser(who)}-password`) : sessions[who];
        const path = policy.path ? await policy.path(ctx) : pattern;
        const body = policy.body?.(ctx);
        const headers: Record<string, string> = session ? { cookie: session.cookie } : {};
        let res: { status: number };
        if (policy.contentType) {
          const raw = await fetch(stack.baseUrl + path, { method, headers: { ...headers, 'content-type': policy.contentType }, body: body as string });
          await raw.arrayBuffer();
          res = raw;
        } else {
          res = await request(stack.baseUrl, method, path, body, headers);
        }
        const want = expected(policy, who);
        cells++;
        const ok = want === 'in' ? ![401, 403].includes(res.status) && !(policy.scoped && res.status === 404) && res.status < 500 : res.status === want;
        if (!ok) failures.push(`${route} as ${who}: got ${res.status}, expected ${want === 'in' ? 'to get in' : want}`);
      }
    }

    // Socket commands: the handshake refuses anyone without a live session; the domain core then
    // decides per command, role and case.
    for (const who of ['anonymous', 'ended'] as const) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = io(stack.baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: who === 'ended' ? { cookie: sessions.ended.cookie } : {} });
        s.on('connect', () => (s.disconnect(), resolve(false)));
        s.on('connect_error', () => resolve(true));
      });
      cells++;
      if (!refused) failures.push(`socket handshake as ${who}: let in`);
    }
    const boards: Partial<Record<Who, BoardClient>> = {};
    for (const who of ['reporter', 'outsider', 'viewer', 'member', 'lead'] as const) {
      const board = connectBoard(stack.baseUrl, sessions[who].cookie);
      await board.synced;
      boards[who] = board.socket;
    }
    const SOCKET_ALLOW: Record<string, Role[]> = {
      'case:reopen': SUBMITTERS,
      'case:note': SUBMITTERS,
      'case:assign': ['lead'],
    };
    const payloadFor: Record<string, Record<string, unknown>> = {
      'case:resolve': { resolution: 'Løst' },
      'case:wait': { reason: 'Hvilken stue?' },
      'case:escalate': { note: 'Meldt' },
      'case:set-vendor-ref': { vendorRef: 'NC-1' },
      'case:assign': { userId: 'u1' },
      'case:prioritize': { priority: 'high' },
      'case:note': { text: 'Hej', visibility: 'reporter' },
      'case:link': { problemId: ctx.problemId },
      'case:dismiss-suggestion': { problemId: ctx.problemId },
      'case:recategorise': { category: 'photos' },
    };
    for (const move of MOVES) {
      const allow = SOCKET_ALLOW[move.command] ?? TEAM;
      for (const who of ['reporter', 'outsider', 'viewer', 'member', 'lead'] as const) {
        const caseId = await ctx.caseId();
        const ack = await emitAck(boards[who]!, move.command as 'case:claim', { caseId, ...payloadFor[move.command] } as never);
        // Another centre's case does not exist for a superuser, whatever the command: no hint it is there.
        const want = who === 'outsider' ? 404 : expected({ allow, scoped: true }, who);
        cells++;
        const ok = want === 'in' ? ack.ok || !['forbidden', 'not_found', 'unauthorized'].includes(ack.error.code) : !ack.ok && ack.error.code === (want === 404 ? 'not_found' : 'forbidden');
        if (!ok) failures.push(`${move.command} as ${who}: got ${JSON.stringify(ack.ok ? 'ok' : ack.error.code)}, expected ${want}`);
      }
    }
    for (const b of Object.values(boards)) b!.disconnect();

    console.log(`authorization matrix: checked ${cells} cells (${Object.keys(POLICY).length} routes × ${WHO.length} callers, 2 refused handshakes, ${MOVES.length} socket commands × 5 roles)`);
    expect(failures).toEqual([]);
    // Every route × every caller in a row, with logins: it grows with the routes, so it gets
    // more than the suite's default time.
  }, 180_000);

  it("a superuser cannot read, subscribe to or guess another institution's cases", async () => {
    const theirs = (await sessions.outsider.request('POST', '/api/cases', { title: 'Hemmelig sag', institution: 'bh-regnbuen' })).body.case as Case;
    const board = connectBoard(stack.baseUrl, sessions.reporter.cookie, { lastEventId: '0-0' });
    await board.synced;
    await sessions.lead.request('POST', `/api/cases/${theirs.id}/claim`);
    // The log is delivered in order: a case of their own made after the claim arrives after it.
    const own = (await sessions.reporter.request('POST', '/api/cases', { title: 'Egen sag', institution: INST })).body.case as Case;
    await board.waitFor((es) => es.some((e) => e.caseId === own.id));
    expect(board.events.filter((e) => e.caseId === theirs.id)).toEqual([]);
    board.socket.disconnect();
    const mine = sessions.reporter;
    expect((await mine.request('GET', `/api/cases/${theirs.id}`)).status).toBe(404);
    expect((await mine.request('GET', '/api/cases')).body.cases.map((c: Case) => c.institution)).not.toContain('bh-regnbuen');
    expect((await mine.request('GET', '/api/events')).body.events.map((e: { caseId: string }) => e.caseId)).not.toContain(theirs.id);
    // Guessing ids: a case that exists elsewhere and one that exists nowhere look the same.
    const guessed = await mine.request('POST', `/api/cases/${theirs.id}/notes`, { text: 'Hej', visibility: 'reporter' });
    const missing = await mine.request('POST', '/api/cases/999999/notes', { text: 'Hej', visibility: 'reporter' });
    expect([guessed.status, guessed.body.error.code]).toEqual([missing.status, missing.body.error.code]);
  });
});

function sessionUser(who: Who): string {
  return { reporter: 'sol', outsider: 'regn', viewer: 'wall', member: 'anna', lead: 'lene', ended: 'gone', anonymous: '' }[who];
}
