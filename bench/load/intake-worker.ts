// The intake load generator: open-loop POST /api/cases at a fixed rate (a send is never
// held back by a slow answer, so the server's delays cannot hide in the generator), and a
// closed-loop seeder for filling boards.
import { nowMs, sleep } from '../lib/clock.ts';
import { Histogram } from '../lib/histogram.ts';
import { JsonClient } from '../lib/http.ts';
import { serveIpc } from '../lib/ipc.ts';
import { caseBody } from './case-text.ts';

let seqBase = 0;

interface OpenLoopArgs {
  baseUrl: string;
  cookie: string;
  rate: number;
  durationMs: number;
  maxInFlight: number;
  institutions: string[];
  stampTitle?: boolean;
  drainMs?: number;
}

async function openLoop(a: OpenLoopArgs) {
  const client = new JsonClient(a.baseUrl, a.cookie, Math.max(16, Math.min(a.maxInFlight, 512)));
  const planned = Math.max(1, Math.round((a.rate * a.durationMs) / 1000));
  const http = new Histogram();
  const schedLag = new Histogram();
  const statuses: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let failed = 0;
  let shed = 0;
  let inFlight = 0;
  let maxInFlightSeen = 0;
  const base = seqBase;
  seqBase += planned;

  const send = (i: number) => {
    inFlight++;
    sent++;
    if (inFlight > maxInFlightSeen) maxInFlightSeen = inFlight;
    const t = nowMs();
    client
      .request('POST', '/api/cases', caseBody(base + i, t, a.institutions, a.stampTitle), {}, 30_000)
      .then(
        (r) => {
          http.add(r.ms);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status === 201) ok++;
          else failed++;
        },
        (err: Error) => {
          failed++;
          statuses[err.message.slice(0, 60)] = (statuses[err.message.slice(0, 60)] ?? 0) + 1;
        },
      )
      .finally(() => inFlight--);
  };

  const t0 = nowMs();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      const due = Math.min(planned, Math.floor(((now - t0) * a.rate) / 1000) + 1);
      while (i < due) {
        schedLag.add(now - (t0 + (i * 1000) / a.rate));
        // Past the in-flight bound the server is not keeping up: the send is counted, not queued.
        if (inFlight >= a.maxInFlight) shed++;
        else send(i);
        i++;
      }
      if (i >= planned) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const windowMs = nowMs() - t0;
  const inFlightAtEnd = inFlight;
  const drainUntil = Date.now() + (a.drainMs ?? 10_000);
  while (inFlight > 0 && Date.now() < drainUntil) await sleep(10);
  client.close();
  return {
    planned,
    sent,
    ok,
    failed,
    shed,
    unanswered: inFlight,
    inFlightAtEnd,
    maxInFlightSeen,
    windowMs: Math.round(windowMs),
    achievedRate: Math.round((sent / windowMs) * 1000),
    statuses,
    http: http.toJSON(),
    schedLag: schedLag.toJSON(),
  };
}

async function seed(a: { baseUrl: string; cookie: string; count: number; concurrency: number; institutions: string[] }) {
  const client = new JsonClient(a.baseUrl, a.cookie, a.concurrency);
  const ids: string[] = [];
  const started = Date.now();
  let failed = 0;
  let next = 0;
  const base = seqBase;
  seqBase += a.count;
  await Promise.all(
    Array.from({ length: a.concurrency }, async () => {
      while (next < a.count) {
        const i = next++;
        // Stamped long before any measuring phase, so clients treat these as stale.
        const r = await client.request('POST', '/api/cases', caseBody(base + i, 0, a.institutions), {}, 30_000).catch(() => null);
        if (r?.status === 201) ids[i] = (r.body as { case: { id: string } }).case.id;
        else failed++;
      }
    }),
  );
  client.close();
  return { ok: a.count - failed, failed, ms: Date.now() - started, ids: ids.filter(Boolean) };
}

serveIpc(
  {
    'open-loop': (msg) => openLoop(msg as unknown as OpenLoopArgs),
    seed: (msg) => seed(msg as unknown as Parameters<typeof seed>[0]),
  },
  Number(process.env.BENCH_MAX_LIFETIME_MS ?? 15 * 60_000),
);
