// The board's own paths that a person types or bookmarks: /tv, the wall screen, is the board's
// index.html (the client shows the wall when it sees the path), answered 200 rather than the
// not-found fallback's page, so a television's browser or a kiosk tool takes it as a real page.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

export const PAGE_PATHS = ['/tv'] as const;

export async function pageRoutes(fastify: FastifyInstance, { serveClient }: { serveClient: boolean }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Without a built client (API-only test runs) the paths stay unknown, as every other page.
  if (!serveClient) return;
  // Pages for people, not part of the API description.
  for (const path of PAGE_PATHS) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html'));
  }
}
