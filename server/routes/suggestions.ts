// Answers before sending: what the intake form shows while a superuser types, and "Det løste
// det" when one of them solved it. Built from the published notices and the answer library
// only; no case, of any centre, is ever read or shown here.
import type { FastifyInstance } from 'fastify';
import { ErrorSchema } from '../../shared/schemas.ts';
import { DeflectionBody, DeflectionReply, SuggestionQuery, SuggestionsReply } from '../../shared/suggestion-schemas.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { requireRole } from '../auth/session-auth.ts';
import { STATUS_OF, sendError } from '../http-errors.ts';
import type { Services } from '../services/container.ts';
import { SuggestionService } from '../services/suggestion-service.ts';
import { DeflectionStore } from '../store/deflection-store.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema };

export async function suggestionRoutes(app: FastifyInstance, { services, audit }: { services: Services; audit: AuditLog }) {
  const { sessions, users } = services;
  const suggestions = new SuggestionService({ redis: services.redis, answers: services.answers, problems: services.problems, deflections: new DeflectionStore(services.redis) });
  // Superusers above all; the team may look at what a superuser would be shown.
  const readers = requireRole(sessions, users, ['reporter', 'lead', 'member', 'viewer']);
  const reporters = requireRole(sessions, users, ['reporter']);

  // What a superuser types may name a child: its request lines are not logged at info.
  app.get('/api/suggestions', { preHandler: readers, logLevel: 'warn', schema: { querystring: SuggestionQuery, response: { 200: SuggestionsReply, ...errors } } }, async (request) => ({
    suggestions: await suggestions.suggest((request.query as { text: string }).text),
  }));

  app.post('/api/suggestions/deflections', { preHandler: reporters, schema: { body: DeflectionBody, response: { 201: DeflectionReply, ...errors } } }, async (request, reply) => {
    const body = (request.body ?? {}) as { answerId?: string; noticeId?: string };
    if ((body.answerId === undefined) === (body.noticeId === undefined)) {
      return sendError(reply, 400, 'invalid', 'body must name exactly one of answerId (an answer in the library) or noticeId (the problem whose notice solved it)');
    }
    const target = body.answerId !== undefined ? { kind: 'answer' as const, id: body.answerId } : { kind: 'notice' as const, id: body.noticeId! };
    const actor = request.actor!;
    const result = await suggestions.deflect(target, actor);
    if (!result.ok) return sendError(reply, STATUS_OF[result.error.code] ?? 400, result.error.code, result.error.message);
    await audit.record({ actor: { id: actor.id, username: actor.username }, action: 'deflection', target: `${target.kind} ${target.id}`, outcome: 'ok', ip: request.ip });
    const d = result.deflection;
    return reply.code(201).send({ deflection: { kind: d.kind, id: d.id, title: d.title, institution: d.institution, at: new Date(d.at).toISOString() } });
  });
}
