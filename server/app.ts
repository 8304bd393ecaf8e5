// The app plugin: wires the services (createServices), the live stream and the routes onto one
// Fastify instance. server/main.ts owns the process (Redis, signals, listening).
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { FEED_PATH, SOCKET_PATH } from '../shared/socket-contract.ts';
import type { Config } from './config.ts';
import { withRequestSerializer } from './request-log.ts';
import { connectRedis, watchRedis } from './redis/connect.ts';
import { listenForEnds } from './live/connections.ts';
import { createBoardServer, serveBoards, type BoardServer } from './live/socket-server.ts';
import { createServices } from './services/create-services.ts';
import { startWorkers } from './queues/workers.ts';
import { QUEUE_STATES, type QueueState } from './metrics/metrics.ts';
import { caseRoutes } from './routes/cases.ts';
import { keys } from './store/keys.ts';
import { problemRoutes } from './routes/problems.ts';
import { answerRoutes } from './routes/answers.ts';
import { suggestionRoutes } from './routes/suggestions.ts';
import { posterRoutes } from './routes/poster.ts';
import { helpCafeRoutes } from './routes/help-cafes.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { eventRoutes } from './routes/events.ts';
import { feedRoutes } from './routes/feed.ts';
import { healthRoutes } from './routes/health.ts';
import { sessionRoutes } from './routes/session.ts';
import { rosterRoutes } from './routes/roster.ts';
import { userRoutes } from './routes/users.ts';
import { passwordLinkRoutes } from './routes/password-links.ts';
import { statsRoutes } from './routes/stats.ts';
import { exportRoutes } from './routes/exports.ts';
import { pageRoutes } from './routes/pages.ts';
import type { Services } from './services/container.ts';
import { installErrorHandlers } from './error-handler.ts';
import { originAllowed } from './auth/origin.ts';
import { auditRoutes } from './audit/audit-routes.ts';
import { installHttpAudit } from './audit/http-audit.ts';
import { installRateLimits } from './security/rate-limits.ts';
import { inlineScriptHashes } from './security/inline-scripts.ts';
import { listenForBoardResets } from './privacy/board-reset.ts';
import { privacyRoutes } from './privacy/privacy-routes.ts';
import { installRequestMetrics, metricsRoutes } from './metrics/metrics-routes.ts';
import { startSettings } from './settings/settings-holder.ts';
import { settingsRoutes } from './routes/settings.ts';
import { decorateActor } from './auth/session-auth.ts';
import { apiDocsPage, describeApi } from './docs/api-docs.ts';

export interface App {
  app: FastifyInstance;
  services: Services;
  io: BoardServer;
  /** Every route as registered (the fuzz test covers new routes through this list). */
  routes: { method: string; url: string }[];
}

export interface BuildOptions {
  config: Config;
  redisUrl: string;
  logger?: FastifyServerOptions['logger'];
  /** Run the intake worker in this process (the default); off when `npm run worker` runs it. */
  runWorkers?: boolean;
  /** What GET /metrics answers; by default this app's own metrics (`npm start`: every process's, from the primary). */
  scrapeMetrics?: () => Promise<string>;
}

