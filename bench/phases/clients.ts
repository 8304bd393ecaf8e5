// Spreading live clients over the client worker processes, and reading back what they saw.
import { Histogram, type HistogramData } from '../lib/histogram.ts';
import type { WorkerHandle } from '../lib/ipc.ts';

export type ClientKind = 'board' | 'feed' | 'ws';

export interface WorkerStats {
  clients: number;
  created: number;
  other: number;
  stale: number;
  unstamped: number;
  dropped: number;
  perClientMin: number;
  perClientMax: number;
  hist: HistogramData;
  perSecond: [number, HistogramData][];
  cpuPct: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface MergedStats {
  clients: number;
  created: number;
  deliveries: number;
  stale: number;
  dropped: number;
  perClientMin: number;
  latency: Histogram;
  perSecond: Map<number, Histogram>;
  workerCpuPct: number[];
  workerLoopDelayP99Ms: number[];
}

export async function connectAcross(
  workers: WorkerHandle[],
  kind: ClientKind,
  baseUrl: string,
  cookies: string[],
  total: number,
  opts: { realClient?: boolean } = {},
): Promise<{ connected: number; failed: number; ms: number; errors: string[] }> {
  const started = Date.now();
  const share = (i: number) => Math.floor(total / workers.length) + (i < total % workers.length ? 1 : 0);
  const results = await Promise.all(
    workers.map((w, i) =>
      share(i) === 0
        ? { connected: 0, failed: 0, errors: [] as string[] }
        : w.call<{ connected: number; failed: number; errors: string[] }>(
            'connect',
            { kind, baseUrl, cookies, count: share(i), concurrency: 50, realClient: opts.realClient ?? false },
            180_000,
          ),
    ),
  );
  return {
    connected: results.reduce((s, r) => s + r.connected, 0),
    failed: results.reduce((s, r) => s + r.failed, 0),
    ms: Date.now() - started,
    errors: results.flatMap((r) => r.errors),
  };
}

export async function disconnectAcross(workers: WorkerHandle[], kind?: ClientKind, total?: number): Promise<void> {
  await Promise.all(
    workers.map((w) => w.call('disconnect', { kind, count: total === undefined ? undefined : Math.ceil(total / workers.length) }, 60_000)),
  );
}

export async function resetAcross(workers: WorkerHandle[], phaseStart: number): Promise<void> {
  await Promise.all(workers.map((w) => w.call('reset', { phaseStart }, 30_000)));
}

export async function statsAcross(workers: WorkerHandle[]): Promise<MergedStats> {
  const all = await Promise.all(workers.map((w) => w.call<WorkerStats>('stats', {}, 30_000)));
  const latency = new Histogram();
  const perSecond = new Map<number, Histogram>();
  for (const s of all) {
    latency.merge(s.hist);
    for (const [sec, h] of s.perSecond) {
      const acc = perSecond.get(sec) ?? new Histogram();
      perSecond.set(sec, acc.merge(h));
    }
  }
  const withClients = all.filter((s) => s.clients > 0);
  return {
    clients: all.reduce((n, s) => n + s.clients, 0),
    created: all.reduce((n, s) => n + s.created, 0),
    deliveries: all.reduce((n, s) => n + s.created + s.other, 0),
    stale: all.reduce((n, s) => n + s.stale, 0),
    dropped: all.reduce((n, s) => n + s.dropped, 0),
    perClientMin: withClients.length ? Math.min(...withClients.map((s) => s.perClientMin)) : 0,
    latency,
    perSecond,
    workerCpuPct: all.map((s) => s.cpuPct),
    workerLoopDelayP99Ms: all.map((s) => s.loopDelayP99Ms),
  };
}
