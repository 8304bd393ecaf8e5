// One child of the primary: started, restarted with a growing pause when it dies, and
// stopped on request (SIGTERM, then SIGKILL after the grace period).
import type { Logger } from 'pino';

export interface Child {
  pid: number;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** Resolves when the child says it is serving. */
  ready: Promise<void>;
}

/** A child that lived this long before dying starts again after the shortest pause. */
const STABLE_MS = 60_000;
const FIRST_PAUSE_MS = 500;
const LONGEST_PAUSE_MS = 30_000;

export class Supervised {
  private child: Child | null = null;
  private startedAt = 0;
  private quickExits = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private everReady = false;
  private markReady!: () => void;
  /** Resolves the first time the child is ready. */
  readonly firstReady = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    readonly name: string,
    private log: Logger,
    private onStartupFailure: (name: string, code: number | null) => void,
    private spawn: (restart: boolean) => Child,
  ) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(restart = false) {
    this.startedAt = Date.now();
    const child = this.spawn(restart);
    this.child = child;
    void child.ready.then(() => {
      this.everReady = true;
      this.markReady();
      if (restart) this.log.info({ process: this.name, childPid: child.pid }, 'process ready again');
    });
    void child.exited.then(({ code, signal }) => {
      if (this.child === child) this.child = null;
      if (this.stopping) return;
      if (!this.everReady) return this.onStartupFailure(this.name, code);
      this.quickExits = Date.now() - this.startedAt < STABLE_MS ? this.quickExits + 1 : 1;
      const pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (this.quickExits - 1));
      this.log.warn({ process: this.name, childPid: child.pid, code, signal, restartInMs: pause }, 'process exited unexpectedly; restarting it');
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.stopping) this.start(true);
      }, pause);
    });
  }

  /** True when the child stopped by itself within the grace period with exit code 0. */
  async stop(graceMs: number): Promise<boolean> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    const child = this.child;
    if (!child) return true;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, graceMs, 'late')));
    const result = await Promise.race([child.exited, late]);
    clearTimeout(timer);
    if (result === 'late') {
      this.log.warn({ process: this.name, childPid: child.pid, graceMs }, 'process did not stop in time; killing it');
      child.kill('SIGKILL');
      await child.exited;
      return false;
    }
    if (result.code !== 0) this.log.warn({ process: this.name, childPid: child.pid, code: result.code, signal: result.signal }, 'process stopped with an error');
    return result.code === 0;
  }

  /** Now, without waiting (a second Ctrl-C). */
  kill() {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.child?.kill('SIGKILL');
  }
}
