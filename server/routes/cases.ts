import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { LIMITS, type Actor, type Case } from '../../shared/case.ts';
import {
  CASE_PAGE,
  CaseParams,
  CasesQuery,
  RECENT_RESOLVED_MS,
  CaseSchema,
  ConflictSchema,
  CreateCaseBody,
  CreateCaseHeaders,
  ErrorSchema,
  LeanEventSchema,
} from '../../shared/schemas.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';
import { STATUS_OF, sendError } from '../http-errors.ts';
import type { CaseResult } from '../services/case-service.ts';
import type { ResolvedCursor } from '../store/case-store.ts';
import { MOVES } from '../services/moves.ts';
import { caseForReporter, draftForReporter } from '../../shared/visibility.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ConflictSchema, 503: ErrorSchema };
const caseReply = Type.Object({ case: CaseSchema });
const CasesReply = Type.Object({ cases: Type.Array(CaseSchema), lastEventId: Type.String(), nextResolvedBefore: Type.Union([Type.String(), Type.Null()]) });

const CURSOR_RULE = 'an ISO date-time (such as 2025-08-14T09:00:00Z) or the nextResolvedBefore of the previous answer';

/** `<ISO time>` or `<ISO time>_<caseId>`; null when the time is no real time (a 13th month). */
function readCursor(text: string): ResolvedCursor | null {
  const [time, caseId] = text.split('_');
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? null : { ms, caseId: caseId ?? null };
}

const byCreation = (a: Case, b: Case) => a.createdAt.localeCompare(b.createdAt) || a.id.length - b.id.length || (a.id < b.id ? -1 : 1);

const writeCursor = (c: ResolvedCursor) => (c.caseId === null ? new Date(c.ms).toISOString() : `${new Date(c.ms).toISOString()}_${c.caseId}`);

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

export async function caseRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { store, cases, sessions, users } = app.services;
  const anyone = requireRole(sessions, users);
  const submitters = requireRole(sessions, users, ['lead', 'member', 'reporter']);

  // The board: every open case and those resolved in the last 24 hours; older resolved cases
  // page by page, newest first, with ?resolvedBefore. A superuser reads their centre's indexes.
  app.get('/api/cases', { preHandler: anyone, schema: { querystring: CasesQuery, response: { 200: CasesReply, 400: ErrorSchema } } }, async (request, reply) => {
    const q = request.query;
    const limit = q.limit === undefined ? CASE_PAGE.default : Number(q.limit);
    if (limit > CASE_PAGE.max) return sendError(reply, 400, 'invalid', `limit must be 1-${CASE_PAGE.max}`);
    const cursor = q.resolvedBefore === undefined ? null : readCursor(q.resolvedBefore);
    if (q.resolvedBefore !== undefined && !cursor) return sendError(reply, 400, 'invalid', `resolvedBefore must be ${CURSOR_RULE}`);
    const actor = actorOf(request);
    const institution = actor.role === 'reporter' ? (actor.institution ?? '') : undefined;
    // The event id is read first: anything stored after it is replayed to the board, so a
    // case changed in between arrives twice at worst (and the board drops the repeat).
    const lastEventId = await store.lastEventId();
    if (cursor || q.limit !== undefined) {
      const page = await store.resolvedPage(cursor ?? { ms: Date.now(), caseId: null }, limit, institution);
      return { cases: page.cases.map((c) => shown(actor, c)), lastEventId, nextResolvedBefore: page.next && writeCursor(page.next) };
    }
    const since = Date.now() - RECENT_RESOLVED_MS;
    const [board, older] = await Promise.all([store.boardCases(since, institution), store.newestResolvedBefore(since, institution)]);
    // Oldest first, as the board has always had them.
    const cases = board.sort(byCreation).map((c) => shown(actor, c));
    // The history starts with the newest older resolution (a cursor that stays the same until one is added).
    return { cases, lastEventId, nextResolvedBefore: older === null ? null : writeCursor({ ms: older + 1, caseId: null }) };
  });

  app.get('/api/cases/:id', { preHandler: anyone, schema: { params: CaseParams, response: { 200: Type.Object({ case: CaseSchema, events: Type.Array(LeanEventSchema) }), ...errors } } }, async (request, reply) => {
    const { id } = request.params;
    const actor = actorOf(request);
    const found = await store.load(id);
    if (!found || !visible(actor, found.institution)) return sendError(reply, 404, 'not_found', `Case ${id} not found`);
    // The events as stored: what changed and the version after; the case itself is `case`.
    const events = await store.eventsOfCase(id);
    return actor.role === 'reporter' ? { case: caseForReporter(found), events: events.map(draftForReporter) } : { case: found, events };
  });

  app.post('/api/cases', { preHandler: submitters, schema: { headers: CreateCaseHeaders, body: CreateCaseBody, response: { 201: caseReply, ...errors } } }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      return sendError(reply, 400, 'invalid', `Idempotency-Key must be 1-${LIMITS.idempotencyKey} visible ASCII characters`);
    }
    const actor = actorOf(request);
    return answer(reply, await cases.create(request.body, actor, key), 201, actor);
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
        const actor = actorOf(request);
        return answer(reply, await cases.handle(request.params.id, move.request(request.body ?? {}), actor), 200, actor);
      },
    );
  }
}
