import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/container.ts';

export async function healthRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/api/health', async (_request, reply) => {
    try {
      await Promise.race([
        services.redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('Redis did not answer within 1 s')), 1000)),
      ]);
      return { status: 'ok' };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', error: { code: 'unavailable', message: (err as Error).message } });
    }
  });
}
