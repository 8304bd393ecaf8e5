import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AnswerBody, AnswerParams, AnswerSchema, LibrarySchema } from '../../shared/problem-schemas.ts';
import { ErrorSchema } from '../../shared/schemas.ts';
import { requireRole } from '../auth/session-auth.ts';
import { STATUS_OF } from '../http-errors.ts';
import type { AnswerInput, AnswerResult } from '../services/answer-service.ts';
import type { Services } from '../services/container.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 503: ErrorSchema };
const answerReply = Type.Object({ answer: AnswerSchema });

function send(reply: FastifyReply, result: AnswerResult, okStatus = 200) {
  if (result.ok) return reply.code(okStatus).send({ answer: result.answer });
  return reply.code(STATUS_OF[result.error.code] ?? 400).send({ error: result.error });
}

export async function answerRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { sessions, users, answers, problems, store } = services;
  const readers = requireRole(sessions, users, ['lead', 'member', 'viewer']);
  const team = requireRole(sessions, users, ['lead', 'member']);

  app.get('/api/answers', { preHandler: readers, schema: { response: { 200: LibrarySchema } } }, async () => {
    const [cases, all] = await Promise.all([store.list(), problems.list()]);
    return answers.library(cases, all);
  });

  app.post('/api/answers', { preHandler: team, schema: { body: AnswerBody, response: { 201: answerReply, ...errors } } }, async (request, reply) =>
    send(reply, await answers.create(request.body as AnswerInput, request.actor!), 201),
  );

  app.put('/api/answers/:id', { preHandler: team, schema: { params: AnswerParams, body: AnswerBody, response: { 200: answerReply, ...errors } } }, async (request, reply) =>
    send(reply, await answers.update((request.params as { id: string }).id, request.body as AnswerInput)),
  );
}
