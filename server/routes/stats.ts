// The lead's load charts and the wall screen's figures. Reporters see only their own
// institution's cases, so the whole municipality's figures are not theirs to read.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema } from '../../shared/schemas.ts';
import { RangeQuery, StatsRangesSchema, StatsSchema, StatsStateSchema } from '../../shared/stats-schemas.ts';
import { DeflectionCountsSchema } from '../../shared/suggestion-schemas.ts';
import { readRange, type TimeRange } from '../../shared/time-range.ts';
import { requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import { StatsNotReadyError } from '../services/stats-service.ts';
import { rolloutOrLastWeek } from './range-defaults.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 503: ErrorSchema };

export async function statsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sessions, users, settings, stats, suggestions } = app.services;
  const team = requireRole(sessions, users, ['lead', 'member', 'viewer']);

  const notReady = (err: unknown) => {
    if (err instanceof StatsNotReadyError) return err.message;
    throw err;
  };

  app.get('/api/stats', { preHandler: team, schema: { querystring: RangeQuery, response: { 200: StatsSchema, ...errors } } }, async (request, reply) => {
    const query = request.query;
    try {
      // Without both ends named, the missing one comes from the range that follows the data,
      // chosen once the events stored just before are in the model; the one wait serves both.
      const choose = !(query.from && query.to);
      const defaults = choose ? (await stats.ranges(rolloutOrLastWeek(settings.current.settings))).default : rolloutOrLastWeek(settings.current.settings);
      const read = readRange(query, defaults);
      if (!read.ok) return sendError(reply, 400, 'invalid', read.message);
      const [figures, deflected] = await Promise.all([stats.stats(read.range, read.bucket, { latest: !choose }), suggestions.counts(read.range)]);
      return { ...figures, deflections: deflected, goLive: stats.goLive(settings.current.settings.institutions) };
    } catch (err) {
      return sendError(reply.header('retry-after', '2'), 503, 'unavailable', notReady(err));
    }
  });

  // "Det løste det" alone, for the live dashboard, whose figures come from the model.
  app.get('/api/stats/deflections', { preHandler: team, schema: { querystring: RangeQuery, response: { 200: DeflectionCountsSchema, ...errors } } }, async (request, reply) => {
    const read = readRange(request.query, rolloutOrLastWeek(settings.current.settings), { buckets: false });
    if (!read.ok) return sendError(reply, 400, 'invalid', read.message);
    return suggestions.counts(read.range);
  });

  // Where a dashboard or report starts: the rollout week, the days with cases, and which of them is the default.
  app.get('/api/stats/ranges', { preHandler: team, schema: { response: { 200: StatsRangesSchema, ...errors } } }, async (_request, reply) => {
    try {
      const r = await stats.ranges(rolloutOrLastWeek(settings.current.settings));
      const iso = (range: TimeRange) => ({ from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() });
      return { rollout: iso(r.rollout), cases: r.cases && iso(r.cases), default: iso(r.default), basis: r.basis };
    } catch (err) {
      return sendError(reply.header('retry-after', '2'), 503, 'unavailable', notReady(err));
    }
  });

  // The model itself, for a dashboard that keeps its charts live: it takes this snapshot and
  // applies each case:event after it with the same shared/stats.ts (repeats are dropped by id).
  app.get('/api/stats/model', { preHandler: team, schema: { response: { 200: StatsStateSchema, ...errors } } }, async (_request, reply) => {
    try {
      return await stats.snapshot();
    } catch (err) {
      return sendError(reply.header('retry-after', '2'), 503, 'unavailable', notReady(err));
    }
  });
}
