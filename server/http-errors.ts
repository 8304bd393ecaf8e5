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
  busy: 503,
};
