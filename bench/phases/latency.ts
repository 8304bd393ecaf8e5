// 1 and 3. Intake → board latency with N socket.io boards and M raw-feed clients at R
// cases/s, then the same load through the bare ws baseline to the same number of clients.
import { round } from '../lib/histogram.ts';
import { startBaseline } from '../lib/baseline-proc.ts';
import { connectAcross, disconnectAcross } from './clients.ts';
import type { Ctx } from './context.ts';
import { profiled } from './profile-window.ts';
import { runRate, settle } from './rate-run.ts';
import { baselineTarget, productTarget } from './targets.ts';


/** Expects the boards to be connected already (the connections phase leaves them). */
export async function latency(ctx: Ctx, baseline: Awaited<ReturnType<typeof startBaseline>>) {
  const { boards, feeds, rate, durationMs } = ctx.params.latency;
  const feedConn = await connectAcross(ctx.clients, 'feed', ctx.server.baseUrl, [ctx.users.wall.cookie], feeds);
  if (feedConn.failed) ctx.notes.push(`latency: ${feedConn.failed} feed clients failed to connect (${feedConn.errors.join('; ')})`);
  const ours = productTarget(ctx);
  await settle(ours);
  ctx.log(`latency: ${boards} boards + ${feeds} feeds at ${rate} cases/s for ${durationMs / 1000} s`);
  const { result: product, profile } = await profiled(ctx, 'latency', () => runRate(ctx, ours, rate, durationMs, { warmupMs: ctx.params.mode === 'full' ? 4_000 : 2_000 }));
  await disconnectAcross(ctx.clients);

  ctx.log(`latency: baseline, ${boards + feeds} ws clients at ${rate} cases/s`);
  const conn = await connectAcross(ctx.clients, 'ws', baseline.baseUrl, [''], boards + feeds);
  if (conn.failed) ctx.notes.push(`baseline: ${conn.failed} ws clients failed to connect`);
  const bare = await runRate(ctx, baselineTarget(baseline), rate, durationMs, { warmupMs: ctx.params.mode === 'full' ? 4_000 : 2_000 });
  await disconnectAcross(ctx.clients);

  return {
    boards,
    feeds,
    rate,
    seconds: durationMs / 1000,
    product,
    baseline: bare,
    profile,
    ratios: {
      p99VsBaseline: round(product.latency.p99! / bare.latency.p99!, 2),
      deliveriesVsBaseline: round(product.deliveriesPerSec / bare.deliveriesPerSec, 2),
    },
  };
}
