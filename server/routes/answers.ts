import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AnswerBody, AnswerParams, AnswerReplySchema, LibrarySchema } from '../../shared/problem-schemas.ts';
import { ErrorSchema, RECENT_RESOLVED_MS } from '../../shared/schemas.ts';
import { actorOf, roleGuards } from '../auth/session-auth.ts';
import { sendRefusal } from '../http-errors.ts';
import type { AnswerResult } from '../services/answer-service.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 503: ErrorSchema };

function send(reply: FastifyReply, result: AnswerResult, okStatus = 200) {
  return result.ok ? reply.code(okStatus).send({ answer: result.answer }) : sendRefusal(reply, result.error);
}

export async function answerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { answers, problems, store } = app.services;
  const { readers, team } = roleGuards(app.services);

  app.get('/api/answers', { preHandler: readers, schema: { response: { 200: LibrarySchema, 401: ErrorSchema, 403: ErrorSchema } } }, async () => {
    // Recurring groups are looked for among the board's cases (open, or resolved in the last
    // 24 hours) and every case linked to them; each problem without an answer reads its own cases.
    const since = Date.now() - RECENT_RESOLVED_MS;
    const [board, all] = await Promise.all([store.boardCases(since), problems.list()]);
    const withoutAnswer = await Promise.all(all.filter((p) => !p.answer).map(async (problem) => ({ problem, cases: await problems.casesOf(problem.id) })));
    return answers.library({ uses: (ids) => store.answerUses(ids), problems: withoutAnswer, recent: await store.withSimilarNeighbours(board) });
  });

  app.post('/api/answers', { preHandler: team, schema: { body: AnswerBody, response: { 201: AnswerReplySchema, ...errors } } }, async (request, reply) =>
    send(reply, await answers.create(request.body, actorOf(request)), 201),
  );

  app.put('/api/answers/:id', { preHandler: team, schema: { params: AnswerParams, body: AnswerBody, response: { 200: AnswerReplySchema, ...errors } } }, async (request, reply) =>
    send(reply, await answers.update(request.params.id, request.body)),
  );
}
