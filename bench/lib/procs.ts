// Every process the bench starts is registered here, so that a normal end, a failure, a
// watchdog and a Ctrl-C all leave nothing running: cleanups run newest first, then any
// child still alive is killed by its own pid.
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import path from 'node:path';

type Cleanup = { name: string; fn: () => Promise<void> | void };

const children = new Set<ChildProcess>();
const extraPids = new Set<number>();
const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | null = null;

export function forkTracked(modulePath: string, args: string[] = [], opts: ForkOptions = {}): ChildProcess {
  const child = fork(modulePath, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...opts,
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  // A message sent to a child that has just died fails with EPIPE; unheard, that error
  // would end the whole run (and its report) instead of the one phase that used the child.
  child.on('error', (err) => console.error(`${path.basename(modulePath)} (pid ${child.pid}): ${err.message}`));
  return child;
}

/** A process started elsewhere (redis-server, chromium) that must not outlive the bench. */
export function trackPid(pid: number): () => void {
  extraPids.add(pid);
  return () => extraPids.delete(pid);
}

export function onCleanup(name: string, fn: () => Promise<void> | void): () => void {
  const entry = { name, fn };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, fn } of cleanups.splice(0).reverse()) {
      try {
        await Promise.race([fn(), new Promise((r) => setTimeout(r, 8_000))]);
      } catch (err) {
        console.error(`cleanup ${name}: ${(err as Error).message}`);
      }
    }
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    const deadline = Date.now() + 5_000;
    while ([...children].some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    killRemaining();
  })();
  return cleaning;
}

function killRemaining(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of extraPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
}

let signalled = false;

/** True once Ctrl-C or SIGTERM arrived: the run is being abandoned, its numbers are not results. */
export function interrupted(): boolean {
  return signalled;
}

/** Ctrl-C, SIGTERM and a crash all end in cleanupAll; 'exit' is the synchronous last resort. */
export function installExitHandlers(): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      killRemaining();
      process.exit(130);
    }
    signalled = true;
    console.error(`\n${signal}: stopping the bench and everything it started…`);
    void cleanupAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', killRemaining);
}
