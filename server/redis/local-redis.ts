// Without REDIS_URL the product runs its own redis-server, persisted with AOF in the
// data directory, so `npm start` works on a machine that only has redis-server installed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createClient } from 'redis';

export interface LocalRedis {
  url: string;
  /** True when this process started the server, or took it over from a run that is gone, and so must stop it. */
  owned: boolean;
  /** True when the server was left running by a run that is gone (killed) and this process took it over. */
  adopted?: boolean;
  stop(): Promise<void>;
}

export class RedisMissingError extends Error {
  constructor() {
    super(
      'redis-server was not found on PATH. Install it (Debian/Ubuntu: sudo apt-get install redis-server; ' +
        'macOS: brew install redis) or set REDIS_URL to a running Redis, e.g. REDIS_URL=redis://localhost:6379',
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function ping(url: string, timeoutMs = 500): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.close().catch(() => {});
  }
}

export interface StartOptions {
  dataDir: string;
  /** appendfsync policy: everysec risks up to a second of writes on power loss; always risks none but is slower. */
  appendfsync?: 'everysec' | 'always';
  port?: number;
  /** Reuse a server already running on this data directory (e.g. the CLI beside `npm start`). */
  reuse?: boolean;
  /**
   * Take over a reused server whose starter is gone, and stop it as one's own: for `npm start`
   * only, so that a short-lived CLI run never stops the server a new `npm start` has just taken over.
   */
  adoptOrphan?: boolean;
}

/** Whether a process with this id runs (one we may not signal runs too). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process that started the data directory's server, as it wrote it down; null when unknown. */
function ownerOf(ownerFile: string): number | null {
  try {
    const pid = Number(readFileSync(ownerFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Runs `fn` on a short-lived connection to the server; null when it cannot be reached or refuses. */
async function ask<T>(url: string, fn: (client: { sendCommand(args: string[]): Promise<unknown> }) => Promise<T>): Promise<T | null> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    return await fn(client);
  } catch {
    return null;
  } finally {
    if (client.isOpen) await client.close().catch(() => {});
  }
}

/**
 * Whether the server at the recorded address keeps its data in this directory: after a reboot
 * the address may belong to another Redis (say the demo's), which is neither used nor stopped here.
 */
async function servesDirectory(url: string, dataDir: string): Promise<boolean> {
  const reply = await ask(url, (c) => c.sendCommand(['CONFIG', 'GET', 'dir']));
  // A flat list in RESP2, a map in RESP3.
  const dir = Array.isArray(reply) ? reply[1] : reply instanceof Map ? reply.get('dir') : typeof reply === 'object' && reply !== null ? Reflect.get(reply, 'dir') : null;
  if (typeof dir !== 'string') return false;
  try {
    return realpathSync(dir) === realpathSync(dataDir);
  } catch {
    return false;
  }
}

/**
 * A server that outlived the run that started it (killed, so it never stopped it): this
 * process takes it over and stops it as its own, rather than leave it running for ever.
 * SHUTDOWN writes the AOF out first, as SIGTERM does. It is not stopped while other clients
 * still use it (another run on the same data): it is then left running, as it was found.
 */
function adopt(url: string, files: { urlFile: string; ownerFile: string }): LocalRedis {
  writeFileSync(files.ownerFile, `${process.pid}\n`);
  let stopping: Promise<void> | null = null;
  return {
    url,
    owned: true,
    adopted: true,
    stop() {
      stopping ??= (async () => {
        const others = await ask(url, async (c) => String(await c.sendCommand(['CLIENT', 'LIST'])).trim().split('\n').length - 1);
        if (others !== 0) return;
        // SHUTDOWN answers by closing the connection: an error here is the normal way out.
        await ask(url, (c) => c.sendCommand(['SHUTDOWN']));
        const deadline = Date.now() + 10_000;
        while (await ping(url, 200)) {
          // Still up: the address stays recorded, so no second server is started on the same data.
          if (Date.now() >= deadline) return;
          await new Promise((r) => setTimeout(r, 50));
        }
        rmSync(files.urlFile, { force: true });
        rmSync(files.ownerFile, { force: true });
      })();
      return stopping;
    },
  };
}

export async function startLocalRedis(opts: StartOptions): Promise<LocalRedis> {
  mkdirSync(opts.dataDir, { recursive: true });
  const urlFile = path.join(opts.dataDir, 'redis.url');
  const ownerFile = path.join(opts.dataDir, 'redis.owner');
  if (opts.reuse !== false) {
    try {
      const known = readFileSync(urlFile, 'utf8').trim();
      if (known && (await ping(known)) && (await servesDirectory(known, opts.dataDir))) {
        const owner = ownerOf(ownerFile);
        if (opts.adoptOrphan && owner !== null && owner !== process.pid && !running(owner)) return adopt(known, { urlFile, ownerFile });
        return { url: known, owned: false, stop: async () => {} };
      }
    } catch {
      // no server recorded for this data directory yet
    }
  }
  const port = opts.port ?? (await freePort());
  const url = `redis://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', opts.dataDir,
      '--appendonly', 'yes',
      '--appendfsync', opts.appendfsync ?? 'everysec',
      '--save', '',
      '--logfile', path.join(opts.dataDir, 'redis.log'),
      '--daemonize', 'no',
    ],
    // Its own process group: a Ctrl-C in the terminal reaches us, and we stop Redis after
    // the server has finished its last writes, not before.
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const deadline = Date.now() + 15_000;
  for (;;) {
    const failed = await Promise.race([spawnError, exited, new Promise((r) => setTimeout(r, 50, 'wait'))]);
    if (failed instanceof Error) {
      if ((failed as NodeJS.ErrnoException).code === 'ENOENT') throw new RedisMissingError();
      throw failed;
    }
    if (failed !== 'wait') {
      throw new Error(`redis-server exited at start (code ${failed}); see ${path.join(opts.dataDir, 'redis.log')}`);
    }
    if (await ping(url, 200)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer within 15 s; see ${path.join(opts.dataDir, 'redis.log')}`);
    }
  }
  writeFileSync(urlFile, url + '\n');
  writeFileSync(ownerFile, `${process.pid}\n`);
  let stopping: Promise<void> | null = null;
  return {
    url,
    owned: true,
    stop() {
      // SIGTERM makes redis-server flush its AOF before it exits.
      stopping ??= (async () => {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await exited;
        }
        rmSync(urlFile, { force: true });
        rmSync(ownerFile, { force: true });
      })();
      return stopping;
    },
  };
}
