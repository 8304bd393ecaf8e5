// Turns the measurements into the issue's target rows: what was asked, what was measured,
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

  const steps = r.connections?.steps ?? [];
  const top = steps.length ? steps[steps.length - 1] : null;
  const scaledConn = top && top.boards < 5_000 ? ` (scaled: ${top.boards.toLocaleString('en')} boards)` : '';
  add(
    'connectPerSec',
    top?.connectPerSec,
    top
      ? `${steps.map((s) => `${s.connectPerSec.toLocaleString('en')}/s to ${s.boards.toLocaleString('en')}`).join(', ')}${steps.some((s) => s.failed) ? `; ${steps.reduce((n, s) => n + s.failed, 0)} failed to connect` : ''}${scaledConn}`
      : 'not measured',
    // Boards that did not connect fail the target whatever the rate of the rest.
    top && steps.some((s) => s.failed > 0) ? false : judge('connectPerSec', top?.connectPerSec),
  );
  // The worst step counts: at the smaller count the server's fixed cost weighs more per board.
  const worstHeap = steps.length ? Math.max(...steps.map((s) => s.heapPerBoardKB)) : null;
  add('heapPerBoardKB', worstHeap, steps.length ? steps.map((s) => `${fmt(s.heapPerBoardKB, ' KB')} at ${s.boards.toLocaleString('en')}`).join(', ') + scaledConn : 'not measured');

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
  const bareProbe = bare?.probes.filter((p) => p.sustained).pop();
  if (ours && bare && bare.sustainedDeliveriesPerSec > 0) {
    const ratio = ours.sustainedDeliveriesPerSec / bare.sustainedDeliveriesPerSec;
    const bound = bare.limitedByLadder ? ' (baseline at the top of its ladder: its limit is higher, so the true ratio is lower)' : '';
    add(
      'deliveriesVsBaseline',
      ratio,
      `${Math.round(ratio * 100)} % (${ours.sustainedDeliveriesPerSec.toLocaleString('en')} deliveries/s at ${ours.sustainedRate}/s vs the baseline's ${bare.sustainedDeliveriesPerSec.toLocaleString('en')} at ${bare.sustainedRate}/s, each the highest rate held ${r.params.throughput.holdMs / 1000} s)${bound}`,
      bare.limitedByLadder ? (ratio < 0.5 ? false : null) : judge('deliveriesVsBaseline', ratio),
    );
  } else if (ours && bareProbe) {
    // The baseline held no rate for the whole window: its best short probe stands in. A rate it
    // holds is at most that, so the ratio to it is a lower bound: met if even that reaches the target.
    const ratio = ours.sustainedDeliveriesPerSec / bareProbe.deliveriesPerSec;
    add(
      'deliveriesVsBaseline',
      ratio,
      `at least ${Math.round(ratio * 100)} % (${ours.sustainedDeliveriesPerSec.toLocaleString('en')} deliveries/s held vs the baseline's ${bareProbe.deliveriesPerSec.toLocaleString('en')} in a ${bareProbe.seconds}-s probe at ${bareProbe.rate}/s; it held no rate for ${r.params.throughput.holdMs / 1000} s)`,
      judge('deliveriesVsBaseline', ratio) ? true : null,
    );
  } else add('deliveriesVsBaseline', null, 'not measured');

  const lat = r.latency;
  const scaledLat = lat && (lat.boards !== 1_000 || lat.rate !== 50) ? ` (scaled: ${lat.boards} boards + ${lat.feeds} feeds at ${lat.rate}/s)` : lat ? ` (${lat.boards} boards + ${lat.feeds} feeds)` : '';
  add(
    'latencyP99VsBaseline',
    lat?.ratios.p99VsBaseline,
    lat
      ? `p99 ${fmt(lat.product.latency.p99, ' ms')} vs the baseline’s ${fmt(lat.baseline.latency.p99, ' ms')}: ×${fmt(lat.ratios.p99VsBaseline, '', 2)} (p50 ${fmt(lat.product.latency.p50, ' ms')}; ${lat.product.deliveriesPerSec.toLocaleString('en')} of ${(lat.rate * 2 * lat.product.clients).toLocaleString('en')} deliveries/s)${scaledLat}`
      : 'not measured',
  );

  const c = r.claims;
  add('claimP99Ms', c?.roundtrip.p99, c ? `p99 ${fmt(c.roundtrip.p99, ' ms', 2)}, p50 ${fmt(c.roundtrip.p50, ' ms', 2)} (${c.roundtrip.count} claims)` : 'not measured');
  add(
    'raceOneWinner',
    c ? (c.race.allVerified ? 1 : 0) : null,
    c ? `${c.race.casesWithExactlyOneWinner} of ${c.race.cases} cases had one winner among ${c.race.clients} clients; ${c.race.verifiedThroughApi} verified through the API` : 'not measured',
  );

  const ev = r.eventSize;
  const scaledEv = ev && ev.priorNotes !== 150 ? ` (scaled: ${ev.priorNotes} notes before)` : '';
  add(
    'eventBytesKB',
    ev ? ev.entryBytes / 1024 : null,
    ev
      ? `${ev.entryBytes.toLocaleString('en')} bytes (the note itself ${ev.noteBytes.toLocaleString('en')}; the first note’s event ${ev.firstNoteEntryBytes.toLocaleString('en')}; stream memory +${ev.streamMemoryPerNoteBytes.toLocaleString('en')} bytes per note over the last ${ev.streamMemoryAveragedOver})${scaledEv}`
      : 'not measured',
  );
  const cl = r.caseList;
  const scaledCl = cl && (cl.total !== 20_000 || cl.open !== 500) ? ` (scaled: ${cl.total.toLocaleString('en')} cases, ${cl.open} open)` : '';
  add('caseListMs', cl?.ms.p50, cl ? `p50 ${fmt(cl.ms.p50, ' ms')}, max ${fmt(cl.ms.max, ' ms')} over ${cl.repeats} requests; ${cl.cases} cases answered${scaledCl}` : 'not measured');
  add('caseListKB', cl?.rawKB, cl ? `${fmt(cl.rawKB, ' KB')} uncompressed, ${fmt(cl.wireKB, ' KB')} on the wire (${cl.encoding})${scaledCl}` : 'not measured');

  const bb = r.bigBoard;
  const scaledBB = bb && bb.cases !== 5_000 ? ` (scaled: ${bb.cases} cases)` : '';
  add('bigBoardAfterSnapshotMs', bb?.load.afterSnapshotMs, bb ? `${fmt(bb.load.afterSnapshotMs, ' ms', 0)} after the snapshot’s last byte (snapshot API p50 ${fmt(bb.snapshot.p50, ' ms')}, ${fmt(bb.snapshot.kb, ' KB', 0)})${scaledBB}` : 'not measured');
  add('bigBoardInteractiveMs', bb?.load.interactiveMs, bb ? `${fmt(bb.load.interactiveMs, ' ms', 0)} from navigation (first card ${fmt(bb.load.firstCardMs, ' ms', 0)})${scaledBB}` : 'not measured');
  // The storm's rows say in one place how far the board and the storm were scaled.
  const stormScale = bb ? [bb.cases !== 5_000 ? `${bb.cases} cases` : '', bb.storm.eventsPerSec !== 50 || bb.storm.seconds !== 10 ? `${bb.storm.eventsPerSec} events/s for ${bb.storm.seconds} s` : ''].filter(Boolean) : [];
  const scaledStorm = stormScale.length ? ` (scaled: ${stormScale.join('; ')})` : '';
  add(
    'bigBoardEventToCountMs',
    bb?.storm.eventToCount?.p99,
    bb
      ? `p99 ${fmt(bb.storm.eventToCount?.p99, ' ms', 0)}, p50 ${fmt(bb.storm.eventToCount?.p50, ' ms', 0)} over ${bb.storm.eventToCount?.count ?? 0} cases; all ${bb.storm.casesSent} counted: ${bb.storm.allShown ? 'yes' : 'no'}${scaledStorm}`
      : 'not measured',
    // A case never counted has no time at all: the target cannot be met then.
    bb && !bb.storm.allShown ? false : judge('bigBoardEventToCountMs', bb?.storm.eventToCount?.p99),
  );
  add('bigBoardInputDelayMs', bb?.storm.inputDelay.max, bb ? `max ${fmt(bb.storm.inputDelay.max, ' ms', 0)}, p95 ${fmt(bb.storm.inputDelay.p95, ' ms', 0)} over ${bb.storm.keyPresses} key presses${scaledStorm}` : 'not measured');
  add('bigBoardLongTaskMs', bb?.storm.longestTaskMs, bb ? `longest ${fmt(bb.storm.longestTaskMs, ' ms', 0)}; ${bb.storm.longTasks} long tasks (over 50 ms) during the storm${scaledStorm}` : 'not measured');
  add('bundleGzipKB', r.bundle?.gzipKB, r.bundle ? `${fmt(r.bundle.gzipKB, ' KB')} gzipped (${fmt(r.bundle.totalKB, ' KB')} raw)` : 'not measured');
  return rows;
}
