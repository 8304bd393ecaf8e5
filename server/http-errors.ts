import type { FastifyReply } from 'fastify';
import type { RefusalCode, RefusalParams } from '../shared/refusal-codes.ts';

/**
 * Sends {error:{code,message,params?}, ...rest}: `code` and `params` are what the client words in
 * the reader's language, `message` is English for API users. `extra.params` goes inside `error`.
 */
export function sendError(reply: FastifyReply, status: number, code: RefusalCode, message: string, extra?: { params?: RefusalParams } & Record<string, unknown>) {
  const { params, ...rest } = extra ?? {};
  return reply.code(status).send({ error: params ? { code, message, params } : { code, message }, ...rest });
}

export const STATUS_OF: Record<string, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  wip_limit: 409,
  // The suggestion changed or went meanwhile, as with a conflict.
  not_suggested: 409,
  gone: 410,
  // The request is well-formed; what stands in its way is the case's own state, as with a conflict.
  case_full: 409,
  busy: 503,
};

/** A service's refusal as it stands, with the status its code has (400 for a code not listed). */
export function sendRefusal(reply: FastifyReply, error: { code: string }) {
  return reply.code(STATUS_OF[error.code] ?? 400).send({ error });
}
