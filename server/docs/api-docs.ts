// The API description: OpenAPI 3.1 built by @fastify/swagger from the routes' own TypeBox
// schemas (so it cannot drift from what the server validates and sends), served as JSON at
// /api/docs/json and as a reference page at /api/docs. The page is Swagger UI's static bundle,
// served from this server under the app's content security policy (no inline script, no CDN).
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE, rolesAdmitted } from '../auth/session-auth.ts';

export const DOCS_PATH = '/api/docs';

const DESCRIPTION = [
  'The HTTP contract of the go-live war-room board. Sign in with `POST /api/session`; the answer sets',
  `the \`${SESSION_COOKIE}\` cookie that every other call sends. Writes must come from the board's own origin`,
  '(the `Origin` header), so a script outside a browser sends none or the right one.',
  '',
  'Every refusal is JSON `{"error":{"code","message","params?"}}`: `code` and `params` are stable and meant',
  'for programs, `message` is English for people reading logs.',
  '',
  'Live events come over socket.io (`/socket.io/`) for boards and as a plain WebSocket feed (`/api/feed`).',
].join('\n');

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Before any route: the description is gathered as routes are registered. */
export async function describeApi(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'War-room board API', version: VERSION, description: DESCRIPTION },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    // A route behind a role check says so: it needs the session cookie, and names who it admits.
    transform: ({ schema, url, route }) => {
      const roles = rolesAdmitted([route.onRequest, route.preHandler].flat());
      if (!roles) return { schema, url };
      const who = `Signed in as: ${roles.join(', ')}.`;
      return { schema: { ...schema, security: [{ session: [] }], description: schema?.description ? `${who} ${schema.description}` : who }, url };
    },
  });
}

export async function apiDocsPage(app: FastifyInstance) {
  await app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PATH,
    // The spec is not sent to an outside validator (whose badge the CSP would refuse anyway).
    validatorUrl: false,
    uiConfig: { deepLinking: true, docExpansion: 'list', defaultModelsExpandDepth: 0 },
    uiHooks: {
      // The plugin's own redirect from /static/index.html keeps any query string and so sends
      // such a request back to itself for ever; it goes to the page instead.
      onRequest: async (request, reply) => {
        if (request.routeOptions.url === `${DOCS_PATH}/static/index.html`) return reply.redirect(`${DOCS_PATH}/`);
      },
    },
  });
}
