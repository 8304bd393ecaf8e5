// The real server as its own process (bench/server-with-heap.ts around server/main.ts),
// configured only through the documented environment variables.
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from '../../server/redis/local-redis.ts';
import { sleep } from './clock.ts';
import { processTree, rssBytes } from './cpu.ts';
import { JsonClient } from './http.ts';
import { WorkerHandle } from './ipc.ts';
import { forkTracked, onCleanup } from './procs.ts';

export interface HeapReading {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

export interface BenchServer {
  baseUrl: string;
  pid: number;
  /** The primary (pid) and every process below it. */
  processes(): number[];
  /** Heap after a full GC in each web process, summed, and RSS from /proc as the OS sees it, summed over processes(). */
  memory(): Promise<HeapReading & { vmRss: number | null }>;
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<string>;
  /** The same for the queue worker process (bench/lib/worker-profiler.ts answers inside it). */
  workerProfileStart(): Promise<void>;
  workerProfileStop(file: string): Promise<string>;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export async function startBenchServer(opts: { redisUrl: string; clientDir: string; tmpDir: string; maxLifetimeMs: number }): Promise<BenchServer> {
  const port = await freePort();
  const logFile = path.join(opts.tmpDir, 'server.log');
  // The claim races hand hundreds of cases to a few members; the WIP limit would stop them
  // after a handful, so the bench runs the example rollout without it.
  const rolloutFile = path.join(opts.tmpDir, 'rollout.json');
  const { wip: _wip, ...rollout } = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../config/rollout.example.json'), 'utf8'));
  writeFileSync(rolloutFile, JSON.stringify(rollout));
  const log = openSync(logFile, 'a');
  const workerProfileSocket = path.join(opts.tmpDir, `worker-profile-${port}.sock`);
  const child = forkTracked(path.join(import.meta.dirname, '../server-with-heap.ts'), [], {
    // The primary passes its flags on to the web processes and the queue worker: the profiler
    // hook thus reaches the worker without a change to the server.
    execArgv: ['--expose-gc', '--import', path.join(import.meta.dirname, 'worker-profiler.ts')],
    stdio: ['ignore', log, log, 'ipc'],
    env: {
      ...process.env,
      REDIS_URL: opts.redisUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: opts.clientDir,
      BENCH_MAX_LIFETIME_MS: String(opts.maxLifetimeMs),
      BENCH_WORKER_PROFILE_SOCKET: workerProfileSocket,
      ROLLOUT_CONFIG: rolloutFile,
      // A thousand boards log in from this one machine, and the intake runs far above a person's pace.
      LOGIN_LIMIT_PER_IP: '1000000',
      LOGIN_LIMIT_PER_USER: '1000000',
      INTAKE_LIMIT_PER_USER: '1000000',
      SOCKET_COMMAND_BURST: '1000000',
      SOCKET_COMMANDS_PER_SECOND: '1000000',
      BOARDS_PER_SESSION: '10000',
    },
  });
  closeSync(log);
  const logTail = (lines = 20) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGTERM is the server's own graceful shutdown: transports closed, queue and worker closed.
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(8_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const removeCleanup = onCleanup('server', stop);

  let handle: WorkerHandle;
  try {
    handle = await WorkerHandle.started('server', child, 60_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${logTail()}`);
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = new JsonClient(baseUrl);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await api.request('GET', '/api/health', undefined, {}, 2_000).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      api.close();
      throw new Error(`the server did not become healthy within 60 s\n${logTail()}`);
    }
    await sleep(200);
  }
  api.close();

  return {
    baseUrl,
    pid: child.pid!,
    processes: () => processTree(child.pid!),
    async memory() {
      const heap = await handle.call<HeapReading>('heap', {}, 30_000);
      const rss = processTree(child.pid!).map(rssBytes);
      return { ...heap, vmRss: rss.includes(null) ? null : (rss as number[]).reduce((a, b) => a + b, 0) };
    },
    async profileStart() {
      await handle.call('profile-start', {}, 10_000);
    },
    profileStop(file) {
      return handle.call<string>('profile-stop', { file }, 30_000);
    },
    async workerProfileStart() {
      await askWorkerProfiler(workerProfileSocket, { cmd: 'start' }, 10_000);
    },
    async workerProfileStop(file) {
      return (await askWorkerProfiler(workerProfileSocket, { cmd: 'stop', file }, 30_000)).file!;
    },
    logTail,
    async stop() {
      removeCleanup();
      await stop();
    },
  };
}

/** One request to the queue worker's profiler socket, answered by one JSON line. */
function askWorkerProfiler(socketPath: string, req: Record<string, unknown>, timeoutMs: number): Promise<{ ok: boolean; file?: string; error?: string }> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socketPath);
    let buffered = '';
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new Error(`the queue worker's profiler did not answer ${String(req.cmd)} within ${timeoutMs} ms`));
    }, timeoutMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify(req) + '\n'));
    conn.on('data', (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      conn.end();
      const reply = JSON.parse(buffered.slice(0, nl)) as { ok: boolean; file?: string; error?: string };
      if (reply.ok) resolve(reply);
      else reject(new Error(`queue worker profiler: ${reply.error}`));
    });
    conn.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`queue worker profiler at ${socketPath}: ${err.message}`));
    });
  });
}
