// GET /metrics for Prometheus, and the hooks that time every request. The endpoint exists only
// with METRICS_TOKEN set and answers only `Authorization: Bearer <token>`; any other request
// gets the same 404 as an unknown path, so a scanner learns nothing about it.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MetricsHeaders } from '../../shared/probe-schemas.ts';
import { ErrorSchema, NotJson } from '../../shared/schemas.ts';
import { sendError } from '../http-errors.ts';
import type { Metrics } from './metrics.ts';

export const METRICS_PATH = '/metrics';

/** Compared as SHA-256 digests: equal lengths, and the time taken says nothing about the token. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  const given = createHash('sha256').update(match?.[1] ?? '').digest();
  const wanted = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, wanted) && match !== null;
}

export interface MetricsRouteOptions {
  token: string | null;
  /** The text to answer; by default this process's own registry (npm start asks its primary for every process's). */
  scrape?: () => Promise<string>;
}

/** The timing hook: registered on the root instance, before the routes, so it sees every request. */
export function installRequestMetrics(app: FastifyInstance, metrics: Metrics) {
  app.addHook('onResponse', async (request: FastifyRequest, reply) => {
    const status = reply.statusCode;
    // The pattern (/api/cases/:id), never the URL: no case ids, tokens or query strings.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.http.observe({ route, method: request.method, status: String(status) }, reply.elapsedTime / 1000);
    if (status === 429) metrics.rateLimited.inc({ transport: 'http' });
  });
}

export async function metricsRoutes(fastify: FastifyInstance, opts: MetricsRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { metrics } = app.services;
  const { token } = opts;
  const scrape = opts.scrape ?? (() => metrics.registry.metrics());
  // Registered even without a token: otherwise the board's page fallback would answer 200.
  const schema = {
    // Not in the public API description either: the path is for the scraper, who knows it.
    hide: true,
    description: 'Prometheus metrics; only with METRICS_TOKEN set, and only with Authorization: Bearer <token>.',
    headers: MetricsHeaders,
    response: { 200: NotJson('text/plain', 'Prometheus text format'), 404: ErrorSchema, 503: ErrorSchema },
  };
  app.get(METRICS_PATH, { schema }, async (request, reply) => {
    if (token === null || !bearerMatches(request.headers.authorization, token)) {
      return sendError(reply, 404, 'not_found', `No route GET ${METRICS_PATH}`);
    }
    let text: string;
    try {
      text = await scrape();
    } catch (err) {
      // The primary or a process did not answer: a failed scrape, not a made-up figure.
      request.log.warn({ err: (err as Error).message }, 'metrics scrape failed');
      return sendError(reply, 503, 'unavailable', 'The metrics could not be gathered; the next scrape tries again');
    }
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(text);
  });
}
