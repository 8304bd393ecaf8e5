import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { viewProblem } from '../../shared/problem.ts';
import {
  CreateProblemBody,
  NoticeBody,
  NoticeViewSchema,
  ProblemParams,
  ProblemReplySchema,
  ProblemViewSchema,
  ResolveProblemBody,
  UpdateProblemBody,
} from '../../shared/problem-schemas.ts';
import { CaseParams, ErrorSchema } from '../../shared/schemas.ts';
import { actorOf, roleGuards } from '../auth/session-auth.ts';
import { sendError, sendRefusal } from '../http-errors.ts';
import type { ProblemResult } from '../services/problem-service.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 503: Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), resolved: Type.Optional(Type.Array(Type.String())) }) }) };

function answer(reply: FastifyReply, result: ProblemResult, okStatus = 200) {
  return result.ok ? reply.code(okStatus).send({ problem: result.problem }) : sendRefusal(reply, result.error);
}

export async function problemRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { problems, store, problemMatch } = app.services;
  const { readers, team, anyone } = roleGuards(app.services);

  app.get('/api/problems', { preHandler: readers, schema: { response: { 200: Type.Object({ problems: Type.Array(ProblemViewSchema) }), 401: ErrorSchema, 403: ErrorSchema } } }, async () => {
    const all = await problems.list();
    return { problems: await Promise.all(all.map(async (p) => viewProblem(p, await problems.casesOf(p.id)))) };
  });

  app.get('/api/problems/:id', { preHandler: readers, schema: { params: ProblemParams, response: { 200: ProblemViewSchema, ...errors } } }, async (request, reply) => {
    const { id } = request.params;
    const problem = await problems.get(id);
    if (!problem) return sendError(reply, 404, 'not_found', `Problem ${id} not found`);
    return viewProblem(problem, await problems.casesOf(problem.id));
  });

  app.post('/api/problems', { preHandler: team, schema: { body: CreateProblemBody, response: { 201: ProblemReplySchema, ...errors } } }, async (request, reply) =>
    answer(reply, await problems.create(request.body, actorOf(request)), 201),
  );

  app.put('/api/problems/:id', { preHandler: team, schema: { params: ProblemParams, body: UpdateProblemBody, response: { 200: ProblemReplySchema, ...errors } } }, async (request, reply) =>
    answer(reply, await problems.update(request.params.id, request.body)),
  );

  app.post(
    '/api/problems/:id/resolve',
    { preHandler: team, schema: { params: ProblemParams, body: ResolveProblemBody, response: { 200: ProblemReplySchema, ...errors } } },
    async (request, reply) => answer(reply, await problems.resolve(request.params.id, request.body, actorOf(request))),
  );

  app.put('/api/problems/:id/notice', { preHandler: team, schema: { params: ProblemParams, body: NoticeBody, response: { 200: ProblemReplySchema, ...errors } } }, async (request, reply) =>
    answer(reply, await problems.announce(request.params.id, request.body.message, actorOf(request))),
  );

  app.delete('/api/problems/:id/notice', { preHandler: team, schema: { params: ProblemParams, response: { 200: ProblemReplySchema, ...errors } } }, async (request, reply) =>
    answer(reply, await problems.withdraw(request.params.id)),
  );

  // Every signed-in board shows the banner, the superusers' above all.
  app.get('/api/notices', { preHandler: anyone, schema: { response: { 200: Type.Object({ notices: Type.Array(NoticeViewSchema) }), 401: ErrorSchema } } }, async () => ({
    notices: await problems.notices(),
  }));

  app.get(
    '/api/cases/:id/similar',
    {
      preHandler: readers,
      schema: {
        params: CaseParams,
        response: {
          200: Type.Object({
            similar: Type.Array(Type.Object({ caseId: Type.String(), score: Type.Number() })),
            problems: Type.Array(Type.Object({ problemId: Type.String(), score: Type.Number() })),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const target = await store.load(id);
      if (!target) return sendError(reply, 404, 'not_found', `Case ${id} not found`);
      // Matches are recorded on the later case; the earlier one finds them through the back references.
      const scores = new Map(target.similar.map((s) => [s.caseId, s.score]));
      for (const c of await store.loadMany(await store.similarToIds(id))) {
        const back = c.similar.find((s) => s.caseId === id);
        if (back) scores.set(c.id, Math.max(scores.get(c.id) ?? 0, back.score));
      }
      const similar = [...scores].map(([caseId, score]) => ({ caseId, score })).sort((a, b) => b.score - a.score || (a.caseId < b.caseId ? -1 : 1));
      // Matched now, not at intake: the problems and what the links taught change after it.
      return { similar, problems: await problemMatch.matchesFor(target) };
    },
  );
}
