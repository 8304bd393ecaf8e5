// The real server (server/main.ts, unchanged) in a process that also answers the bench
// over IPC: heap after a full GC (needs --expose-gc), and CPU profiles of chosen windows
// through the inspector, since the server itself exposes neither.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { serveIpc } from './lib/ipc.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('start this with node --expose-gc');

let session: Session | null = null;

serveIpc(
  {
    heap: () => {
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
    'profile-stop': async (msg) => {
      if (!session) throw new Error('no profile running');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = null;
      const file = path.resolve(msg.file as string);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  },
  Number(process.env.BENCH_MAX_LIFETIME_MS ?? 15 * 60_000),
);

await import('../server/main.ts');
