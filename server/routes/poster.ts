// The parents' poster for one centre, and its QR code to the centre's intake page.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Actor } from '../../shared/case.ts';
import { cafeLanguages, upcomingCafes, type Poster } from '../../shared/poster.ts';
import { PosterListSchema, PosterParams, PosterQuery, PosterSchema } from '../../shared/poster-schemas.ts';
import { DEFAULT_POSTER_LANGUAGES, isPosterLanguage, POSTER_LANGUAGES, posterTexts, SHIPPED_POSTER_TEXTS, type PosterLanguage } from '../../shared/poster-texts.ts';
import { activeInstitutions, type RolloutSettings } from '../../shared/settings.ts';
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

  // A retired centre's intake page takes no new cases, so it gets no poster and no QR code to it.
  const find = (request: FastifyRequest, institution: string) => {
    const found = settings.current.settings.institutions.find((i) => i.id === institution);
    return found && !found.retired && mayPrint(actorOf(request), found.id) ? found : null;
  };
  // checkSettings let only shipped languages in.
  const languagesOf = (institution: RolloutSettings['institutions'][number]) => (institution.posterLanguages ?? DEFAULT_POSTER_LANGUAGES) as PosterLanguage[];
  const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

  app.get('/api/poster/:institution', { preHandler: allowed, schema: { params: PosterParams, querystring: PosterQuery, response: { 200: PosterSchema, ...errors } } }, async (request, reply) => {
    const lang = request.query.lang ?? 'da';
    if (!isPosterLanguage(lang)) {
      return sendError(reply, 400, 'unknown_language', `The poster has no texts in "${lang}"; known: ${POSTER_LANGUAGES.join(', ')}`, { params: { lang, known: POSTER_LANGUAGES.join(', ') } });
    }
    const institution = find(request, request.params.institution);
    if (!institution) return sendError(reply, 404, 'not_found', 'No such institution; GET /api/institutions lists the ids');
    const rollout = settings.current.settings;
    const poster: Poster = {
      municipality: rollout.municipality,
      institution: { id: institution.id, name: institution.name },
      superusers: institution.superusers ?? [],
      consultants: (rollout.support?.consultants ?? []).map((c) => ({ name: c.name, phone: c.phone ?? null, email: c.email ?? null })),
      helpCafes: upcomingCafes(rollout.support?.helpCafes ?? [], institution.id, new Date()).map((c) => ({ ...c, languages: cafeLanguages(c.languages, lang) })),
      intakeUrl: intakeUrl(request, institution.id),
      lang,
      dir: SHIPPED_POSTER_TEXTS[lang].dir,
      texts: posterTexts(lang, rollout.poster?.texts),
      languages: languagesOf(institution),
    };
    return poster;
  });

  // What "print all" prints: a page per centre and chosen language. The settings are already in
  // memory, so this reads no more than GET /api/institutions does.
  app.get('/api/posters', { preHandler: allowed, schema: { response: { 200: PosterListSchema, ...errors } } }, async (request) => {
    const actor = actorOf(request);
    const centres = activeInstitutions(settings.current.settings).filter((i) => mayPrint(actor, i.id));
    return { posters: centres.map((i) => ({ id: i.id, name: i.name, languages: languagesOf(i) })) };
  });

  app.get('/api/poster/:institution/qr.svg', { preHandler: allowed, schema: { params: PosterParams, response: { 200: NotJson('image/svg+xml', "A QR code to the centre's intake page"), ...errors } } }, async (request, reply) => {
    const institution = find(request, request.params.institution);
    if (!institution) return sendError(reply, 404, 'not_found', 'No such institution; GET /api/institutions lists the ids');
    const svg = await QRCode.toString(intakeUrl(request, institution.id), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('cache-control', 'private, max-age=3600').send(svg);
  });
}
