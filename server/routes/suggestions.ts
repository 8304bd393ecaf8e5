// Answers before sending: what the intake form shows while a superuser types, and "Det løste
// det" when one of them solved it. Built from the published notices and the answer library
// only; no case, of any centre, is ever read or shown here.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema } from '../../shared/schemas.ts';
import { DeflectionBody, DeflectionReply, SuggestionQuery, SuggestionsReply } from '../../shared/suggestion-schemas.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';
import { STATUS_OF, sendError } from '../http-errors.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema };

export async function suggestionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sessions, users, suggestions, audit } = app.services;
  // Superusers above all; the team may look at what a superuser would be shown.
  const readers = requireRole(sessions, users, ['reporter', 'lead', 'member', 'viewer']);
  const reporters = requireRole(sessions, users, ['reporter']);

  // What a superuser types may name a child: its request lines are not logged at info.
  app.get('/api/suggestions', { preHandler: readers, logLevel: 'warn', schema: { querystring: SuggestionQuery, response: { 200: SuggestionsReply, ...errors } } }, async (request) => ({
    suggestions: await suggestions.suggest(request.query.text),
  }));

  app.post('/api/suggestions/deflections', { preHandler: reporters, schema: { body: DeflectionBody, response: { 201: DeflectionReply, ...errors } } }, async (request, reply) => {
    const { answerId, noticeId } = request.body ?? {};
    const target =
      answerId !== undefined && noticeId === undefined
        ? { kind: 'answer' as const, id: answerId }
        : noticeId !== undefined && answerId === undefined
          ? { kind: 'notice' as const, id: noticeId }
          : null;
    if (!target) {
      return sendError(reply, 400, 'invalid', 'body must name exactly one of answerId (an answer in the library) or noticeId (the problem whose notice solved it)');
    }
    const actor = actorOf(request);
    const result = await suggestions.deflect(target, actor);
    if (!result.ok) return sendError(reply, STATUS_OF[result.error.code] ?? 400, result.error.code, result.error.message);
    await audit.record({ actor: { id: actor.id, username: actor.username }, action: 'deflection', target: `${target.kind} ${target.id}`, outcome: 'ok', ip: request.ip });
    const d = result.deflection;
    return reply.code(201).send({ deflection: { kind: d.kind, id: d.id, title: d.title, institution: d.institution, at: new Date(d.at).toISOString() } });
  });
}
