// Turns the measurements into the target rows: what was asked, what was measured,
// met or missed (or not measured, when a phase failed or was scaled away).
import { TARGETS, type TargetKey } from '../config.ts';
import type { BenchResults } from './results.ts';

export interface TargetRow {
  key: TargetKey;
  target: string;
  result: string;
  met: boolean | null;
}

const fmt = (n: number | null | undefined, unit = '', digits = 1) =>
  n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : `${Math.round(n * 10 ** digits) / 10 ** digits}${unit}`;

function judge(key: TargetKey, value: number | null | undefined): boolean | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const t = TARGETS[key];
  return t.better === 'lower' ? value <= t.limit : value >= t.limit;
}

export function evaluate(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const add = (key: TargetKey, value: number | null | undefined, result: string, met = judge(key, value)) =>
    rows.push({ key, target: TARGETS[key].text, result, met });

  const lat = r.latency;
  const scaledLat = lat && (lat.boards !== 1_000 || lat.rate !== 50) ? ` (scaled: ${lat.boards} boards + ${lat.feeds} feeds at ${lat.rate}/s)` : lat ? ` (${lat.boards} boards + ${lat.feeds} feeds)` : '';
  add(
    'latencyP99Ms',
    lat?.product.latency.p99,
    lat
      ? `p99 ${fmt(lat.product.latency.p99, ' ms')}, p50 ${fmt(lat.product.latency.p50, ' ms')}; ${lat.product.deliveriesPerSec.toLocaleString('en')} of ${(lat.rate * 2 * lat.product.clients).toLocaleString('en')} deliveries/s${scaledLat}`
      : 'not measured',
  );

  const tp = r.throughput;
  const ours = tp?.product;
  const bare = tp?.baseline;
  add(
    'sustainedCasesPerSec',
    ours ? ours.sustainedRate : null,
    ours
      ? (ours.held
          ? `${ours.sustainedRate} cases/s held ${ours.held.durationMs / 1000} s (p99 ${fmt(ours.held.latency.p99, ' ms')})`
          : `no rate held for ${r.params.throughput.holdMs / 1000} s (best ${r.params.throughput.probeMs / 1000}-s probe: ${ours.probes.filter((p) => p.sustained).pop()?.rate ?? 0}/s)`) +
          (ours.firstFailure ? `; ${ours.firstFailure.rate}/s failed: ${ours.firstFailure.failures[0]}` : '') +
          (ours.limitedByLadder ? '; top of the ladder, limit not reached' : '') +
          ` [${r.params.throughput.boards} boards + ${r.params.throughput.feeds} feeds]`
      : 'not measured',
  );
  if (ours && bare && bare.sustainedDeliveriesPerSec > 0) {
    const ratio = ours.sustainedDeliveriesPerSec / bare.sustainedDeliveriesPerSec;
    const bound = bare.limitedByLadder ? ' (baseline at the top of its ladder: its limit is higher, so the true ratio is lower)' : '';
    add(
      'deliveriesVsBaseline',
      ratio,
      `${Math.round(ratio * 100)} % (${ours.sustainedDeliveriesPerSec.toLocaleString('en')} vs ${bare.sustainedDeliveriesPerSec.toLocaleString('en')} deliveries/s sustained)${bound}`,
      bare.limitedByLadder ? (ratio < 0.5 ? false : null) : judge('deliveriesVsBaseline', ratio),
    );
  } else add('deliveriesVsBaseline', null, 'not measured');

  const steps = r.connections?.steps ?? [];
  const worst = steps.length ? Math.max(...steps.map((s) => s.heapPerBoardKB)) : null;
  add('heapPerBoardKB', worst, steps.length ? steps.map((s) => `${fmt(s.heapPerBoardKB, ' KB')} at ${s.boards.toLocaleString('en')}`).join(', ') : 'not measured');

  const c = r.claims;
  add('claimP99Ms', c?.roundtrip.p99, c ? `p99 ${fmt(c.roundtrip.p99, ' ms', 2)}, p50 ${fmt(c.roundtrip.p50, ' ms', 2)} (${c.roundtrip.count} claims)` : 'not measured');
  add(
    'raceOneWinner',
    c ? (c.race.allVerified ? 1 : 0) : null,
    c ? `${c.race.casesWithExactlyOneWinner} of ${c.race.cases} cases had one winner among ${c.race.clients} clients; ${c.race.verifiedThroughApi} verified through the API` : 'not measured',
  );

  const bb = r.bigBoard;
  const scaledBB = bb && bb.cases !== 5_000 ? ` (scaled: ${bb.cases} cases)` : '';
  add('bigBoardInteractiveMs', bb?.load.interactiveMs, bb ? `${fmt(bb.load.interactiveMs, ' ms', 0)} (snapshot API ${fmt(bb.snapshot.p50, ' ms')})${scaledBB}` : 'not measured');
  add(
    'bigBoardInputDelayMs',
    bb?.storm.inputDelay.max,
    bb
      ? `input delay max ${fmt(bb.storm.inputDelay.max, ' ms', 0)}, p95 ${fmt(bb.storm.inputDelay.p95, ' ms', 0)}; new cases counted p50 ${fmt(bb.storm.eventToCount?.p50, ' ms', 0)} / p99 ${fmt(bb.storm.eventToCount?.p99, ' ms', 0)} after their event reached the page, p50 ${fmt(bb.storm.intakeToCard.p50, ' ms', 0)} after intake${scaledBB}`
      : 'not measured',
  );
  add('bundleGzipKB', r.bundle?.gzipKB, r.bundle ? `${fmt(r.bundle.gzipKB, ' KB')} gzipped (${fmt(r.bundle.totalKB, ' KB')} raw)` : 'not measured');
  return rows;
}
