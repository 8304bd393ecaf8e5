// One-time links to set a password, opened by people without a session (a new superuser,
// or after a reset). The token is a secret, so these requests stay out of the request log.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { LinkTokenParams, SetPasswordBody } from '../../shared/account-schemas.ts';
import { ErrorSchema } from '../../shared/schemas.ts';
import { sendError } from '../http-errors.ts';
import { UserError } from '../store/user-store.ts';

const GONE = 'This link no longer works: it was used already, replaced by a newer one, or it expired. Ask the project lead for a new link.';

export async function passwordLinkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const links = app.services.passwordLinks;
  const errors = { 400: ErrorSchema, 404: ErrorSchema };

  app.get(
    '/api/password-links/:token',
    { logLevel: 'warn', schema: { params: LinkTokenParams, response: { 200: Type.Object({ username: Type.String(), expiresAt: Type.String() }), ...errors } } },
    async (request, reply) => {
      const link = await links.peek(request.params.token);
      return link ? { username: link.username, expiresAt: link.expiresAt } : sendError(reply, 404, 'not_found', GONE);
    },
  );

  app.post(
    '/api/password-links/:token',
    { logLevel: 'warn', schema: { params: LinkTokenParams, body: SetPasswordBody, response: { 200: Type.Object({ username: Type.String() }), ...errors } } },
    async (request, reply) => {
      const { token } = request.params;
      try {
        const username = await links.consume(token, request.body.password);
        return username ? { username } : sendError(reply, 404, 'not_found', GONE);
      } catch (err) {
        if (err instanceof UserError) return sendError(reply, 400, err.code, err.message, { params: err.params });
        throw err;
      }
    },
  );
}
