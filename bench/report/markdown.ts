// bench/results/latest.md: the target table first (what the README shows), then the
// numbers behind each row, the notes, and where the CPU went when profiles were taken.
import type { ProfileRef } from '../phases/profile-window.ts';
import { evaluate } from './evaluate.ts';
import { findingNotes, methodNotes } from './notes.ts';
import type { BenchResults } from './results.ts';

/** Fills in the verdicts and the notes from the measurements. */
export function finishReport(r: BenchResults): void {
  r.targets = evaluate(r);
  r.notes = [...methodNotes(r), ...findingNotes(r), ...r.phaseNotes];
}

const n = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : String(Math.round(v * 10 ** digits) / 10 ** digits));
const int = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en'));
const cpu = (c: Record<string, number | null>) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v ?? '–'}%`)
    .join(', ');

function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

type Trace = { mainThreadBusyMs: number; byGroup: { group: string; ms: number; pct: number }[]; top: { name: string; ms: number }[] };

function profileLines(title: string, p: (ProfileRef & { trace?: Trace }) | null | undefined): string[] {
  if (!p) return [];
  const trace = p.trace
    ? [
        `- main thread (trace): ${p.trace.mainThreadBusyMs} ms busy: ${p.trace.byGroup.map((g) => `${g.group} ${g.pct} %`).join(', ')}; top: ${p.trace.top
          .slice(0, 6)
          .map((t) => `${t.name} ${t.ms} ms`)
          .join(', ')}`,
      ]
    : [];
  return [
    `**${title}** (${p.file}; ${p.sampledMs} ms sampled, ${p.idlePct} % idle)`,
    '',
    `- by area: ${p.byArea.slice(0, 8).map((a) => `${a.area} ${a.selfPct} %`).join(', ')}`,
    `- top functions: ${p.topFunctions.slice(0, 8).map((f) => `\`${f.fn}\` (${f.where || 'native'}) ${f.selfPct} %`).join(', ')}`,
    ...trace,
    '',
    ...(p.worker ? profileLines(`${title}: queue worker`, p.worker) : []),
  ];
}

function traceOnly(title: string, p: (ProfileRef & { trace: Trace }) | null): string[] {
  return p ? [`**${title}**`, '', ...profileLines(title, p).filter((l) => l.startsWith('- main thread')), ''] : [];
}

export function renderMarkdown(r: BenchResults): string {
  const out: string[] = [];
  out.push(`# War-room benchmark (${r.mode})`, '');
  out.push(
    `\`${r.command}\` · ${r.startedAt} · ${r.durationS ?? '–'} s · ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGB} GB, Node ${r.machine.node} · ` +
      `other processes on the machine: ${r.machine.othersPctBefore ?? '–'} % of a core before the run, ${r.machine.othersPctDuringRun ?? '–'} % during it` +
      (r.source ? ` · source ${r.source.commit}${r.source.changedFiles ? ` + ${r.source.changedFiles} uncommitted files` : ''}` : ''),
    '',
  );
  out.push(
    table(
      ['target', 'result', 'met'],
      r.targets.map((t) => [t.target, t.result, t.met === null ? 'n/a' : t.met ? '✅ met' : '❌ missed']),
    ),
    '',
  );

  if (r.latency) {
    const l = r.latency;
    out.push(`## Intake → board latency (${l.boards} socket.io boards + ${l.feeds} feeds, ${l.rate} cases/s, ${l.seconds} s)`, '');
    out.push(
      table(
        ['', 'clients', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'deliveries/s', 'intake HTTP p99 ms', 'CPU (% of one core)', 'load-gen CPU %'],
        [l.product, l.baseline].map((x) => [
          x.target === 'ours' ? 'war room' : 'bare ws baseline',
          x.clients,
          n(x.latency.p50),
          n(x.latency.p95),
          n(x.latency.p99),
          n(x.latency.max),
          int(x.deliveriesPerSec),
          n(x.intake.http.p99),
          cpu(Object.fromEntries(Object.entries(x.cpuPctOfOneCore).filter(([k]) => !k.startsWith('clients')))) + ' (others = not the bench)',
          x.clientWorkers.cpuPct.join(' / '),
        ]),
      ),
      '',
      `Ratios to the baseline: p99 ×${n(l.ratios.p99VsBaseline, 2)}, deliveries/s ×${n(l.ratios.deliveriesVsBaseline, 2)}. Every client got every case: ${l.product.delivery.perClientMin >= l.product.delivery.expectedPerClient ? 'yes' : `no (${l.product.delivery.perClientMin} of ${l.product.delivery.expectedPerClient})`}.`,
      '',
    );
  }

  if (r.throughput) {
    out.push(`## Sustained throughput (${r.params.throughput.boards} boards + ${r.params.throughput.feeds} feeds; probes ${r.params.throughput.probeMs / 1000} s, hold ${r.params.throughput.holdMs / 1000} s)`, '');
    const rows: (string | number)[][] = [];
    for (const [label, t] of [['war room', r.throughput.product], ['baseline', r.throughput.baseline]] as const) {
      if (!t) continue;
      for (const p of [...t.probes.map((x) => ({ ...x, kind: 'probe' })), ...t.holds.map((x) => ({ ...x, kind: 'hold' }))]) {
        rows.push([label, p.kind, p.rate, p.seconds, n(p.p50), n(p.p99), int(p.deliveriesPerSec), p.queueAtEnd ?? '–', p.sustained ? 'yes' : `no: ${p.failures.join('; ')}`]);
      }
    }
    out.push(table(['system', 'run', 'cases/s', 's', 'p50 ms', 'p99 ms', 'deliveries/s', 'queue at end', 'sustained'], rows), '');
  }

  if (r.connections) {
    out.push('## Idle boards: server memory', '');
    out.push(
      table(
        ['boards', 'heap/board KB', 'external/board KB', 'RSS/board KB', 'heap MB', 'RSS MB', 'connect rate/s'],
        r.connections.steps.map((s) => [int(s.boards), n(s.heapPerBoardKB), n(s.externalPerBoardKB), n(s.rssPerBoardKB), n(s.heapUsedMB), n(s.rssMB), int(s.connectPerSec)]),
      ),
      '',
      `Before any board: heap ${r.connections.idle.heapUsedMB} MB, RSS ${r.connections.idle.rssMB} MB.`,
      '',
    );
  }

  if (r.claims) {
    const c = r.claims;
    out.push('## Claims', '');
    out.push(
      `- round trip (socket ack), ${c.roundtrip.count} claims one after another: p50 ${n(c.roundtrip.p50, 2)} ms, p95 ${n(c.roundtrip.p95, 2)} ms, p99 ${n(c.roundtrip.p99, 2)} ms, max ${n(c.roundtrip.max, 2)} ms`,
      `- race: ${c.race.clients} clients (${c.race.distinctUsers} members) on each of ${c.race.cases} cases: ${c.race.casesWithExactlyOneWinner} with exactly one winner, ${c.race.verifiedThroughApi} verified through GET /api/cases/:id (status, assignee, one case.claimed event); acks ${JSON.stringify(c.race.acks)}; all acks of one case in p50 ${n(c.race.settleMs.p50)} ms, p99 ${n(c.race.settleMs.p99)} ms`,
      ...c.race.problems.map((p) => `  - ${p}`),
      '',
    );
  }

  if (r.bigBoard) {
    const b = r.bigBoard;
    out.push(`## Big board (${b.cases.toLocaleString('en')} open cases, headless Chromium)`, '');
    out.push(
      `- GET /api/cases: p50 ${n(b.snapshot.p50)} ms, max ${n(b.snapshot.max)} ms, ${int(b.snapshot.kb)} KB, ${int(b.snapshot.cases)} cases`,
      `- interactive after ${int(b.load.interactiveMs)} ms (first card ${int(b.load.firstCardMs)} ms, DOMContentLoaded ${int(b.load.domContentLoadedMs)} ms; the snapshot's last byte at ${int(b.load.snapshotArrivedMs)} ms, so interactive ${int(b.load.afterSnapshotMs)} ms after it); ${b.load.longTasks} long tasks during load, longest ${int(b.load.longestTaskMs)} ms`,
      `- ${b.storm.eventsPerSec} events/s for ${b.storm.seconds} s: input delay p50 ${n(b.storm.inputDelay.p50, 0)} / p95 ${n(b.storm.inputDelay.p95, 0)} / max ${n(b.storm.inputDelay.max, 0)} ms over ${b.storm.keyPresses} key presses; task delay p95 ${n(b.storm.taskDelay.p95, 0)} ms, max ${n(b.storm.taskDelay.max, 0)} ms; ${b.storm.longTasks} long tasks reported (longest ${int(b.storm.longestTaskMs)} ms; a page this far behind reports them late, the trace of a --profile run has the full picture); event in the page → case counted on the board p50 ${n(b.storm.eventToCount?.p50, 0)} / p99 ${n(b.storm.eventToCount?.p99, 0)} ms; intake → counted p50 ${n(b.storm.intakeToCard.p50, 0)} / p99 ${n(b.storm.intakeToCard.p99, 0)} ms; ${int(b.storm.cardsInDom)} cards in the DOM at the end; all ${int(b.storm.casesSent)} new cases counted ${b.storm.allShown ? `${int(b.storm.caughtUpAfterMs)} ms after the last was sent` : `: no, not within ${r.params.bigBoard.catchUpMs / 1000} s after the last was sent`}`,
      '',
    );
  }

  if (r.eventSize) {
    const e = r.eventSize;
    out.push(`## Stored bytes per event (a case with ${e.priorNotes} notes of ${e.noteChars.toLocaleString('en')} characters, one more added)`, '');
    out.push(
      `- the new note's stream entry: ${int(e.entryBytes)} bytes (${Object.entries(e.fieldBytes)
        .map(([k, v]) => `${k} ${int(v)}`)
        .join(', ')}); the note's text is ${int(e.noteBytes)} bytes of it`,
      `- the first note's entry: ${int(e.firstNoteEntryBytes)} bytes; MEMORY USAGE of the event stream grew by ${int(e.streamMemoryPerNoteBytes)} bytes per note over the last ${e.streamMemoryAveragedOver} notes, this one included`,
      `- the case holds ${e.notesOnCase} notes: ${n(e.caseJsonKB)} KB as JSON; GET /api/cases/${e.caseId} answers ${n(e.caseApiKB)} KB (the case and its events)`,
      '',
    );
  }

  if (r.caseList) {
    const l = r.caseList;
    out.push(`## GET /api/cases on a large store (${int(l.total)} cases, ${int(l.open)} open, team member)`, '');
    out.push(
      `- ${l.repeats} requests with accept-encoding br, gzip: p50 ${n(l.ms.p50)} ms, max ${n(l.ms.max)} ms; ${int(l.cases)} cases answered (${int(l.openShown)} open, the rest resolved in the last 24 h)`,
      `- ${n(l.wireKB)} KB on the wire (${l.encoding}), ${n(l.rawKB)} KB uncompressed, ${int(l.bytesPerCase)} bytes per case; seeding and indexing took ${int(l.seedMs)} ms`,
      '',
    );
  }

  if (r.bundle) {
    out.push('## Bundle', '', table(['file', 'KB', 'gzip KB'], r.bundle.files.map((f) => [f.file, n(f.kb), n(f.gzipKB)])), '');
  }

  const profiles = [
    ...profileLines('Server, latency phase', r.latency?.profile),
    ...profileLines(`Server, throughput probe at ${r.throughput?.product?.firstFailure?.rate ?? 'the top'} cases/s`, r.throughput?.product?.profile),
    ...profileLines('Server, claim round trips', r.claims?.profile),
    ...profileLines('Browser, loading the big board', r.bigBoard?.load.profile),
    ...profileLines('Browser, big board under events', r.bigBoard?.storm.profile),
  ];
  if (profiles.length) out.push('## CPU profiles', '', ...profiles);
  else if (r.evidence) {
    const ev = r.evidence;
    const asRef = (p: unknown) => p as ProfileRef;
    const traced = (t: Trace | undefined) => (t ? ({ file: '', sampledMs: 0, idlePct: 0, byArea: [], topFunctions: [], wallMs: 0, trace: t } as ProfileRef & { trace: Trace }) : null);
    out.push(
      `## CPU profiles (from the \`--profile\` run of ${ev.startedAt}, bench/results/${r.mode}-profile.md)`,
      '',
      ...profileLines('Server, latency phase', asRef(ev.latency)),
      ...profileLines('Server, throughput probe that failed', asRef(ev.throughput)),
      ...profileLines('Server, claim round trips', asRef(ev.claims)),
      ...traceOnly('Browser, loading the big board', traced(ev.bigBoardLoad)),
      ...traceOnly('Browser, big board under events', traced(ev.bigBoardStorm)),
    );
  }

  const phases = Object.entries(r.phases ?? {});
  if (phases.length) {
    out.push('## Phases', '', '| phase | ran s | budget s | outcome |', '|---|---|---|---|');
    for (const [name, p] of phases) out.push(`| ${name} | ${p.seconds} | ${p.budgetSeconds} | ${r.errors[name] ? 'failed (see notes)' : 'done'} |`);
    out.push('');
  }

  if (r.notes.length || Object.keys(r.errors).length) {
    out.push('## Notes', '');
    for (const [phase, message] of Object.entries(r.errors)) out.push(`- **${phase} failed:** ${message.split('\n')[0]}`);
    for (const note of r.notes) out.push(`- ${note}`);
    out.push('');
  }
  return out.join('\n');
}
