// One open-loop run at a fixed intake rate against a target (the product or the
// baseline), measured at every connected client, and judged by the sustained-rate rules:
// p99 < 100 ms and no growing backlog (intake, queue, or deliveries falling behind).
import { nowMs, sleep } from '../lib/clock.ts';
import { cpuMeter } from '../lib/cpu.ts';
import { machineMeter } from '../lib/machine-load.ts';
import { Histogram, round, rounded, type HistogramData } from '../lib/histogram.ts';
import { resetAcross, statsAcross } from './clients.ts';
import type { Ctx } from './context.ts';

export interface RateTarget {
  name: 'ours' | 'baseline';
  baseUrl: string;
  cookie: string;
  pids: Record<string, number | number[] | undefined>;
  queueDepth?: () => Promise<number>;
}

interface OpenLoopResult {
  planned: number;
  sent: number;
  ok: number;
  failed: number;
  shed: number;
  unanswered: number;
  inFlightAtEnd: number;
  maxInFlightSeen: number;
  windowMs: number;
  achievedRate: number;
  statuses: Record<string, number>;
  http: HistogramData;
  schedLag: HistogramData;
}

export type RateResult = Awaited<ReturnType<typeof runRate>>;

export const SUSTAINED_P99_MS = 100;
const CREEP_MS = 25;

export async function runRate(ctx: Ctx, target: RateTarget, rate: number, durationMs: number, opts: { warmupMs?: number } = {}) {
  const { drainMs } = ctx.params;
  if (opts.warmupMs) await warmUp(ctx, target, rate, opts.warmupMs);
  const phaseStart = nowMs();
  await resetAcross(ctx.clients, phaseStart);
  const machine = machineMeter();
  const cpu = cpuMeter({ ...target.pids, intake: ctx.intake.pid, ...Object.fromEntries(ctx.clients.map((c, i) => [`clients${i + 1}`, c.pid])) });

  let sampling = true;
  const depths: number[] = [];
  const sampler = (async () => {
    while (sampling && target.queueDepth) {
      depths.push(await target.queueDepth().catch(() => NaN));
      await sleep(500);
    }
  })();

  const intake = await ctx.intake.call<OpenLoopResult>(
    'open-loop',
    { baseUrl: target.baseUrl, cookie: target.cookie, rate, durationMs, maxInFlight: Math.max(200, rate), institutions: ctx.institutions, drainMs: 10_000 },
    durationMs + 60_000,
  );
  sampling = false;
  await sampler;
  const queueAtEnd = target.queueDepth ? await target.queueDepth() : null;

  // Deliveries still on their way are waited for, up to drainMs; what is missing then counts.
  const drainStart = Date.now();
  let stats = await statsAcross(ctx.clients);
  while (stats.perClientMin < intake.ok && Date.now() - drainStart < drainMs) {
    await sleep(250);
    stats = await statsAcross(ctx.clients);
  }
  const drainedInMs = Date.now() - drainStart;
  const cpuPct: Record<string, number | null> = { ...cpu(), others: machine().othersPct };

  const seconds = [...stats.perSecond.keys()].sort((a, b) => a - b);
  const quarter = Math.max(1, Math.floor(seconds.length / 4));
  const mergeSecs = (secs: number[]) => secs.reduce((h, s) => h.merge(stats.perSecond.get(s)!), new Histogram());
  const firstP50 = mergeSecs(seconds.slice(0, quarter)).percentile(50);
  const lastP50 = mergeSecs(seconds.slice(-quarter)).percentile(50);

  const latency = stats.latency.summary();
  const failures: string[] = [];
  if (intake.shed > 0) failures.push(`${intake.shed} intake requests shed (over ${Math.max(200, rate)} in flight)`);
  if (intake.failed > 0) failures.push(`${intake.failed} intake requests failed ${JSON.stringify(intake.statuses)}`);
  if (intake.unanswered > 0) failures.push(`${intake.unanswered} intake requests unanswered after 10 s`);
  if (intake.achievedRate < rate * 0.95) failures.push(`generator reached only ${intake.achievedRate}/s`);
  if (stats.perClientMin < intake.ok) failures.push(`a client got ${stats.perClientMin} of ${intake.ok} cases within ${drainMs} ms after the window`);
  if (stats.dropped > 0) failures.push(`${stats.dropped} clients dropped`);
  if (!(latency.p99 < SUSTAINED_P99_MS)) failures.push(`p99 ${round(latency.p99)} ms ≥ ${SUSTAINED_P99_MS} ms`);
  // Creep counts when it is large against the 100 ms budget, not when 2 ms became 5 ms.
  if (lastP50 > 2 * firstP50 && lastP50 - firstP50 > CREEP_MS) failures.push(`latency creeping: p50 ${round(firstP50)} → ${round(lastP50)} ms from first to last quarter`);
  if (queueAtEnd !== null && queueAtEnd > Math.max(100, rate * 0.5)) failures.push(`intake queue backlog ${queueAtEnd} jobs at the end of the window`);

  const windowS = intake.windowMs / 1000;
  return {
    target: target.name,
    rate,
    durationMs,
    clients: stats.clients,
    intake: {
      sent: intake.sent,
      ok: intake.ok,
      failed: intake.failed,
      shed: intake.shed,
      unanswered: intake.unanswered,
      achievedRate: intake.achievedRate,
      maxInFlight: intake.maxInFlightSeen,
      http: rounded(Histogram.from(intake.http).summary()),
      schedLagP99Ms: round(Histogram.from(intake.schedLag).percentile(99)),
    },
    latency: rounded(latency),
    p50FirstQuarterMs: round(firstP50),
    p50LastQuarterMs: round(lastP50),
    delivery: { expectedPerClient: intake.ok, perClientMin: stats.perClientMin, drainedInMs, stale: stats.stale },
    deliveriesPerSec: Math.round(stats.deliveries / windowS),
    queue: target.queueDepth ? { max: depths.length ? Math.max(...depths.filter(Number.isFinite)) : null, atEnd: queueAtEnd } : null,
    cpuPctOfOneCore: cpuPct,
    clientWorkers: { cpuPct: stats.workerCpuPct, loopDelayP99Ms: stats.workerLoopDelayP99Ms },
    sustained: failures.length === 0,
    failures,
  };
}

/**
 * The same load, unmeasured, first: fresh connections, cold JIT paths in the server and
 * in the clients, and empty connection pools otherwise show up as a one-off stall of a
 * second or more at the start of the first window.
 */
async function warmUp(ctx: Ctx, target: RateTarget, rate: number, ms: number): Promise<void> {
  await ctx.intake.call(
    'open-loop',
    { baseUrl: target.baseUrl, cookie: target.cookie, rate, durationMs: ms, maxInFlight: Math.max(200, rate), institutions: ctx.institutions, drainMs: 10_000 },
    ms + 60_000,
  );
  await settle(target);
}

/** Lets the previous run's queue and deliveries finish before the next one starts. */
export async function settle(target: RateTarget, maxMs = 20_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (target.queueDepth && Date.now() < until && (await target.queueDepth()) > 0) await sleep(250);
  await sleep(1_000);
}
