// One web process under the primary (server/cluster/primary.ts): the API, socket.io and the
// feed on connections the primary hands over. The queue worker runs in its own process.
import type { Duplex } from 'node:stream';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { answerMetricsRequests, metricsFromPrimary } from '../metrics/cluster-metrics.ts';
import { acceptConnections } from './sticky.ts';

/** Requests in flight and board transports get this long to finish at a stop (under Fastify's 10 s limit for one close hook). */
const DRAIN_MS = 8_000;

export async function runWebProcess() {
  const config = loadConfig();
  const index = Number(process.env.WARROOM_WEB_PROCESS) || 1;
  // The primary always passes the Redis it chose.
  // A scrape reaches this process alone; the primary adds up every process's metrics.
  const { app, services, io } = await buildApp({ config, redisUrl: config.redisUrl!, runWorkers: false, scrapeMetrics: metricsFromPrimary() });
  answerMetricsRequests(services.metrics.registry);
  const log = app.log.child({ web: index });

  // Connections arrive from the primary, not from a listening socket, so the server does not
  // count them: they are tracked here to let the ones in use finish at a stop.
  acceptConnections(app.server, io.engine, index);
  // Node checks the header and request deadlines (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS) only on
  // a server that has started listening; this one never listens, so the check starts here, as
  // listen() would start it, before the first connection arrives.
  app.server.emit('listening');
  if (config.webProcesses > 1) {
    // A browser reuses a kept-alive connection for any request to the same origin, and this one
    // stays with this process: a polling request of a session held by another would fail here.
    app.server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
  }
  const connections = new Set<Duplex>();
  let drained: (() => void) | null = null;
  app.server.on('connection', (socket: Duplex) => {
    connections.add(socket);
    socket.once('close', () => {
      connections.delete(socket);
      if (connections.size === 0) drained?.();
    });
  });
  // After app.ts's own preClose (boards' transports closed, answers sent with connection: close).
  app.addHook('preClose', async () => {
    if (connections.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
    }
    if (connections.size > 0) log.warn({ connections: connections.size }, 'closing connections still open after the grace period');
    for (const socket of connections) socket.destroy();
  });
  io.on('connection', (socket) => log.debug({ socketId: socket.id }, 'board connected'));
  await app.ready();

  let demoStop: (() => Promise<void>) | null = null;
  const demo = process.env.WARROOM_DEMO;
  if (demo) {
    const { startDemo } = await import('../demo/demo.ts');
    demoStop = await startDemo(services, app.log, { newPasswords: demo !== 'resume' });
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    // The primary passes on the stop, and a Ctrl-C reaches this process too: one is enough.
    if (closing) return;
    closing = true;
    log.info({ signal }, 'web process stopping after its requests in flight');
    try {
      await demoStop?.();
      await app.close();
      process.exit(0);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'web process did not close cleanly');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.send!({ type: 'warroom:ready' });
}
