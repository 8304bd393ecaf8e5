// What the server logs about a request. Fastify's own serializer writes the whole URL, and a
// query string can carry personal data (a superuser's draft in GET /api/suggestions?text=,
// a search), so every request line carries the path only.
import type { FastifyServerOptions } from 'fastify';

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** The URL without its query string (or fragment). */
export function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

export function serializeRequest(req: LoggedRequest) {
  return { method: req.method, url: pathOf(req.url), host: req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** The logger options with the request serializer added; `false` (no logger) stays as it is. */
export function withRequestSerializer(logger: NonNullable<FastifyServerOptions['logger']>): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: serializeRequest } };
}
