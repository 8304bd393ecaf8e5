// Two probes for operations. /api/health: this process is up and Redis answers (liveness).
// /api/ready: this web process can serve now (readiness): Redis answers, its reader of the event
// stream has caught up with the stream, and the queue workers run somewhere (their heartbeat,
// server/queues/worker-heartbeat.ts). No login, and nothing about people or cases in either.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { workersAlive } from '../queues/worker-heartbeat.ts';

const CHECK_MS = 1_000;

function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_MS / 1000} s`)), CHECK_MS)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Each check's outcome: stable words for monitors and scripts. */
const Checks = Type.Object({
  redis: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  stream: Type.Union([Type.Literal('ok'), Type.Literal('behind'), Type.Literal('unknown')]),
  workers: Type.Union([Type.Literal('ok'), Type.Literal('stopped'), Type.Literal('unknown')]),
});
type CheckResults = { redis: 'ok' | 'unreachable'; stream: 'ok' | 'behind' | 'unknown'; workers: 'ok' | 'stopped' | 'unknown' };

const Ready = Type.Object({ status: Type.Literal('ready'), checks: Checks });
const NotReady = Type.Object({
  status: Type.Literal('not_ready'),
  /** The checks that failed, in the order above: "redis", "stream", "workers". */
  failed: Type.Array(Type.Union([Type.Literal('redis'), Type.Literal('stream'), Type.Literal('workers')])),
  checks: Checks,
  error: Type.Object({ code: Type.Literal('unavailable'), message: Type.String() }),
});

export async function healthRoutes(app: FastifyInstance) {
  const { services } = app;
  app.get('/api/health', async (_request, reply) => {
    try {
      await within(services.redis.ping(), 'Redis');
      return { status: 'ok' };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', error: { code: 'unavailable', message: (err as Error).message } });
    }
  });

  app.get('/api/ready', { schema: { response: { 200: Ready, 503: NotReady } } }, async (_request, reply) => {
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
    if (failed.length === 0) return { status: 'ready', checks };
    return reply.code(503).header('retry-after', '2').send({ status: 'not_ready', failed, checks, error: { code: 'unavailable', message: `Not ready: ${why.join('; ')}` } });
  });
}
