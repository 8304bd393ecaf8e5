// The real server (server/main.ts, unchanged) in a process that also answers the bench
// over IPC: heap after a full GC (needs --expose-gc), CPU profiles of chosen windows through
// the inspector, since the server itself exposes neither, and the pids of its processes.
// server/main.ts is `npm start`'s primary, and the boards live in its web processes (cluster
// workers, which run this file again): the primary answers the bench and asks each web process
// for its part over the cluster channel; the heap is their sum.
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { serveIpc } from './lib/ipc.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('start this with node --expose-gc');

interface Heap {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

let session: Session | null = null;

const local = {
  heap: (): Heap => {
    gc();
    gc();
    const m = process.memoryUsage();
    return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
  },
  'profile-start': async () => {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    return true;
  },
  'profile-stop': async (msg: Record<string, unknown>) => {
    if (!session) throw new Error('no profile running');
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = null;
    const file = path.resolve(msg.file as string);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  },
};
type Command = keyof typeof local;

if (cluster.isWorker) {
  // A web process: answers the primary's questions; every other message is the server's own.
  process.on('message', async (raw: { type?: string; id?: string; cmd?: Command; msg?: Record<string, unknown> }) => {
    if (raw?.type !== 'bench:ask') return;
    try {
      const result = await local[raw.cmd!](raw.msg ?? {});
      process.send!({ type: 'bench:answer', id: raw.id, ok: true, result });
    } catch (err) {
      process.send!({ type: 'bench:answer', id: raw.id, ok: false, error: (err as Error).message });
    }
  });
} else {
  const ask = (worker: Worker, cmd: Command, msg: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = randomUUID();
      const onMessage = (m: { type?: string; id?: string; ok?: boolean; result?: unknown; error?: string }) => {
        if (m?.type !== 'bench:answer' || m.id !== id) return;
        worker.off('message', onMessage);
        if (m.ok) resolve(m.result);
        else reject(new Error(m.error));
      };
      worker.on('message', onMessage);
      worker.send({ type: 'bench:ask', id, cmd, msg });
    });
  const webProcesses = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
  serveIpc(
    {
      heap: async () => {
        const parts = (await Promise.all(webProcesses().map((w) => ask(w, 'heap')))) as Heap[];
        const sum = (k: keyof Heap) => parts.reduce((n, p) => n + p[k], 0);
        return { heapUsed: sum('heapUsed'), heapTotal: sum('heapTotal'), external: sum('external'), arrayBuffers: sum('arrayBuffers'), rss: sum('rss') };
      },
      // The profile is the first web process's (with WEB_PROCESSES=1, the whole server's).
      'profile-start': () => ask(webProcesses()[0], 'profile-start'),
      'profile-stop': (msg) => ask(webProcesses()[0], 'profile-stop', msg),
      pids: () => webProcesses().map((w) => w.process.pid!),
    },
    Number(process.env.BENCH_MAX_LIFETIME_MS ?? 15 * 60_000),
  );
}

await import('../server/main.ts');
