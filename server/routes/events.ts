import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { EventSchema, EventsQuery, ErrorSchema } from '../../shared/schemas.ts';
import { compareEventIds } from '../../shared/events.ts';
import { requireRole } from '../auth/session-auth.ts';
import { shownTo, visibleTo } from '../live/subscription.ts';
import type { Services } from '../services/container.ts';

const PAGE = 1000;

export async function eventRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { store, sessions, users } = services;
  app.get(
    '/api/events',
    {
      preHandler: requireRole(sessions, users),
      schema: {
        querystring: EventsQuery,
        response: { 200: Type.Object({ events: Type.Array(EventSchema), lastEventId: Type.String(), more: Type.Boolean() }), 400: ErrorSchema, 410: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { since } = request.query as { since?: string };
      if (since) {
        const last = await store.lastEventId();
        if (compareEventIds(since, last) > 0) {
          return reply.code(400).send({ error: { code: 'invalid', message: `since=${since} is newer than the newest event (${last}); reload the snapshot from GET /api/cases` } });
        }
        if (!(await store.retainsEventsAfter(since))) {
          return reply.code(410).send({ error: { code: 'gone', message: `Events after since=${since} are no longer kept; load GET /api/cases and go on from its lastEventId` } });
        }
      }
      const page = await store.eventsAfter(since ?? null, PAGE);
      // lastEventId is the last event read (visible or not), so paging with it never skips one.
      const lastEventId = page.length > 0 ? page[page.length - 1].id : (since ?? (await store.lastEventId()));
      const actor = request.actor!;
      return { events: page.filter((e) => visibleTo(actor, e)).map((e) => shownTo(actor, e)), lastEventId, more: page.length === PAGE };
    },
  );
}
