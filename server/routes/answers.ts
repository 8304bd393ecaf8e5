import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AnswerBody, AnswerParams, AnswerSchema, LibrarySchema } from '../../shared/problem-schemas.ts';
import { ErrorSchema, RECENT_RESOLVED_MS } from '../../shared/schemas.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';
import { STATUS_OF } from '../http-errors.ts';
import type { AnswerResult } from '../services/answer-service.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 503: ErrorSchema };
const answerReply = Type.Object({ answer: AnswerSchema });

function send(reply: FastifyReply, result: AnswerResult, okStatus = 200) {
  if (result.ok) return reply.code(okStatus).send({ answer: result.answer });
  return reply.code(STATUS_OF[result.error.code] ?? 400).send({ error: result.error });
}

export async function answerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sessions, users, answers, problems, store } = app.services;
  const readers = requireRole(sessions, users, ['lead', 'member', 'viewer']);
  const team = requireRole(sessions, users, ['lead', 'member']);

  app.get('/api/answers', { preHandler: readers, schema: { response: { 200: LibrarySchema, 401: ErrorSchema, 403: ErrorSchema } } }, async () => {
    // Recurring groups are looked for among the board's cases (open, or resolved in the last
    // 24 hours) and every case linked to them; each problem without an answer reads its own cases.
    const since = Date.now() - RECENT_RESOLVED_MS;
    const [board, all] = await Promise.all([store.boardCases(since), problems.list()]);
    const withoutAnswer = await Promise.all(all.filter((p) => !p.answer).map(async (problem) => ({ problem, cases: await problems.casesOf(problem.id) })));
    return answers.library({ uses: (ids) => store.answerUses(ids), problems: withoutAnswer, recent: await store.withSimilarNeighbours(board) });
  });

  app.post('/api/answers', { preHandler: team, schema: { body: AnswerBody, response: { 201: answerReply, ...errors } } }, async (request, reply) =>
    send(reply, await answers.create(request.body, actorOf(request)), 201),
  );

  app.put('/api/answers/:id', { preHandler: team, schema: { params: AnswerParams, body: AnswerBody, response: { 200: answerReply, ...errors } } }, async (request, reply) =>
    send(reply, await answers.update(request.params.id, request.body)),
  );
}
