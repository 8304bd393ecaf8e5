// Two probes for operations. /api/health: this process is up and Redis answers (liveness).
// /api/ready: this web process can serve now (readiness): Redis answers, its reader of the event
// stream has caught up with the stream, and the queue workers run somewhere (their heartbeat,
// server/queues/worker-heartbeat.ts). No login, and nothing about people or cases in either.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { HealthDownSchema, HealthSchema, NotReadySchema, ReadySchema } from '../../shared/probe-schemas.ts';
import { workersAlive } from '../queues/worker-heartbeat.ts';

const CHECK_MS = 1_000;

function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_MS / 1000} s`)), CHECK_MS)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

type CheckResults = { redis: 'ok' | 'unreachable'; stream: 'ok' | 'behind' | 'unknown'; workers: 'ok' | 'stopped' | 'unknown' };

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services } = app;
  app.get('/api/health', { schema: { response: { 200: HealthSchema, 503: HealthDownSchema } } }, async (_request, reply) => {
    try {
      await within(services.redis.ping(), 'Redis');
      return { status: 'ok' as const };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', error: { code: 'unavailable', message: (err as Error).message } });
    }
  });

  app.get('/api/ready', { schema: { response: { 200: ReadySchema, 503: NotReadySchema } } }, async (_request, reply) => {
    const checks: CheckResults = { redis: 'ok', stream: 'unknown', workers: 'unknown' };
    const why: string[] = [];
    try {
      await within(services.redis.ping(), 'Redis');
    } catch (err) {
      checks.redis = 'unreachable';
      why.push((err as Error).message);
    }
    if (checks.redis === 'ok') {
      // Both read Redis; either may fail now that it went away after all.
      const [stream, workers] = await Promise.allSettled([within(services.tail.caughtUp(CHECK_MS / 2), 'The event stream'), within(workersAlive(services.redis), 'Redis')]);
      checks.stream = stream.status === 'fulfilled' ? (stream.value ? 'ok' : 'behind') : 'unknown';
      checks.workers = workers.status === 'fulfilled' ? (workers.value ? 'ok' : 'stopped') : 'unknown';
      if (checks.stream !== 'ok') why.push('the event stream reader has not caught up with the stream');
      if (checks.workers !== 'ok') why.push('no queue worker has reported in the last few seconds');
    }
    const failed = (['redis', 'stream', 'workers'] as const).filter((k) => checks[k] !== 'ok');
    if (failed.length === 0) return { status: 'ready' as const, checks };
    return reply.code(503).header('retry-after', '2').send({ status: 'not_ready', failed, checks, error: { code: 'unavailable', message: `Not ready: ${why.join('; ')}` } });
  });
}
