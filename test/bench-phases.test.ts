// The bench must finish and report even when a phase fails, hangs or loses a child process.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerHandle } from '../bench/lib/ipc.ts';
import { runPhase } from '../bench/lib/phase-runner.ts';
import { cleanupAll, forkTracked } from '../bench/lib/procs.ts';

describe('bench phases', () => {
  it('reports a failing phase, recovers, and runs the next one', async () => {
    const recovered: string[] = [];
    const first = await runPhase('connections', { budgetMs: 10_000, recover: async () => void recovered.push('connections') }, async () => {
      throw new Error('connect got no answer');
    });
    const second = await runPhase('latency', { budgetMs: 10_000 }, async () => 42);
    expect(first.result).toBeUndefined();
    expect(first.error).toContain('connect got no answer');
    expect(recovered).toEqual(['connections']);
    expect(second).toMatchObject({ result: 42 });
    expect(second.error).toBeUndefined();
  });

  it('cuts off a phase that overruns its budget and goes on', async () => {
    let seenDeadline = 0;
    let recoveredAfterCut = false;
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    const before = Date.now();
    const cut = await runPhase('throughput', { budgetMs: 300, recover: async () => void (recoveredAfterCut = true) }, async (deadline) => {
      seenDeadline = deadline;
      await hanging; // never settles before the budget: a hung load generator
      throw new Error('settled too late to matter');
    });
    expect(cut.error).toMatch(/throughput did not finish within its budget/);
    expect(recoveredAfterCut).toBe(true);
    expect(seenDeadline).toBeGreaterThanOrEqual(before + 300);
    // The late rejection of the abandoned phase must not surface as an unhandled rejection.
    release();
    const next = await runPhase('claims', { budgetMs: 10_000 }, async () => 'ran');
    expect(next.result).toBe('ran');
  });

  describe('a load generator that dies', () => {
    afterEach(() => cleanupAll());

    it('fails the call, not the run, when the child exits or is gone', async () => {
      const unexpected: unknown[] = [];
      const onError = (err: unknown) => unexpected.push(err);
      process.on('uncaughtException', onError);
      process.on('unhandledRejection', onError);
      try {
        const child = forkTracked(path.join(import.meta.dirname, 'fixtures/ipc-child.ts'));
        const worker = await WorkerHandle.started('clients1', child);
        expect(await worker.call('echo', { value: 'hej' })).toBe('hej');
        await expect(worker.call('exit', {}, 10_000)).rejects.toThrow(/clients1 exited/);
        await expect(worker.call('echo', { value: 'again' })).rejects.toThrow(/clients1 is not running/);
        // A send straight into the dead channel (what a cleanup after a watchdog does).
        child.send({ id: 99, cmd: 'echo' });
        await expect.poll(() => child.exitCode ?? child.signalCode, { timeout: 5_000 }).not.toBeNull();
        // The rejection above came from the exit; anything else would have landed here first.
        await new Promise((r) => setImmediate(r));
        expect(unexpected).toEqual([]);
      } finally {
        process.off('uncaughtException', onError);
        process.off('unhandledRejection', onError);
      }
    });
  });
});
