import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { LIMITS, type Actor } from '../../shared/case.ts';
import type { Command } from '../../shared/commands.ts';
import {
  CaseParams,
  CaseSchema,
  ConflictSchema,
  CreateCaseBody,
  EmptyBody,
  ErrorSchema,
  EventSchema,
  ReopenBody,
  ResolveBody,
  type CreateCaseInput,
} from '../../shared/schemas.ts';
import { requireRole } from '../auth/session-auth.ts';
import { STATUS_OF, sendError } from '../http-errors.ts';
import type { CaseResult } from '../services/case-service.ts';
import type { Services } from '../services/container.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ConflictSchema, 503: ErrorSchema };
const caseReply = Type.Object({ case: CaseSchema });

function visible(actor: Actor, institution: string) {
  return actor.role !== 'reporter' || actor.institution === institution;
}

function answer(reply: FastifyReply, result: CaseResult, okStatus = 200) {
  if (result.ok) return reply.code(okStatus).send({ case: result.case });
  const status = STATUS_OF[result.error.code] ?? 400;
  return reply.code(status).send({ error: result.error, ...(result.error.code === 'conflict' && result.case ? { case: result.case } : {}) });
}

export async function caseRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { store, cases, sessions, users } = services;
  const anyone = requireRole(sessions, users);
  const submitters = requireRole(sessions, users, ['lead', 'member', 'reporter']);

  app.get('/api/cases', { preHandler: anyone, schema: { response: { 200: Type.Object({ cases: Type.Array(CaseSchema), lastEventId: Type.String() }) } } }, async (request) => {
    // The event id is read first: anything stored after it is replayed to the board, so a
    // case changed in between arrives twice at worst (and the board drops the repeat).
    const lastEventId = await store.lastEventId();
    const all = await store.list();
    const actor = request.actor!;
    return { cases: all.filter((c) => visible(actor, c.institution)), lastEventId };
  });

  app.get('/api/cases/:id', { preHandler: anyone, schema: { params: CaseParams, response: { 200: Type.Object({ case: CaseSchema, events: Type.Array(EventSchema) }), ...errors } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const found = await store.load(id);
    if (!found || !visible(request.actor!, found.institution)) return sendError(reply, 404, 'not_found', `Case ${id} not found`);
    return { case: found, events: await store.eventsOfCase(id) };
  });

  app.post('/api/cases', { preHandler: submitters, schema: { body: CreateCaseBody, response: { 201: caseReply, ...errors } } }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      return sendError(reply, 400, 'invalid', `Idempotency-Key must be 1-${LIMITS.idempotencyKey} visible ASCII characters`);
    }
    const result = await cases.create(request.body as CreateCaseInput, request.actor!, key);
    return answer(reply, result, 201);
  });

  const team = requireRole(sessions, users, ['lead', 'member']);
  const reopeners = requireRole(sessions, users, ['lead', 'member', 'reporter']);
  const moves: { path: string; body: object; roles: typeof team; command: (body: Record<string, unknown>) => Exclude<Command, { type: 'create' }> }[] = [
    { path: 'claim', body: EmptyBody, roles: team, command: () => ({ type: 'claim' }) },
    { path: 'release', body: EmptyBody, roles: team, command: () => ({ type: 'release' }) },
    { path: 'resolve', body: ResolveBody, roles: team, command: (b) => ({ type: 'resolve', resolution: b.resolution as string }) },
    { path: 'reopen', body: ReopenBody, roles: reopeners, command: (b) => ({ type: 'reopen', reason: (b.reason as string | null | undefined) ?? null }) },
  ];
  for (const move of moves) {
    app.post(
      `/api/cases/:id/${move.path}`,
      {
        // A move without details may be sent with no body at all.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
        preHandler: move.roles,
        schema: { params: CaseParams, body: move.body, response: { 200: caseReply, ...errors } },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const body = (request.body ?? {}) as Record<string, unknown>;
        return answer(reply, await cases.handle(id, move.command(body), request.actor!));
      },
    );
  }
}
