// Starts the bare ws broadcast baseline as its own process on a free loopback port.
import path from 'node:path';
import { freePort } from '../../server/redis/local-redis.ts';
import { sleep } from './clock.ts';
import { WorkerHandle } from './ipc.ts';
import { forkTracked, onCleanup } from './procs.ts';

export async function startBaseline(maxLifetimeMs: number): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = forkTracked(path.join(import.meta.dirname, '../baseline/ws-broadcast-server.ts'), [], {
    env: { ...process.env, PORT: String(port), BENCH_MAX_LIFETIME_MS: String(maxLifetimeMs) },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const removeCleanup = onCleanup('baseline server', stop);
  await WorkerHandle.started('baseline', child, 30_000);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      removeCleanup();
      await stop();
    },
  };
}
