import type { FastifyReply } from 'fastify';

export function sendError(reply: FastifyReply, status: number, code: string, message: string, extra?: object) {
  return reply.code(status).send({ error: { code, message }, ...extra });
}

export const STATUS_OF: Record<string, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  wip_limit: 409,
  // The request is well-formed; what stands in its way is the case's own state, as with a conflict.
  case_full: 409,
  busy: 503,
};
