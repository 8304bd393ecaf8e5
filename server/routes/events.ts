import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { EventSchema, EventsQuery, ErrorSchema } from '../../shared/schemas.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';
import { shownTo, visibleTo } from '../live/subscription.ts';
import { sinceVerdict } from '../store/event-since.ts';
import { STATUS_OF, sendError } from '../http-errors.ts';

const PAGE = 1000;

export async function eventRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { store, sessions, users } = app.services;
  app.get(
    '/api/events',
    {
      preHandler: requireRole(sessions, users),
      schema: {
        querystring: EventsQuery,
        response: { 200: Type.Object({ events: Type.Array(EventSchema), lastEventId: Type.String(), more: Type.Boolean() }), 400: ErrorSchema, 401: ErrorSchema, 410: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { since } = request.query;
      const verdict = await sinceVerdict(store, since);
      if (!verdict.ok) return sendError(reply, STATUS_OF[verdict.code], verdict.code, verdict.message, { params: verdict.params });
      const page = await store.eventsAfter(since ?? null, PAGE);
      // lastEventId is the last event read (visible or not), so paging with it never skips one.
      const lastEventId = page.length > 0 ? page[page.length - 1].id : (since ?? (await store.lastEventId()));
      const actor = actorOf(request);
      return { events: page.filter((e) => visibleTo(actor, e)).map((e) => shownTo(actor, e)), lastEventId, more: page.length === PAGE };
    },
  );
}
