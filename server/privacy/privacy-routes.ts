// The lead's GDPR tools for one case: everything stored about it as JSON (a data subject's
// access request), and erasure of its personal texts (a request to be forgotten).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CaseParams, CaseSchema, EmptyBody, ErrorSchema, LeanEventSchema } from '../../shared/schemas.ts';
import { AuditEntrySchema } from '../audit/audit-routes.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 503: ErrorSchema };

export async function privacyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services } = app;
  const { privacy, audit } = services;
  const lead = requireRole(services.sessions, services.users, ['lead']);
  const who = (a: { id: string; username: string }) => ({ id: a.id, username: a.username });

  app.get(
    '/api/cases/:id/privacy-export',
    {
      preHandler: lead,
      schema: {
        params: CaseParams,
        response: { 200: Type.Object({ exportedAt: Type.String(), case: CaseSchema, events: Type.Array(LeanEventSchema), audit: Type.Array(AuditEntrySchema) }), ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const found = await privacy.exportCase(id);
      if (!found) return sendError(reply, 404, 'not_found', `Case ${id} not found`);
      await audit.record({ actor: who(actorOf(request)), action: 'privacy.export', target: `case ${id}`, caseId: id, outcome: 'ok', ip: request.ip });
      reply.header('content-disposition', `attachment; filename="case-${id}-privacy-export.json"`);
      return found;
    },
  );

  app.post(
    '/api/cases/:id/erase',
    {
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      preHandler: lead,
      schema: { params: CaseParams, body: EmptyBody, response: { 200: Type.Object({ case: CaseSchema }), ...errors } },
    },
    async (request, reply) => {
      const { id } = request.params;
      const erased = await privacy.erase(id);
      if (!erased) return sendError(reply, 404, 'not_found', `Case ${id} not found`);
      await audit.record({ actor: who(actorOf(request)), action: 'privacy.erase', target: `case ${id}`, caseId: id, outcome: 'ok', ip: request.ip });
      return { case: erased };
    },
  );
}
