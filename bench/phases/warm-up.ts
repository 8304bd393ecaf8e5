// A few seconds of ordinary traffic before anything is measured. A cold server (JIT,
// Redis scripts, connection pools) answers the first seconds of load many times slower
// than it runs afterwards, which would land in whichever phase happened to come first.
import { connectAcross, disconnectAcross } from './clients.ts';
import type { Ctx } from './context.ts';
import { runRate, settle } from './rate-run.ts';
import { productTarget } from './targets.ts';

export async function warmUp(ctx: Ctx, ms: number): Promise<void> {
  ctx.log(`warm-up: 10 boards + 1 feed at 50 cases/s for ${ms / 1000} s (not measured)`);
  await connectAcross(ctx.clients, 'board', ctx.server.baseUrl, ctx.users.members.map((u) => u.cookie), 10, { realClient: ctx.realClients });
  await connectAcross(ctx.clients, 'feed', ctx.server.baseUrl, [ctx.users.wall.cookie], 1);
  const target = productTarget(ctx);
  await runRate(ctx, target, 50, ms);
  await disconnectAcross(ctx.clients);
  await settle(target);
}
