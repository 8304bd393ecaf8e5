// Accounts, for the lead: list, create, disable, enable, reset, and the superusers' CSV
// import. New and reset accounts get a one-time link instead of a password the lead would know.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { normalizeUsername, parseSuperuserCsv } from '../../shared/accounts.ts';
import { AccountSchema, CreateAccountBody, ImportedAccountSchema, LinkSchema, UsernameParams } from '../../shared/account-schemas.ts';
import type { Role } from '../../shared/case.ts';
import { ErrorSchema } from '../../shared/schemas.ts';
import { requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import type { RefusalParams } from '../../shared/refusal-codes.ts';
import { AccountService, ImportLineError, type AccountWithLink } from '../services/account-service.ts';
import type { Services } from '../services/container.ts';
import { PasswordLinkStore, type IssuedLink } from '../store/password-link-store.ts';
import { UserError, UserExistsError } from '../store/user-store.ts';

const errors = { 400: Type.Object({ error: ErrorSchema.properties.error, line: Type.Optional(Type.Integer()) }), 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const withLink = Type.Object({ user: AccountSchema, link: LinkSchema });

export async function userRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { sessions, users, config, redis, settings } = services;
  const accounts = new AccountService({ redis, users, sessions, links: new PasswordLinkStore(redis), institutions: () => settings.current.institutions });
  const lead = requireRole(sessions, users, ['lead']);
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // Before the body is read: only the lead gets to send a file.
  app.addHook('onRequest', lead);

  // The token sits in the URL fragment, which browsers never send to a server or in a Referer.
  const linkUrl = (request: FastifyRequest, link: IssuedLink) =>
    `${config.publicOrigin ?? `${request.protocol}://${request.host}`}/#/set-password/${link.token}`;
  const answer = (request: FastifyRequest, a: AccountWithLink) => ({ user: a.user, link: { url: linkUrl(request, a.link), expiresAt: a.link.expiresAt } });
  const noSuch = (username: string) => `No account "${username}"; check the name in the list`;

  app.get('/api/users', { schema: { response: { 200: Type.Object({ users: Type.Array(AccountSchema) }), ...errors } } }, async () => ({ users: await users.list() }));

  app.post('/api/users', { schema: { body: CreateAccountBody, response: { 201: withLink, ...errors } } }, async (request, reply) => {
    const body = request.body as { username: string; name: string; role: Role; institution?: string | null };
    try {
      const created = await accounts.create(body);
      return reply.code(201).send(answer(request, created));
    } catch (err) {
      if (err instanceof UserExistsError) return sendError(reply, 409, err.code, `${err.message}; pick another username`, { params: err.params });
      if (err instanceof UserError) return sendError(reply, 400, err.code, err.message, { params: err.params });
      throw err;
    }
  });

  const params = { params: UsernameParams, response: { 200: Type.Object({ user: AccountSchema }), ...errors } };
  app.post('/api/users/:username/disable', { schema: params }, async (request, reply) => {
    const { username } = request.params as { username: string };
    if (normalizeUsername(username) === request.actor!.username) {
      return sendError(reply, 409, 'own_account', 'You cannot disable your own account; another lead can, or use npx warroom user disable');
    }
    const user = await accounts.disable(username);
    return user ? { user } : sendError(reply, 404, 'not_found', noSuch(username));
  });

  app.post('/api/users/:username/enable', { schema: params }, async (request, reply) => {
    const { username } = request.params as { username: string };
    const user = await accounts.enable(username);
    return user ? { user } : sendError(reply, 404, 'not_found', noSuch(username));
  });

  app.post('/api/users/:username/reset', { schema: { params: UsernameParams, response: { 200: withLink, ...errors } } }, async (request, reply) => {
    const { username } = request.params as { username: string };
    if (normalizeUsername(username) === request.actor!.username) {
      return sendError(reply, 409, 'own_account', 'Resetting your own account would log you out before you could copy the link; ask another lead');
    }
    const reset = await accounts.reset(username);
    return reset ? answer(request, reset) : sendError(reply, 404, 'not_found', noSuch(username));
  });

  app.post(
    '/api/users/import',
    {
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
