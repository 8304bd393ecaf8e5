import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { LIMITS, type Actor, type Case } from '../../shared/case.ts';
import {
  CaseParams,
  CaseSchema,
  ConflictSchema,
  CreateCaseBody,
  ErrorSchema,
  LeanEventSchema,
  type CreateCaseInput,
} from '../../shared/schemas.ts';
import { requireRole } from '../auth/session-auth.ts';
import { STATUS_OF, sendError } from '../http-errors.ts';
import type { CaseResult } from '../services/case-service.ts';
import type { Services } from '../services/container.ts';
import { MOVES } from '../services/moves.ts';
import { caseForReporter, draftForReporter } from '../../shared/visibility.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ConflictSchema, 503: ErrorSchema };
const caseReply = Type.Object({ case: CaseSchema });

function visible(actor: Actor, institution: string) {
  return actor.role !== 'reporter' || actor.institution === institution;
}

/** A superuser sees their cases without the team's internal notes. */
const shown = (actor: Actor, c: Case) => (actor.role === 'reporter' ? caseForReporter(c) : c);

function answer(reply: FastifyReply, result: CaseResult, okStatus: number, actor: Actor) {
  if (result.ok) return reply.code(okStatus).send({ case: shown(actor, result.case) });
  const status = STATUS_OF[result.error.code] ?? 400;
  const withCase = (result.error.code === 'conflict' || result.error.code === 'wip_limit') && result.case;
  return reply.code(status).send({ error: result.error, ...(withCase ? { case: shown(actor, result.case!) } : {}) });
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
    return { cases: all.filter((c) => visible(actor, c.institution)).map((c) => shown(actor, c)), lastEventId };
  });

  app.get('/api/cases/:id', { preHandler: anyone, schema: { params: CaseParams, response: { 200: Type.Object({ case: CaseSchema, events: Type.Array(LeanEventSchema) }), ...errors } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const found = await store.load(id);
    if (!found || !visible(request.actor!, found.institution)) return sendError(reply, 404, 'not_found', `Case ${id} not found`);
    // The events as stored: what changed and the version after; the case itself is `case`.
    const events = await store.eventsOfCase(id);
    const actor = request.actor!;
    return actor.role === 'reporter' ? { case: caseForReporter(found), events: events.map(draftForReporter) } : { case: found, events };
  });

  app.post('/api/cases', { preHandler: submitters, schema: { body: CreateCaseBody, response: { 201: caseReply, ...errors } } }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      return sendError(reply, 400, 'invalid', `Idempotency-Key must be 1-${LIMITS.idempotencyKey} visible ASCII characters`);
    }
    const result = await cases.create(request.body as CreateCaseInput, request.actor!, key);
    return answer(reply, result, 201, request.actor!);
  });

  for (const move of MOVES) {
    const allowed = requireRole(sessions, users, [...move.roles]);
    app.post(
      `/api/cases/:id/${move.path}`,
      {
        // A move without details may be sent with no body at all.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
        preHandler: allowed,
        schema: { params: CaseParams, body: move.body, response: { 200: caseReply, ...errors } },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const body = (request.body ?? {}) as Record<string, unknown>;
        return answer(reply, await cases.handle(id, move.request(body), request.actor!), 200, request.actor!);
      },
    );
  }
}
