// The next help cafés for the wall screen and a superuser's page, from the settings as they are
// now: a superuser's are their centre's parents', the team's any centre's.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { nextCafes } from '../../shared/next-cafe.ts';
import { NextCafesSchema } from '../../shared/next-cafe-schemas.ts';
import { ErrorSchema } from '../../shared/schemas.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';

export async function helpCafeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sessions, users, settings } = app.services;
  const signedIn = requireRole(sessions, users);

  app.get('/api/help-cafes/next', { preHandler: signedIn, schema: { response: { 200: NextCafesSchema, 401: ErrorSchema } } }, async (request) => {
    const actor = actorOf(request);
    const institution = actor.role === 'reporter' ? (actor.institution ?? '') : null;
    return { cafes: nextCafes(settings.current.settings.support?.helpCafes ?? [], institution, new Date()) };
  });
}
