// The plain WebSocket feed for wall screens and integrations: the same events as the
// board's socket.io stream, from ?since=<eventId> on: one JSON object per message, or with
// ?batch=1 one JSON array per batch (a page of the catch-up, one read of the event stream).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, FeedQuery } from '../../shared/schemas.ts';
import { FEED_PATH } from '../../shared/socket-contract.ts';
import { sinceVerdict } from '../store/event-since.ts';
import { SESSION_COOKIE, actorOf, requireRole } from '../auth/session-auth.ts';
import { subscribe } from '../live/subscription.ts';
import { STATUS_OF, sendError } from '../http-errors.ts';

// A feed client that stops reading must not make the server hold its events forever.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

// One JSON text per event, and per batch read from the stream, shared by every feed client.
const texts = new WeakMap<object, string>();
function serialized(event: object): string {
  let text = texts.get(event);
  if (text === undefined) texts.set(event, (text = JSON.stringify(event)));
  return text;
}
function serializedBatch(events: readonly object[]): string {
  let text = texts.get(events);
  if (text === undefined) texts.set(events, (text = `[${events.map(serialized).join(',')}]`));
  return text;
}

export async function feedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { store, tail, sessions, users, connections } = app.services;
  app.route({
    method: 'GET',
    url: FEED_PATH,
    handler: (_request, reply) =>
      sendError(reply, 426, 'upgrade_required', `${FEED_PATH} is a WebSocket feed: connect with ws:// (or wss://) and the session cookie`),
    schema: {
      querystring: FeedQuery,
      response: {
        101: { description: 'Switching to the WebSocket feed: one JSON event per message, or with batch=1 one JSON array per batch' },
        400: ErrorSchema,
        401: ErrorSchema,
        410: ErrorSchema,
        426: ErrorSchema,
      },
    },
    preHandler: [
        requireRole(sessions, users),
        async (request, reply) => {
          const { since } = request.query;
          const verdict = await sinceVerdict(store, since);
          if (!verdict.ok) return sendError(reply, STATUS_OF[verdict.code], verdict.code, verdict.message, { params: verdict.params });
        },
      ],
    wsHandler: (socket, request) => {
      const { since, batch } = request.query;
      const actor = actorOf(request);
      const sub = subscribe({
        store,
        tail,
        actor,
        since: since ?? null,
        send: (events) => {
          if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
            socket.close(1013, 'Too far behind; reconnect with ?since=<last event id>');
            return;
          }
          if (batch === '1') socket.send(serializedBatch(events));
          else for (const event of events) socket.send(serialized(event));
        },
      });
      sub.ready.catch(() => socket.close(1011, 'Catch-up failed; reconnect'));
      const token = request.cookies[SESSION_COOKIE]!;
      const unregister = connections.add(token, actor.id, () => socket.close(4401, 'Session ended; log in again'));
      socket.on('close', () => {
        sub.close();
        unregister();
      });
      // The feed is one-way; anything a client sends is ignored.
      socket.on('message', () => {});
    },
  });
}
