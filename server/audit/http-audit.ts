// Audits HTTP requests from the outside: a login, a failed login, a logout, and every
// request refused for want of a session or a role (401, 403) or for going over a budget
// (429). Done in hooks, so the routes stay as they are and no new route can forget it.
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { SESSION_COOKIE } from '../auth/session-auth.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from '../store/keys.ts';
import { hashToken, type SessionData } from '../store/session-store.ts';
import type { UserStore } from '../store/user-store.ts';
import { textField } from '../request-fields.ts';
import type { AuditInput, AuditLog } from './audit-log.ts';

type Who = { id: string; username: string } | null;

/** The session's user without restarting its idle timer: auditing must not keep a session alive. */
export async function peekSession(redis: Redis, token: string | undefined): Promise<Who> {
  if (!token || token.length > 100) return null;
  const raw = await redis.get(keys.session(hashToken(token)));
  if (!raw) return null;
  const data = JSON.parse(raw) as SessionData;
  return { id: data.userId, username: data.username };
}

/** The route's pattern, not the URL: a path can hold a secret (a password link's token). */
function target(request: FastifyRequest): string {
  const route = request.routeOptions.url ?? request.url.split('?')[0].slice(0, 100);
  return `${request.method} ${route}`;
}

function caseIdOf(request: FastifyRequest): string | null {
  return request.routeOptions.url?.startsWith('/api/cases/:id') ? textField(request.params, 'id') : null;
}

export function installHttpAudit(app: FastifyInstance, deps: { audit: AuditLog; redis: Redis; users: UserStore }) {
  const loggingOut = new WeakMap<FastifyRequest, Who>();

  // The session is gone once the logout answers, so whose it was is read before.
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.method !== 'DELETE' || route.url !== '/api/session') return;
    const remember = async (request: FastifyRequest) => {
      loggingOut.set(request, await peekSession(deps.redis, request.cookies[SESSION_COOKIE]).catch(() => null));
    };
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [remember, ...existing] as RouteOptions['preHandler'];
  });

  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const base = { ip: request.ip, target: target(request), caseId: caseIdOf(request) };
    let entry: AuditInput | null = null;
    if (route === 'POST /api/session') {
      const name = textField(request.body, 'username') ?? '';
      if (status === 200) {
        const user = await deps.users.get(name).catch(() => null);
        entry = { ...base, action: 'login', outcome: 'ok', actor: { id: user?.id ?? '', username: name } };
      } else if (status === 401 || status === 429) {
        // The name tried is kept (a guessing attack shows up), but not as a known actor.
        entry = { ...base, action: 'login', outcome: status === 401 ? 'failed' : 'rate_limited', actor: name ? { id: '', username: name } : null };
      }
    } else if (route === 'DELETE /api/session' && status === 204) {
      entry = { ...base, action: 'logout', outcome: 'ok', actor: loggingOut.get(request) ?? null };
    } else if (status === 401 || status === 403 || status === 429) {
      const actor = request.actor ? { id: request.actor.id, username: request.actor.username } : await peekSession(deps.redis, request.cookies[SESSION_COOKIE]).catch(() => null);
      entry = { ...base, action: 'refused', outcome: status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'rate_limited', actor };
    }
    if (entry) await deps.audit.record(entry);
  });
}
