// Request/answer over a child's IPC channel: the parent awaits each command with a
// deadline, the child answers by id. Load generators run as such children, so they
// never share an event loop with the server or with each other.
import type { ChildProcess } from 'node:child_process';

type Message = { id: number; cmd: string; [k: string]: unknown };
type Reply = { id: number; ok: boolean; result?: unknown; error?: string };

export class WorkerHandle {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (raw) => {
      const reply = raw as Reply;
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      clearTimeout(waiter.timer);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`${name}: ${reply.error}`));
    });
    child.once('exit', (code, signal) => {
      for (const [, w] of this.pending) {
        clearTimeout(w.timer);
        w.reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
      }
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    if (this.child.exitCode !== null || !this.child.connected) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${cmd} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      // The child may die between the check above and this send: the callback turns the EPIPE into this call's failure.
      this.child.send({ id, cmd, ...args } satisfies Message, (err) => {
        if (!err || !this.pending.delete(id)) return;
        clearTimeout(timer);
        reject(new Error(`${this.name}: ${cmd} could not be sent (${err.message})`));
      });
    });
  }

  /** Waits for the child's "ready" message, sent once its imports are done. */
  static async started(name: string, child: ChildProcess, timeoutMs = 30_000): Promise<WorkerHandle> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
      child.once('message', (m) => {
        clearTimeout(timer);
        if ((m as { ready?: boolean }).ready) resolve();
        else reject(new Error(`${name} sent ${JSON.stringify(m)} before ready`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited at start (code ${code})`));
      });
    });
    return new WorkerHandle(name, child);
  }
}

/**
 * The child's side: answers commands, and ends itself when the parent goes away or after
 * maxLifetimeMs, so a crashed bench never leaves a load generator running.
 */
export function serveIpc(handlers: Record<string, (msg: Record<string, any>) => unknown>, maxLifetimeMs: number): void {
  if (!process.send) throw new Error('this module runs as a forked child of bench/run.ts');
  const lifetime = setTimeout(() => {
    console.error(`${process.argv[1]}: max lifetime ${maxLifetimeMs} ms reached, exiting`);
    process.exit(3);
  }, maxLifetimeMs);
  lifetime.unref();
  process.on('disconnect', () => process.exit(0));
  // A parent that is gone cannot be answered; the 'disconnect' above ends this process.
  const reply = (r: Reply) => {
    if (process.connected) process.send?.(r, undefined, undefined, () => {});
  };
  process.on('message', async (raw) => {
    const msg = raw as Message;
    const handler = handlers[msg.cmd];
    try {
      if (!handler) throw new Error(`unknown command ${msg.cmd}`);
      const result = await handler(msg);
      reply({ id: msg.id, ok: true, result });
    } catch (err) {
      reply({ id: msg.id, ok: false, error: (err as Error).stack ?? String(err) });
    }
  });
  process.send({ ready: true });
}
