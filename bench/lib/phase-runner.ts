// Each phase runs inside its own time budget: one that fails or overruns is reported, the
// load it left behind is cleared, and the run goes on to the next phase. A phase sees its
// budget as `deadline`, so loops inside it can shorten themselves before they are cut off.
export interface PhaseOutcome<T> {
  result?: T;
  /** The phase's error or overrun, as written into the report. */
  error?: string;
  ms: number;
}

export interface PhaseOptions {
  budgetMs: number;
  /** Runs after a failure or an overrun, e.g. to close the clients the phase left connected. */
  recover?: () => Promise<unknown>;
  /** How long the recovery may take before the run goes on regardless. */
  recoverMs?: number;
}

export class PhaseOverrun extends Error {
  constructor(name: string, budgetMs: number) {
    super(`${name} did not finish within its budget of ${Math.round(budgetMs / 1000)} s and was cut off; the run went on`);
  }
}

export async function runPhase<T>(name: string, opts: PhaseOptions, run: (deadline: number) => Promise<T>): Promise<PhaseOutcome<T>> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhaseOverrun(name, opts.budgetMs)), opts.budgetMs);
  });
  try {
    // The phase's own promise may still settle later; its rejection must not become an
    // unhandled one that ends the run.
    const work = run(started + opts.budgetMs);
    work.catch(() => {});
    const result = await Promise.race([work, overrun]);
    return { result, ms: Date.now() - started };
  } catch (err) {
    const error = err instanceof PhaseOverrun ? err.message : ((err as Error).stack ?? String(err));
    if (opts.recover) {
      await Promise.race([opts.recover().catch(() => {}), new Promise((r) => setTimeout(r, opts.recoverMs ?? 30_000).unref())]);
    }
    return { error, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
