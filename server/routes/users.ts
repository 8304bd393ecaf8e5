// Accounts, for the lead: list, create, disable, enable, reset, and the superusers' CSV
// import. New and reset accounts get a one-time link instead of a password the lead would know.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { normalizeUsername, parseSuperuserCsv } from '../../shared/accounts.ts';
import { AccountSchema, CreateAccountBody, ImportedAccountSchema, LinkSchema, UsernameParams } from '../../shared/account-schemas.ts';
import { ErrorSchema, LineErrorSchema } from '../../shared/schemas.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import type { RefusalParams } from '../../shared/refusal-codes.ts';
import { ImportLineError, type AccountWithLink } from '../services/account-service.ts';
import type { IssuedLink } from '../store/password-link-store.ts';
import { UserError, UserExistsError } from '../store/user-store.ts';

const errors = { 400: LineErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const withLink = Type.Object({ user: AccountSchema, link: LinkSchema });

export async function userRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { sessions, users, config, accounts, settings } = app.services;
  const lead = requireRole(sessions, users, ['lead']);
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  // The token sits in the URL fragment, which browsers never send to a server or in a Referer.
  const linkUrl = (request: FastifyRequest, link: IssuedLink) =>
    `${config.publicOrigin ?? `${request.protocol}://${request.host}`}/#/set-password/${link.token}`;
  const answer = (request: FastifyRequest, a: AccountWithLink) => ({ user: a.user, link: { url: linkUrl(request, a.link), expiresAt: a.link.expiresAt } });
  const noSuch = (username: string) => `No account "${username}"; check the name in the list`;

  app.get('/api/users', { onRequest: lead, schema: { response: { 200: Type.Object({ users: Type.Array(AccountSchema) }), ...errors } } }, async () => ({ users: await users.list() }));

  app.post('/api/users', { onRequest: lead, schema: { body: CreateAccountBody, response: { 201: withLink, ...errors } } }, async (request, reply) => {
    try {
      const created = await accounts.create(request.body);
      return reply.code(201).send(answer(request, created));
    } catch (err) {
      if (err instanceof UserExistsError) return sendError(reply, 409, err.code, `${err.message}; pick another username`, { params: err.params });
      if (err instanceof UserError) return sendError(reply, 400, err.code, err.message, { params: err.params });
      throw err;
    }
  });

  const params = { params: UsernameParams, response: { 200: Type.Object({ user: AccountSchema }), ...errors } };
  app.post('/api/users/:username/disable', { onRequest: lead, schema: params }, async (request, reply) => {
    const { username } = request.params;
    if (normalizeUsername(username) === actorOf(request).username) {
      return sendError(reply, 409, 'own_account', 'You cannot disable your own account; another lead can, or use npx warroom user disable');
    }
    const user = await accounts.disable(username);
    return user ? { user } : sendError(reply, 404, 'not_found', noSuch(username));
  });

  app.post('/api/users/:username/enable', { onRequest: lead, schema: params }, async (request, reply) => {
    const { username } = request.params;
    const user = await accounts.enable(username);
    return user ? { user } : sendError(reply, 404, 'not_found', noSuch(username));
  });

  app.post('/api/users/:username/reset', { onRequest: lead, schema: { params: UsernameParams, response: { 200: withLink, ...errors } } }, async (request, reply) => {
    const { username } = request.params;
    if (normalizeUsername(username) === actorOf(request).username) {
      return sendError(reply, 409, 'own_account', 'Resetting your own account would log you out before you could copy the link; ask another lead');
    }
    const reset = await accounts.reset(username);
    return reset ? answer(request, reset) : sendError(reply, 404, 'not_found', noSuch(username));
  });

  app.post(
    '/api/users/import',
    {
      // Before the body is read (as on every route here): only the lead gets to send a file.
      onRequest: lead,
      bodyLimit: 256 * 1024,
      schema: { body: { content: { 'text/csv': { schema: Type.String() } } }, response: { 201: Type.Object({ users: Type.Array(ImportedAccountSchema) }), ...errors } },
    },
    async (request, reply) => {
      if (typeof request.body !== 'string') {
        return sendError(reply, 415, 'unsupported_media_type', 'Send the CSV file itself (username,name,institution) with Content-Type: text/csv');
      }
      const parsed = parseSuperuserCsv(request.body, settings.current.institutions);
      if (!parsed.ok) return sendError(reply, 400, 'invalid', `${parsed.message}. Nothing was imported.`, { line: parsed.line, params: { line: parsed.line } });
      try {
        const created = await accounts.importSuperusers(parsed.rows);
        const list = created.map((a) => ({ username: a.user.username, name: a.user.name, institution: a.user.institution ?? '', link: linkUrl(request, a.link), expiresAt: a.link.expiresAt }));
        return reply.code(201).send({ users: list });
      } catch (err) {
        if (err instanceof ImportLineError) {
          const params: RefusalParams = err.username ? { line: err.line, username: err.username } : { line: err.line };
          return sendError(reply, 400, err.username ? 'user_exists' : 'invalid', err.message, { line: err.line, params });
        }
        throw err;
      }
    },
  );
}