/** The socket's peer is hop 0; each X-Forwarded-For entry from the right is the next. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export async function buildApp(opts: BuildOptions): Promise<App> {
  const { config, redisUrl } = opts;
  const { timeouts } = config;
  const shortest = Math.min(timeouts.headersMs, timeouts.requestMs || Infinity);
  const app = Fastify({
    logger: withRequestSerializer(opts.logger ?? { level: config.logLevel }),
    bodyLimit: 64 * 1024,
    // Unknown fields are refused with a 400, not silently dropped; no type coercion, so a
    // null stays null and a number is not quietly turned into a title.
    ajv: { customOptions: { removeAdditional: false, allErrors: false, coerceTypes: false } },
    // A hop count believes that many proxies nearest the server, as proxy-addr counts them
    // (this Fastify takes a bare number as "trust none"); a list believes those addresses.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // A client that dribbles its headers or body holds a connection and a parser: it is cut off
    // (408) once the headers or the whole request take longer than allowed. Node checks the
    // running requests at an interval, so it is a fraction of the shortest limit.
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(shortest / 4))),
    },
  });

  const logRedisError = (what: string) => (err: Error) => app.log.warn({ err: err.message }, `${what} Redis connection error`);
  const redis = await connectRedis({ url: redisUrl, onError: logRedisError('command') });
  const blocking = await connectRedis({ url: redisUrl, onError: logRedisError('stream') });
  const adapterClient = await connectRedis({ url: redisUrl, onError: logRedisError('socket.io adapter'), queueWhileOffline: true });
  const io = createBoardServer({ httpServer: app.server, adapterClient, publicOrigin: config.publicOrigin });
  const services = createServices(config, redis, { redisUrl, blocking, io, log: app.log });
  const { store, users, cases, similarity, problemMatch, tail, intake, timers, retention, audit, metrics, settings } = services;
  // Before anything reads them: what the lead saved (the config file seeds a new install), followed as it changes.
  const settingsFeed = await startSettings(redis, services.settingsStore, settings, logRedisError('settings'));
  app.decorate('services', services);
  // On the root instance before any route: every request is timed, the unknown ones too.
  installRequestMetrics(app, metrics);
  // Start-up reads every case once (building the indexes of an older store first), before any
  // worker writes; the intake sweep and the SLA timers share that read.
  const startupCases = await store.readAllAtStartup();
  await users.buildIndexesOnce();

  const serveClient = existsSync(path.join(config.clientDir, 'index.html'));
  const inlineScripts = serveClient ? inlineScriptHashes(readFileSync(path.join(config.clientDir, 'index.html'), 'utf8')) : [];
  installErrorHandlers(app, { serveClient });
  decorateActor(app);
  await describeApi(app);
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScripts],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Plain http on a LAN wall screen must keep working; HSTS belongs to the TLS proxy.
    strictTransportSecurity: false,
  });
  // Answers of 1 KiB and more go out with brotli or gzip, as the browser accepts (a board's
  // snapshot shrinks about tenfold). Bodies sent to the server stay plain JSON: request
  // decompression is left off. socket.io and the feed upgrade outside these routes.
  app.addHook('onRoute', (route) => {
    route.decompress ??= false;
  });
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  // A write carrying the session cookie from another site's page is refused (CSRF).
  app.addHook('onRequest', async (request, reply) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    if (!originAllowed(request.raw, config.publicOrigin)) {
      return reply.code(403).send({ error: { code: 'forbidden', message: 'Requests from another site are refused; use the board itself' } });
    }
  });
  // Moves without details may come as application/json with an empty body; that means {}.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    parseJson(request, body as string, done);
  });

  // socket.io and the feed share the port: socket.io takes its own path, the rest of the
  // upgrades go to @fastify/websocket through this emitter.
  const otherUpgrades = new EventEmitter();
  // A board's or a feed's connection is kept alive by its own pings; the idle limit is for HTTP.
  app.server.prependListener('upgrade', (_req, socket) => (socket as Socket).setTimeout(0));
  app.server.on('upgrade', (req, socket, head) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname.startsWith(`${SOCKET_PATH}/`)) return; // socket.io checks the origin itself (allowRequest)
    if (!originAllowed(req, config.publicOrigin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (pathname === FEED_PATH) return void otherUpgrades.emit('upgrade', req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await app.register(fastifyWebsocket, { options: { server: otherUpgrades as never, maxPayload: 16 * 1024 } });

  const routes: App['routes'] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  // Both add their hooks to routes as they are registered, so they come before the routes.
  await installRateLimits(app, { redis, limits: config.limits, changes: services.changes });
  installHttpAudit(app, { audit, redis, users });

  await app.register(apiDocsPage);
  await app.register(healthRoutes);
  await app.register(metricsRoutes, { token: config.metricsToken, scrape: opts.scrapeMetrics });
  await app.register(sessionRoutes);
  await app.register(catalogRoutes);
  await app.register(caseRoutes);
  await app.register(eventRoutes);
  await app.register(feedRoutes);
  await app.register(problemRoutes);
  await app.register(answerRoutes);
  await app.register(suggestionRoutes);
  await app.register(posterRoutes);
  await app.register(helpCafeRoutes);
  await app.register(rosterRoutes);
  await app.register(userRoutes);
  await app.register(passwordLinkRoutes);
  await app.register(statsRoutes);
  await app.register(exportRoutes);
  await app.register(auditRoutes);
  await app.register(privacyRoutes);
  await app.register(settingsRoutes);

  if (serveClient) await app.register(fastifyStatic, { root: config.clientDir });
  await app.register(pageRoutes, { serveClient });

  serveBoards(io, { ...services, service: cases, log: app.log, limits: config.limits, onRateLimited: () => metrics.rateLimited.inc({ transport: 'socket' }) });
  settings.onChange((next) => io.local.emit('settings:changed', { version: next.version }));
  metrics.watch({
    *boards() {
      for (const socket of io.of('/').sockets.values()) if (socket.data?.actor) yield socket.data.actor.role;
    },
    feeds: () => app.websocketServer.clients.size,
    streamLag: async () => {
      // The first event after what this node has handed out; none means caught up.
      const [next, [seconds, micros]] = await Promise.all([redis.xRange(keys.events, `(${tail.lastDelivered}`, '+', { COUNT: 1 }), redis.time()]);
      if (!next || next.length === 0) return 0;
      const storedMs = Number(next[0].id.split('-')[0]);
      return Math.max(0, Number(seconds) * 1000 + Number(micros) / 1000 - storedMs) / 1000;
    },
    queues: () =>
      Promise.all(
        [intake.queue, timers.queue, retention.queue].map(async (queue) => ({
          queue: queue.name,
          counts: (await queue.getJobCounts(...QUEUE_STATES)) as Partial<Record<QueueState, number>>,
        })),
      ),
  });
  // After an erasure or a purge the log no longer matches what boards hold: they reload.
  const resetListener = await listenForBoardResets(
    redis,
    (reason) => {
      io.local.emit('sync:reset', { reason });
      // Erased or purged texts must not linger in the intake's memory, the events held for
      // catch-ups or the case states events are folded from either.
      similarity.reset();
      problemMatch.reset();
      tail.forgetRecent();
      // The statistics count again from the rewritten log, as a restart would.
      services.stats.reload();
    },
    logRedisError('board-reset'),
  );

  watchRedis(redis, {
    // Boards go to "reconnecting" and are let back in, with their catch-up, once Redis answers.
    onLost: () => {
      app.log.warn('Redis connection lost; boards will reconnect when it is back');
      for (const socket of io.of('/').sockets.values()) socket.conn.close();
      for (const ws of app.websocketServer.clients) ws.close(1013, 'The case store is unavailable; reconnect with ?since=<last event id>');
    },
    onBack: async () => {
      app.log.info('Redis connection back');
      // Only open cases can have changed or arrived since: nothing is written while Redis is away.
      const open = await store.openCases().catch(() => []);
      const requeued = await intake.requeueUnenriched(open).catch(() => 0);
      if (requeued > 0) app.log.info({ requeued }, 'queued intake for cases stored during the outage');
      await services.problems.finishInterrupted().catch(() => 0);
      // Timers set while Redis was away were lost; every open case gets its timer back.
      await timers.recoverAll(open).catch((err) => app.log.warn({ err: (err as Error).message }, 'could not set SLA timers again'));
    },
  });
  const endListener = await listenForEnds(redis, services.connections, logRedisError('live-control'));
  // A backstop for sessions that expired, or whose end notice was lost while Redis was away.
  const sweep = setInterval(() => {
    services.connections.sweep((token) => services.sessions.alive(token)).catch(() => {});
  }, 30_000);
  sweep.unref();
  await tail.start();
  // After the tail: what the statistics' log read misses, the tail brings.
  services.stats.start();
  const runWorkers = opts.runWorkers ?? config.runWorkers;
  const workers = runWorkers ? startWorkers({ ...services, redisUrl, log: app.log }) : null;
  await retention.schedule();
  const requeued = await intake.requeueUnenriched(startupCases);
  if (requeued > 0) app.log.info({ requeued }, 'queued intake for cases stored without it');
  // Recomputed from the cases' own clocks: a deadline that passed while no server ran is raised now, once.
  const problemsFinished = await services.problems.finishInterrupted();
  if (problemsFinished > 0) app.log.info({ problemsFinished }, 'finished problem resolutions cut off halfway');
  const timersSet = await timers.recoverAll(startupCases);
  if (timersSet > 0) app.log.info({ timersSet }, 'SLA timers set from the open cases');

  // While closing, answered connections are not kept alive: otherwise the close waits for
  // each client's keep-alive to run out after its last (finished) request.
  let closing = false;
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('preClose', async () => {
    closing = true;
    // Closing the transports (not a server-side disconnect, which clients take as final)
    // makes boards reconnect, elsewhere or here after a restart, and catch up from their lastEventId.
    io.engine.close();
    // While the adapter still reaches the other nodes: this node's boards leave their lists now.
    await services.presence.close();
    await io.of('/').adapter.close();
  });
  app.addHook('onClose', async () => {
    await workers?.close();
    await retention.close();
    await intake.close();
    await timers.close();
    clearInterval(sweep);
    await services.presence.close();
    services.stats.stop();
    await tail.stop();
    await endListener.close().catch(() => {});
    await resetListener.close().catch(() => {});
    await settingsFeed.close();
    await adapterClient.close().catch(() => {});
    await redis.close().catch(() => {});
  });

  return { app, services, io, routes };
}
