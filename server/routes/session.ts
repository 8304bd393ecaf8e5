import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, LoginBody, SessionUserSchema, type PublicUser } from '../../shared/schemas.ts';
import { wipLimitFor } from '../../shared/settings.ts';
import { SESSION_COOKIE, actorOf, requireRole } from '../auth/session-auth.ts';
import { announceEnd } from '../live/connections.ts';
import { hashToken } from '../store/session-store.ts';
import { sendError } from '../http-errors.ts';
import { Type } from 'typebox';

export async function sessionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services } = app;
  const { sessions, users, config, settings } = services;
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.publicOrigin?.startsWith('https://') ?? false,
  };
  const userReply = { 200: Type.Object({ user: SessionUserSchema }), 401: ErrorSchema };
  // A member's board shows "in progress / limit" before a claim is refused; nobody else has a limit.
  const withLimit = <U extends Pick<PublicUser, 'username'> & { role: string }>(user: U) => {
    const wipLimit = user.role === 'member' ? wipLimitFor(settings.current.settings, user.username) : null;
    return wipLimit === null ? user : { ...user, wipLimit };
  };

  // Open boards and feeds of an ended session close too, on every node, at once: a socket's
  // cached session would otherwise let it act for a few seconds more.
  const endSession = async (token: string | undefined) => {
    await sessions.destroy(token);
    if (token && token.length <= 100) await announceEnd(services.redis, { kind: 'session', id: hashToken(token) });
  };

  app.post('/api/session', { schema: { body: LoginBody, response: { ...userReply, 400: ErrorSchema } } }, async (request, reply) => {
    const { username, password } = request.body;
    const user = await users.verify(username, password);
    if (!user) return sendError(reply, 401, 'unauthorized', 'Wrong username or password');
    // A fresh id at every login, and the old one (if any) is dropped.
    await endSession(request.cookies[SESSION_COOKIE]);
    const token = await sessions.create(user);
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: config.sessionMaxHours * 3600 });
    return { user: withLimit(user) };
  });

  app.get('/api/session', { preHandler: requireRole(sessions, users), schema: { response: userReply } }, async (request) => {
    const a = actorOf(request);
    return { user: withLimit({ id: a.id, username: a.username, name: a.name, role: a.role, institution: a.institution ?? null }) };
  });

  app.delete('/api/session', { schema: { response: { 204: Type.Null({ description: 'Logged out (also when there was no session)' }) } } }, async (request, reply) => {
    await endSession(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.code(204).send(null);
  });
}
