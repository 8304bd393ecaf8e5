// Only the board's own pages may use a session: origin checks on both socket.io transports,
// the raw feed and every write; headers that keep scripts from elsewhere out.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { login, type Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';

let stack: Stack;
let lead: Session;
const EVIL = 'https://evil.example';

beforeAll(async () => {
  stack = await startStack();
  await stack.addUser('lead', 'lead-password', 'lead');
  lead = await login(stack.baseUrl, 'lead', 'lead-password');
});
afterAll(() => stack?.close());

describe('origin checks', () => {
  it.each(['websocket', 'polling'] as const)('refuses a socket.io handshake over %s from a foreign origin, with a valid session', async (transport) => {
    const socket = io(stack.baseUrl, { transports: [transport], extraHeaders: { cookie: lead.cookie, origin: EVIL }, reconnection: false });
    const outcome = await new Promise<string>((resolve) => {
      socket.on('connect', () => resolve('connected'));
      socket.on('connect_error', () => resolve('refused'));
      socket.on('case:event', () => resolve('got an event'));
    });
    expect(outcome).toBe('refused');
    socket.close();
  });

  it('accepts the board\'s own origin', async () => {
    const socket = io(stack.baseUrl, { transports: ['websocket'], extraHeaders: { cookie: lead.cookie, origin: stack.baseUrl }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    socket.close();
  });

  it('refuses the raw feed from a foreign origin', async () => {
    const ws = new WebSocket(stack.baseUrl.replace('http', 'ws') + '/api/feed', { headers: { cookie: lead.cookie, origin: EVIL } });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(403);
  });

  it('refuses a write with the session cookie from another site (CSRF), allows it from the board', async () => {
    const body = { title: 'Fra en fremmed side', institution: 'bh-solsikken' };
    const foreign = await lead.request('POST', '/api/cases', body, { origin: EVIL });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden');
    const logout = await lead.request('DELETE', '/api/session', undefined, { origin: EVIL });
    expect(logout.status).toBe(403);
    expect((await lead.request('GET', '/api/session')).status).toBe(200);
    const own = await lead.request('POST', '/api/cases', body, { origin: stack.baseUrl });
    expect(own.status).toBe(201);
  });
});

describe('headers', () => {
  it("sends a Content-Security-Policy that allows no inline script but the page's own, by its hash, and nosniff", async () => {
    const res = await fetch(stack.baseUrl + '/');
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    // The page's one inline script (the board's early snapshot request), hashed as the browser does.
    const inline = [...(await res.text()).matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toContain("fetch('/api/cases'");
    expect(scriptSrc).toBe(`script-src 'self' 'sha256-${createHash('sha256').update(inline[0]).digest('base64')}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
