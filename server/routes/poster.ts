// The parents' poster for one centre, and its QR code to the centre's intake page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import type { Actor } from '../../shared/case.ts';
import { upcomingCafes, type Poster } from '../../shared/poster.ts';
import { ErrorSchema } from '../../shared/schemas.ts';
import { requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import type { Services } from '../services/container.ts';

const Params = Type.Object({ institution: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9-]+$' }) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const PosterSchema = Type.Object({
  municipality: Type.String(),
  institution: Type.Object({ id: Type.String(), name: Type.String() }),
  superusers: Type.Array(Type.String()),
  consultants: Type.Array(Type.Object({ name: Type.String(), phone: Nullable(Type.String()), email: Nullable(Type.String()) })),
  helpCafes: Type.Array(Type.Object({ start: Type.String(), end: Type.String(), place: Type.String(), note: Nullable(Type.String()) })),
  intakeUrl: Type.String(),
});

export async function posterRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { config, sessions, users, settings } = services;
  // The team prints posters for every centre; a superuser for their own.
  const allowed = requireRole(sessions, users, ['lead', 'member', 'reporter']);
  const mayPrint = (actor: Actor, institution: string) => actor.role !== 'reporter' || actor.institution === institution;
  const intakeUrl = (request: FastifyRequest, institution: string) =>
    `${config.publicOrigin ?? `${request.protocol}://${request.host}`}/#/intake/${encodeURIComponent(institution)}`;

  const find = (request: FastifyRequest) => {
    const { institution } = request.params as { institution: string };
    const found = settings.current.settings.institutions.find((i) => i.id === institution);
    return found && mayPrint(request.actor!, found.id) ? found : null;
  };

  app.get('/api/poster/:institution', { preHandler: allowed, schema: { params: Params, response: { 200: PosterSchema, 404: ErrorSchema } } }, async (request, reply) => {
    const institution = find(request);
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

  app.get('/api/poster/:institution/qr.svg', { preHandler: allowed, schema: { params: Params } }, async (request, reply) => {
    const institution = find(request);
    if (!institution) return sendError(reply, 404, 'not_found', 'No such institution; GET /api/institutions lists the ids');
    const svg = await QRCode.toString(intakeUrl(request, institution.id), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('cache-control', 'private, max-age=3600').send(svg);
  });
}
