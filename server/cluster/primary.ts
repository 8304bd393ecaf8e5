// The primary of `npm start`: it owns the port and the process tree. It starts the local
// Redis (without REDIS_URL), the queue worker and the web processes, hands each incoming
// connection to a web process (sticky: a polling client's requests reach the process that
// holds its session; see sticky.ts), restarts a child that dies, and stops them all, Redis last.
import cluster, { type Worker } from 'node:cluster';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { startLocalRedis, type LocalRedis } from '../redis/local-redis.ts';
import { ClusterMetrics } from '../metrics/cluster-metrics.ts';
import { routeConnections } from './sticky.ts';
import { Supervised, type Child } from './supervised.ts';

const root = path.resolve(import.meta.dirname, '../..');
/** How long a child may take to finish its requests or jobs before it is killed. */
const STOP_GRACE_MS = 30_000;

async function ensureClientBuilt(clientDir: string) {
  if (existsSync(path.join(clientDir, 'index.html'))) return;
  console.log('Building the board (first start)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: clientDir } });
}

export async function runPrimary(opts: { demo: boolean }) {
  // The demo keeps its own data, so its accounts and cases never mix with a real board's.
  const config = loadConfig(opts.demo && !process.env.DATA_DIR ? { ...process.env, DATA_DIR: path.join(root, 'data-demo') } : process.env);
  const log = pino({ level: config.logLevel });
  let local: LocalRedis | null = null;
  if (!config.redisUrl) {
    local = await startLocalRedis({ dataDir: config.dataDir, adoptOrphan: true });
    if (local.adopted) console.log(`Took over the redis-server an earlier run left running (it was stopped without a shutdown), with data in ${config.dataDir}`);
    else if (local.owned) console.log(`Started redis-server (AOF, appendfsync everysec) with data in ${config.dataDir}`);
  }
  const redisUrl = config.redisUrl ?? local!.url;
  try {
    await ensureClientBuilt(config.clientDir);
  } catch (err) {
    await local?.stop();
    throw err;
  }

  // Every child reads the same settings; the Redis and data directory are the ones chosen here.
  const childEnv = { ...process.env, REDIS_URL: redisUrl, DATA_DIR: config.dataDir };
  // Buffers (the first bytes of a connection) cross to the web processes as they are.
  cluster.setupPrimary({ serialization: 'advanced' });
  // Not read until routed: the primary reads a connection's first line and nothing more.
  const server = net.createServer({ pauseOnConnect: true });
  // Web processes by their number, while they are ready to take connections.
  const ready = new Map<number, Worker>();
  // Round-robin: new connections alternate; a polling client's requests follow its session.
  // The request line comes first, before the headers: their deadline covers it too.
  routeConnections(server, () => ready, { firstLineMs: config.timeouts.headersMs });

  // GET /metrics in any web process answers for all of them and the queue worker.
  let queueWorker: ChildProcess | null = null;
  const clusterMetrics = new ClusterMetrics(
    () => [...ready.values(), ...(queueWorker?.connected ? [queueWorker] : [])],
    // Only a late child without an earlier answer is missing from the sums.
    ({ late, reused, deadlineMs }) =>
      log.warn({ late, reused, deadlineMs }, reused === late ? 'metrics scrape used earlier figures of a late process' : 'metrics scrape incomplete'),
  );
  cluster.on('message', (from, message) => clusterMetrics.receive(from, message));

  let startupFailed!: (err: Error) => void;
  const failedAtStart = new Promise<never>((_, reject) => (startupFailed = reject));
  failedAtStart.catch(() => {});
  const onStartupFailure = (name: string, code: number | null) =>
    startupFailed(new Error(`the ${name} exited during start-up (code ${code}); see the lines above`));

  const web = Array.from({ length: config.webProcesses }, (_, i) => {
    const index = i + 1;
    return new Supervised(`web process ${index}`, log, onStartupFailure, (restart) => forkWeb(index, restart));
  });
  const forkWeb = (index: number, restart: boolean): Child => {
    const env: Record<string, string | undefined> = { ...childEnv, WARROOM_WEB_PROCESS: String(index) };
    // The demo runs in one process only; after a restart its printed passwords stay valid.
    if (opts.demo && index === 1) env.WARROOM_DEMO = restart ? 'resume' : 'new';
    const worker: Worker = cluster.fork(env);
    // One that has not set up its handler yet would drop connections: it joins the rotation
    // once it says it is ready, and leaves it when it stops or dies.
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      worker.once('exit', (code, signal) => {
        if (ready.get(index) === worker) ready.delete(index);
        resolve({ code, signal });
      }),
    );
    const isReady = new Promise<void>((resolve) =>
      worker.on('message', (msg: { type?: string }) => {
        if (msg?.type !== 'warroom:ready') return;
        if (!worker.isDead()) ready.set(index, worker);
        resolve();
      }),
    );
    const kill = (signal: NodeJS.Signals) => {
      // A stopping process takes no new connections; those it has are finished there.
      if (ready.get(index) === worker) ready.delete(index);
      worker.process.kill(signal);
    };
    return { pid: worker.process.pid!, kill, exited, ready: isReady };
  };
  const worker = config.runWorkers
    ? new Supervised('queue worker', log, onStartupFailure, () => {
        const child = fork(path.join(root, 'server/worker-main.ts'), [], { env: childEnv, serialization: 'advanced' });
        queueWorker = child;
        child.on('message', (message) => clusterMetrics.receive(child, message));
        const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
          child.once('exit', (code, signal) => {
            if (queueWorker === child) queueWorker = null;
            resolve({ code, signal });
          }),
        );
        const ready = new Promise<void>((resolve) => child.on('message', (msg: { type?: string }) => msg?.type === 'warroom:ready' && resolve()));
        return { pid: child.pid!, kill: (signal) => child.kill(signal), exited, ready };
      })
    : null;
  const all = [...web, ...(worker ? [worker] : [])];

  let closingSince = 0;
  const shutdown = async (signal: string) => {
    if (closingSince) {
      // npm and the terminal may both pass on one Ctrl-C; only a later one means "now".
      if (Date.now() - closingSince < 2000) return;
      log.warn('second signal: stopping now');
      for (const s of all) s.kill();
      await local?.stop();
      process.exit(1);
    }
    closingSince = Date.now();
    log.info({ signal }, 'shutting down');
    // No new connections; those already handed over are finished by their web process.
    server.close();
    const clean = await Promise.all(all.map((s) => s.stop(STOP_GRACE_MS)));
    await local?.stop();
    log.info('stopped');
    process.exit(clean.every(Boolean) ? 0 : 1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    for (const s of all) s.start();
    await Promise.race([Promise.all(web.map((s) => s.firstReady)), failedAtStart]);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    closingSince = Date.now();
    await Promise.all(all.map((s) => s.stop(STOP_GRACE_MS)));
    await local?.stop();
    throw err;
  }
  log.info({ webProcesses: web.map((s) => s.pid), queueWorker: worker?.pid ?? null }, 'web processes ready');
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`War-room board on http://${shown}:${(server.address() as net.AddressInfo).port}`);
}
