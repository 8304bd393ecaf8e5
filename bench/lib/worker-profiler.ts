// Loaded (`--import`) into every process of the bench's server, since `npm start`'s primary
// passes its Node flags on to its children; it acts only in the queue worker
// (server/worker-main.ts), which the bench cannot reach over IPC: it answers CPU-profile
// requests on the Unix socket named by BENCH_WORKER_PROFILE_SOCKET, one JSON line each way.
//   {"cmd":"start"}                → {"ok":true}
//   {"cmd":"stop","file":"/x.cpuprofile"} → {"ok":true,"file":"/x.cpuprofile"}
import { unlinkSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import net from 'node:net';
import path from 'node:path';

const socketPath = process.env.BENCH_WORKER_PROFILE_SOCKET;
const isQueueWorker = /[/\\]server[/\\]worker-main\.ts$/.test(process.argv[1] ?? '');

if (socketPath && isQueueWorker) {
  let session: Session | null = null;
  const handle = async (req: { cmd?: string; file?: string }) => {
    if (req.cmd === 'start') {
      if (session) throw new Error('a worker profile is already running');
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      // As the web process's (server-with-heap.ts), so the two summaries compare.
      await session.post('Profiler.setSamplingInterval', { interval: 500 });
      await session.post('Profiler.start');
      return { ok: true };
    }
    if (req.cmd === 'stop') {
      if (!session) throw new Error('no worker profile running');
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = null;
      const file = path.resolve(req.file!);
      writeFileSync(file, JSON.stringify(profile));
      return { ok: true, file };
    }
    throw new Error(`unknown command ${req.cmd}`);
  };
  // A worker restarted by the primary takes the socket over from the one that died.
  try {
    unlinkSync(socketPath);
  } catch {
    // none yet
  }
  const server = net.createServer((conn) => {
    let buffered = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        void (async () => {
          const reply = await handle(JSON.parse(line)).catch((err: Error) => ({ ok: false, error: err.message }));
          conn.write(JSON.stringify(reply) + '\n');
        })();
      }
    });
    conn.on('error', () => {});
  });
  server.listen(socketPath);
  // Never what keeps the worker alive: its own shutdown decides when it ends.
  server.unref();
}
