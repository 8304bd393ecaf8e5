// The parents' poster for one centre, and its QR code to the centre's intake page.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Actor } from '../../shared/case.ts';
import { upcomingCafes, type Poster } from '../../shared/poster.ts';
import { PosterParams, PosterSchema } from '../../shared/poster-schemas.ts';
import { ErrorSchema, NotJson } from '../../shared/schemas.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';

export async function posterRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, sessions, users, settings } = app.services;
  // The team prints posters for every centre; a superuser for their own.
  const allowed = requireRole(sessions, users, ['lead', 'member', 'reporter']);
  const mayPrint = (actor: Actor, institution: string) => actor.role !== 'reporter' || actor.institution === institution;
  const intakeUrl = (request: FastifyRequest, institution: string) =>
    `${config.publicOrigin ?? `${request.protocol}://${request.host}`}/#/intake/${encodeURIComponent(institution)}`;

  const find = (request: FastifyRequest, institution: string) => {
    const found = settings.current.settings.institutions.find((i) => i.id === institution);
    return found && mayPrint(actorOf(request), found.id) ? found : null;
  };
  const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

  app.get('/api/poster/:institution', { preHandler: allowed, schema: { params: PosterParams, response: { 200: PosterSchema, ...errors } } }, async (request, reply) => {
    const institution = find(request, request.params.institution);
    if (!institution) return sendError(reply, 404, 'not_found', 'No such institution; GET /api/institutions lists the ids');
    const rollout = settings.current.settings;
    const poster: Poster = {
      municipality: rollout.municipality,
      institution: { id: institution.id, name: institution.name },
      superusers: institution.superusers ?? [],
      consultants: (rollout.support?.consultants ?? []).map((c) => ({ name: c.name, phone: c.phone ?? null, email: c.email ?? null })),
      helpCafes: upcomingCafes(rollout.support?.helpCafes ?? [], institution.id, new Date()),
      intakeUrl: intakeUrl(request, institution.id),
    };
    return poster;
  });

  app.get('/api/poster/:institution/qr.svg', { preHandler: allowed, schema: { params: PosterParams, response: { 200: NotJson('image/svg+xml', "A QR code to the centre's intake page"), ...errors } } }, async (request, reply) => {
    const institution = find(request, request.params.institution);
    if (!institution) return sendError(reply, 404, 'not_found', 'No such institution; GET /api/institutions lists the ids');
    const svg = await QRCode.toString(intakeUrl(request, institution.id), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('cache-control', 'private, max-age=3600').send(svg);
  });
}
