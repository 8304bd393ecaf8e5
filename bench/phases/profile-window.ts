// With --profile, a window of the server's life is recorded as a CPU profile (through the
// wrapper's inspector) and summarised: the evidence for any target the run misses.
import path from 'node:path';
import { summarizeProfile, type ProfileSummary } from '../lib/profile-summary.ts';
import type { Ctx } from './context.ts';

export type ProfileRef = (ProfileSummary & { file: string }) | null;

export async function profiled<T>(ctx: Ctx, name: string, run: () => Promise<T>): Promise<{ result: T; profile: ProfileRef }> {
  if (!ctx.profileDir) return { result: await run(), profile: null };
  await ctx.server.profileStart();
  const outcome = await run().then(
    (result) => ({ result, error: null }),
    (error: unknown) => ({ result: null, error }),
  );
  const file = await ctx.server.profileStop(path.join(ctx.profileDir, `server-${name}.cpuprofile`));
  if (outcome.error) throw outcome.error;
  return { result: outcome.result as T, profile: { file: path.relative(process.cwd(), file), ...summarizeProfile(file) } };
}
