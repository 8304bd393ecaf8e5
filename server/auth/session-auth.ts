// Who is asking: the session cookie resolves to a user on every request, and routes
// state which roles they admit. A disabled user is turned away even with a live session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLES, type Actor, type Role } from '../../shared/case.ts';
import type { SessionStore } from '../store/session-store.ts';
import type { UserStore } from '../store/user-store.ts';
import { sendError } from '../http-errors.ts';

export const SESSION_COOKIE = 'wr_session';

/** A person with a session: never the server's own 'system' actor. */
export type SessionActor = Actor & { role: Role };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: set by a requireRole check, null on routes without one. */
    actor: SessionActor | null;
  }
}

/** Every request starts with no actor (declared up front, so requests keep one shape). */
export function decorateActor(app: FastifyInstance) {
  app.decorateRequest('actor', null);
}

/**
 * The actor a route's requireRole check let in. A route that reads it without such a check is a
 * programming mistake: it fails loudly (500) rather than acting for nobody.
 */
export function actorOf(request: FastifyRequest): SessionActor {
  if (!request.actor) throw new Error(`${request.method} ${request.routeOptions.url} reads the actor without a requireRole check`);
  return request.actor;
}

export async function actorFromToken(token: string | undefined, sessions: SessionStore, users: UserStore): Promise<SessionActor | null> {
  const session = await sessions.touch(token);
  if (!session) return null;
  const user = await users.get(session.username);
  if (!user || user.disabled || user.id !== session.userId) return null;
  return { id: user.id, username: user.username, name: user.name, role: user.role, institution: user.institution ?? null };
}

/** On each requireRole check: the roles it admits, which the API description names per route. */
export const ADMITS = Symbol('roles admitted');

export function requireRole(sessions: SessionStore, users: UserStore, roles?: readonly Role[]) {
  const check = async function (request: FastifyRequest, reply: FastifyReply) {
    const actor = await actorFromToken(request.cookies[SESSION_COOKIE], sessions, users);
    if (!actor) return sendError(reply, 401, 'unauthorized', 'Log in first: POST /api/session with your username and password');
    if (roles && !roles.includes(actor.role)) {
      return sendError(reply, 403, 'forbidden', `A ${actor.role} may not do this`);
    }
    request.actor = actor;
  };
  return Object.assign(check, { [ADMITS]: roles ?? ROLES });
}

/** The roles a route's requireRole check admits (in its onRequest or preHandler), or null for a public route. */
export function rolesAdmitted(hooks: unknown[]): readonly Role[] | null {
  for (const hook of hooks) if (typeof hook === 'function' && ADMITS in hook && Array.isArray(hook[ADMITS])) return hook[ADMITS];
  return null;
}

/**
 * The checks most routes choose from, made once per route plugin: the team's readers (viewers
 * too), the team that acts, the lead alone, and anyone logged in.
 */
export function roleGuards({ sessions, users }: { sessions: SessionStore; users: UserStore }) {
  return {
    readers: requireRole(sessions, users, ['lead', 'member', 'viewer']),
    team: requireRole(sessions, users, ['lead', 'member']),
    lead: requireRole(sessions, users, ['lead']),
    anyone: requireRole(sessions, users),
  };
}
