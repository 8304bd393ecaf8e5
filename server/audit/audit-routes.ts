// GET /api/audit for the lead: the audit stream, oldest first, paged with ?since=<last id>.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ErrorSchema, EventIdSchema } from '../../shared/schemas.ts';
import { requireRole } from '../auth/session-auth.ts';

const MAX_PAGE = 1000;

const AuditQuery = Type.Object(
  {
    since: Type.Optional(EventIdSchema),
    // A query string is text (no type coercion in this app), so the number is checked as digits.
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
  },
  { additionalProperties: false },
);

export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  /** Refusals of someone not signed in: one entry per address and minute, with how many there were. */
  count: Type.Integer({ minimum: 1 }),
  at: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  username: Type.String(),
  action: Type.String(),
  target: Type.String(),
  outcome: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  caseId: Type.Union([Type.String(), Type.Null()]),
});

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services } = app;
  const { audit } = services;
  app.get(
    '/api/audit',
    {
      preHandler: requireRole(services.sessions, services.users, ['lead']),
      schema: {
        querystring: AuditQuery,
        response: { 200: Type.Object({ entries: Type.Array(AuditEntrySchema), lastId: Type.Union([Type.String(), Type.Null()]), more: Type.Boolean() }), 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = Math.min(MAX_PAGE, Number(q.limit ?? 100));
      const entries = await audit.after(q.since ?? null, limit);
      return { entries, lastId: entries.length > 0 ? entries[entries.length - 1].id : (q.since ?? null), more: entries.length === limit };
    },
  );
}
