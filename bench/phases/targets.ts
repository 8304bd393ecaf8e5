// The two things a rate run can be pointed at: the product (socket.io boards and the raw
// feed on the real server) and the bare ws baseline.
import type { RateTarget } from './rate-run.ts';
import type { Ctx } from './context.ts';

export function productTarget(ctx: Ctx): RateTarget {
  return {
    name: 'ours',
    baseUrl: ctx.server.baseUrl,
    cookie: ctx.users.intake.cookie,
    // npm start's processes together: the primary, its web processes and its queue worker.
    pids: { server: ctx.server.processes(), redis: ctx.redis.pid },
    queueDepth: () => ctx.redis.queueDepth(),
  };
}

export function baselineTarget(baseline: { baseUrl: string; pid: number }): RateTarget {
  return { name: 'baseline', baseUrl: baseline.baseUrl, cookie: '', pids: { baseline: baseline.pid } };
}
