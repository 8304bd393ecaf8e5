// With --profile, a window of the server's life is recorded as CPU profiles (through the
// inspector) and summarised: the evidence for any target the run misses. The first web
// process and the queue worker are recorded over the same window.
import path from 'node:path';
import { summarizeProfile, type ProfileSummary } from '../lib/profile-summary.ts';
import type { Ctx } from './context.ts';

type Summary = ProfileSummary & { file: string };
/** The first web process's profile, with the queue worker's of the same window (null if it could not be taken). */
export type ProfileRef = (Summary & { worker?: Summary | null }) | null;

export async function profiled<T>(ctx: Ctx, name: string, run: () => Promise<T>): Promise<{ result: T; profile: ProfileRef }> {
  if (!ctx.profileDir) return { result: await run(), profile: null };
  await ctx.server.profileStart();
  // The worker's profile is extra evidence: a worker that cannot be reached does not fail the phase.
  const workerStarted = await ctx.server.workerProfileStart().then(
    () => true,
    (err: Error) => (ctx.notes.push(`${name}: no queue worker profile (${err.message})`), false),
  );
  const outcome = await run().then(
    (result) => ({ result, error: null }),
    (error: unknown) => ({ result: null, error }),
  );
  const file = await ctx.server.profileStop(path.join(ctx.profileDir, `server-${name}.cpuprofile`));
  const workerFile = workerStarted
    ? await ctx.server.workerProfileStop(path.join(ctx.profileDir, `worker-${name}.cpuprofile`)).catch((err: Error) => {
        ctx.notes.push(`${name}: the queue worker profile was lost (${err.message})`);
        return null;
      })
    : null;
  if (outcome.error) throw outcome.error;
  const summary = (f: string): Summary => ({ file: path.relative(process.cwd(), f), ...summarizeProfile(f) });
  return { result: outcome.result as T, profile: { ...summary(file), worker: workerFile ? summary(workerFile) : null } };
}
