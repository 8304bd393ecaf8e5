// Every error leaves as JSON {error:{code,message}}: a client mistake is a 4xx with a
// message that says what to fix; only our own faults are 500s, and those are logged.
import type { FastifyError, FastifyInstance } from 'fastify';
import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
} from 'redis';
import type { RefusalCode } from '../shared/refusal-codes.ts';

export const RETRY_AFTER_SECONDS = '2';

export function installErrorHandlers(app: FastifyInstance, opts: { serveClient: boolean }) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      const first = err.validation[0];
      const where = `${err.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
      const detail =
        first?.keyword === 'additionalProperties'
          ? `has an unknown field "${(first.params as { additionalProperty?: string }).additionalProperty}"`
          : first?.keyword === 'enum'
            ? `must be one of ${((first.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`
            : (first?.message ?? 'is not valid');
      return reply.code(400).send({ error: { code: 'invalid', message: `${where} ${detail}` } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code: RefusalCode = status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : 'invalid';
      return reply.code(status).send({ error: { code, message: err.message } });
    }
    if (isRedisUnavailable(err)) {
      request.log.warn({ err: err.message }, 'Redis unavailable');
      return reply.code(503).header('retry-after', RETRY_AFTER_SECONDS).send({ error: { code: 'unavailable', message: 'The case store is not reachable right now; try again in a moment' } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on the server; the team has the details in the log' } });
  });
  app.setNotFoundHandler((request, reply) => {
    // The board is a single-page app: its own paths (e.g. /board) get index.html.
    if (opts.serveClient && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
}

export function isRedisUnavailable(err: unknown): boolean {
  return (
    err instanceof ClientOfflineError ||
    err instanceof ClientClosedError ||
    err instanceof SocketClosedUnexpectedlyError ||
    err instanceof ConnectionTimeoutError ||
    err instanceof SocketTimeoutError ||
    (err instanceof Error && /ECONNREFUSED|ECONNRESET|LOADING/.test(err.message))
  );
}
