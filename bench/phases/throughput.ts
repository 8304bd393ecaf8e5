// 2. Sustained throughput: a ladder of short open-loop probes finds the highest rate that
// passes, then that rate is held for the full window; if the hold fails, the rung below
// is held. The baseline goes through the same ladder with the same clients.
import type { Ctx } from './context.ts';
import { connectAcross, disconnectAcross } from './clients.ts';
import { profiled, type ProfileRef } from './profile-window.ts';
import { runRate, settle, type RateResult, type RateTarget } from './rate-run.ts';

const brief = (r: RateResult) => ({
  rate: r.rate,
  seconds: r.durationMs / 1000,
  sustained: r.sustained,
  p50: r.latency.p50,
  p99: r.latency.p99,
  max: r.latency.max,
  deliveriesPerSec: r.deliveriesPerSec,
  queueAtEnd: r.queue?.atEnd ?? null,
  cpuPctOfOneCore: r.cpuPctOfOneCore,
  failures: r.failures,
});

export async function sustained(ctx: Ctx, target: RateTarget, ladder: number[], reserveMs: number) {
  const { probeMs, holdMs, maxHolds } = ctx.params.throughput;
  const probes: RateResult[] = [];
  const passing: number[] = [];
  let profile: ProfileRef = null;
  for (const rate of ladder) {
    // A probe plus a hold must still fit before the deadline.
    if (Date.now() + probeMs + holdMs + reserveMs > ctx.deadline) {
      ctx.notes.push(`throughput (${target.name}): ladder stopped before ${rate}/s to stay inside the time limit`);
      break;
    }
    ctx.log(`throughput (${target.name}): probe ${rate} cases/s for ${probeMs / 1000} s`);
    const warmupMs = probes.length === 0 ? 3_000 : 0;
    // The probe that fails shows where the CPU goes when it is the limit: its profile is kept.
    const run =
      target.name === 'ours'
        ? await profiled(ctx, `probe-${rate}`, () => runRate(ctx, target, rate, probeMs, { warmupMs }))
        : { result: await runRate(ctx, target, rate, probeMs, { warmupMs }), profile: null };
    const r = run.result;
    if (run.profile) profile = run.profile;
    probes.push(r);
    await settle(target);
    if (!r.sustained) break;
    passing.push(rate);
  }
  const holds: RateResult[] = [];
  let held: RateResult | null = null;
  for (const rate of passing.slice().reverse().slice(0, maxHolds)) {
    if (Date.now() + holdMs + reserveMs > ctx.deadline) {
      ctx.notes.push(`throughput (${target.name}): hold at ${rate}/s skipped to stay inside the time limit`);
      break;
    }
    ctx.log(`throughput (${target.name}): hold ${rate} cases/s for ${holdMs / 1000} s`);
    const r = await runRate(ctx, target, rate, holdMs);
    holds.push(r);
    await settle(target);
    if (r.sustained) {
      held = r;
      break;
    }
  }
  const topOfLadder = passing.length === ladder.length && passing.length > 0;
  return {
    sustainedRate: held?.rate ?? 0,
    sustainedDeliveriesPerSec: held?.deliveriesPerSec ?? 0,
    /** The ladder ended without a failure: the true limit is higher than measured. */
    limitedByLadder: topOfLadder && held?.rate === ladder[ladder.length - 1],
    firstFailure: probes.find((p) => !p.sustained) ? brief(probes.find((p) => !p.sustained)!) : null,
    held: held,
    probes: probes.map(brief),
    holds: holds.map(brief),
    profile,
  };
}

export async function teamClients(ctx: Ctx, kind: 'product' | 'baseline', baseUrl: string) {
  const { boards, feeds } = ctx.params.throughput;
  if (kind === 'baseline') {
    const r = await connectAcross(ctx.clients, 'ws', baseUrl, [''], boards + feeds);
    if (r.failed) ctx.notes.push(`throughput baseline: ${r.failed} ws clients failed to connect`);
    return;
  }
  const b = await connectAcross(ctx.clients, 'board', baseUrl, ctx.users.members.map((u) => u.cookie), boards, { realClient: ctx.realClients });
  const f = await connectAcross(ctx.clients, 'feed', baseUrl, [ctx.users.wall.cookie], feeds);
  if (b.failed + f.failed) ctx.notes.push(`throughput: ${b.failed + f.failed} clients failed to connect`);
}

export { disconnectAcross };
