// The notes under the table: how each number was taken and where the run was scaled
// down (methodNotes), and what the measurements say about the targets missed (findingNotes).
import type { BenchResults } from './results.ts';

export function methodNotes(r: BenchResults): string[] {
  const p = r.params;
  const notes = [
    `One ${r.machine.cores}-core machine runs everything: redis-server (AOF, appendfsync everysec), the server as "npm start" runs it (its primary, one web process per core and the queue worker, each a process of its own), ${p.clientWorkers} client processes, one intake process, and Chromium in the big-board phase. CPU per process is reported with each run.`,
    'Latency is receipt time at the client minus the send time that the intake process stamps into the case just before the POST (same wall clock, sub-ms). It is taken at every client for every case.created; each case is followed by its case.enriched event (BullMQ intake), which counts in deliveries/s but not in latency.',
    'Boards are socket.io clients logged in as members (they see every event, the worst case for fan-out) that ask for batches (`case:events`, one frame per read of the event stream), as the board in the browser does; feed clients use /api/feed as a viewer. The baseline serves the same number of plain ws clients and broadcasts the same two events per case, each serialised once.',
    'A rate is sustained when the generator sent everything on time, every client got every case within the drain time, p99 < 100 ms, the p50 did not creep from the first to the last quarter of the window (more than doubled and by over 25 ms), and the intake queue ended with under half a second of jobs.',
    'Accounts are created with the UserStore that `npx warroom user add` uses, in one process (a CLI process per account costs 1.5–5 s here); cookies come from POST /api/session.',
    `Heap per board: heap after two full GCs in each web process of the server, summed (bench/server-with-heap.ts wraps server/main.ts, --expose-gc), minus the heap before any board, divided by the boards; RSS from /proc/<pid>/status of the server's processes, summed, which only means something at the larger count (the RSS before still holds pages the earlier phases freed).`,
    `Claims: round trips one after another from one member socket while the team set (${p.throughput.boards} boards, ${p.throughput.feeds} feeds) watches, so each claim's event also fans out to them; the race then uses ${p.claims.users} members × ${p.claims.socketsPerUser} sockets (a member's second socket loses like anyone else, the claim being from "new" only), ${p.claims.raceConcurrency} cases at a time, each checked through GET /api/cases/:id.`,
    'Big board: cases seeded through POST /api/cases and enriched before the browser opens. Interactive = the first animation frame where the column counts add up to every case, cards are drawn and the connection badge is live (long columns draw only the cards in view). A new case is counted when the column counts have grown by it; its time runs from its case.created socket message reaching the page. Input delay = keydown handler time minus the event’s timestamp, for a key press every 250 ms during the event stream.',
    `Bundle: ${r.params ? 'built fresh from client/ into a temp directory (or --client-dir)' : ''}, every .js/.css/.html, gzip at zlib’s default level.`,
    `Connections: the connect rate of each step is the boards it added divided by the time until all of them had their first answer (the last step adds ${Math.max(0, (p.connections.steps.at(-1) ?? 0) - (p.connections.steps.at(-2) ?? 0)).toLocaleString('en')} boards to the ${(p.connections.steps.at(-2) ?? 0).toLocaleString('en')} already connected).`,
    `Stored bytes per event and GET /api/cases on a large store run last, on a redis-server and server of their own (the live stack is stopped first). The account's change budget (one per account, HTTP moves and socket commands alike: SOCKET_COMMAND_BURST, SOCKET_COMMANDS_PER_SECOND) is raised in the bench server's environment, as for every phase, so ${p.eventSize.priorNotes} notes in a row are not refused with 429. Event size: one case gets ${p.eventSize.priorNotes} notes of ${p.eventSize.noteChars.toLocaleString('en')} characters through POST /api/cases/:id/notes, then one more; that note's entry in the event stream (wr:events) is read with XREVRANGE and weighed as its field names and values in bytes (the target's figure); MEMORY USAGE … SAMPLES 0 of the stream, which moves in allocation steps, is averaged over the last 50 notes.`,
    `GET /api/cases on a large store: ${p.caseList.templates} cases are taken in through the real intake and enriched; ${(p.caseList.total - p.caseList.templates).toLocaleString('en')} more, shaped like them (title, institution and priority varied), are written into Redis as the case store keeps them (created over 60 days; ${p.caseList.open} open in all, ${p.caseList.recentResolved} resolved in the last 24 h, the rest days ago) and indexed by the store's own start-up indexing, in-process. A team member then asks ${p.caseList.repeats} times with accept-encoding: br, gzip; the time runs to the answer's last byte, the size is the bytes on the wire and after decoding.`,
  ];
  if (p.mode === 'full') {
    notes.push(
      `Scaled down: sustained throughput is measured with a team-sized set of ${p.throughput.boards} boards + ${p.throughput.feeds} feeds, not 1,000 boards (1,000 boards at 1,000 cases/s would be two million deliveries a second to send and to receive on the same two cores). Probes last ${p.throughput.probeMs / 1000} s, the hold ${p.throughput.holdMs / 1000} s; the baseline's ladder tops out at ${p.throughput.baselineLadder[p.throughput.baselineLadder.length - 1]} cases/s.`,
    );
  } else {
    notes.push('Smoke mode: every phase runs, scaled down (see params); the numbers check the bench, not the targets.');
  }
  return notes;
}

type ProfileData = { idlePct?: number; byArea: { area: string; selfPct: number }[]; topFunctions: { fn: string; where: string; selfPct: number }[] };
type Profile = (ProfileData & { worker?: ProfileData | null }) | null | undefined;
type Trace = { mainThreadBusyMs: number; byGroup: { group: string; pct: number }[] } | undefined;

function profileText(p: Profile, fromEarlier?: string): string {
  if (!p) return 'no CPU profile yet (npm run bench -- --profile records one)';
  if (fromEarlier) return `${profileText(p)} (from the --profile run of ${fromEarlier})`;
  const fns = p.topFunctions.slice(0, 4).map((f) => `${f.fn} ${f.selfPct} %`);
  const worker = p.worker
    ? `; queue worker CPU profile (${p.worker.idlePct ?? '–'} % idle): ${p.worker.byArea.slice(0, 4).map((a) => `${a.area} ${a.selfPct} %`).join(', ')}; top functions ${p.worker.topFunctions
        .slice(0, 4)
        .map((f) => `${f.fn} ${f.selfPct} %`)
        .join(', ')}`
    : '';
  return `server CPU profile: ${p.byArea.slice(0, 4).map((a) => `${a.area} ${a.selfPct} %`).join(', ')}; top functions ${fns.join(', ')}${worker}`;
}

function traceText(t: Trace, fromEarlier?: string): string {
  if (!t) return '';
  const whose = fromEarlier ? ` (--profile run of ${fromEarlier})` : '';
  return `; main-thread trace${whose}: ${t.byGroup.map((g) => `${g.group} ${g.pct} %`).join(', ')} of ${t.mainThreadBusyMs} ms busy`;
}

/** A share of the profile by function name or area prefix; 0 when absent. */
function share(p: Profile, name: string): number {
  if (!p) return 0;
  return (
    p.topFunctions.filter((f) => f.fn === name).reduce((s, f) => s + f.selfPct, 0) ||
    p.byArea.filter((a) => a.area.startsWith(name)).reduce((s, a) => s + a.selfPct, 0)
  );
}

/** Next steps that the profile supports, strongest evidence first. */
function serverSteps(p: Profile): string {
  if (!p) return 'Next step: record a profile (npm run bench -- --profile) before changing the server.';
  const steps: [number, string][] = [];
  const writev = share(p, 'writev');
  const encode = share(p, 'encodeAsString') + share(p, 'socket.io-parser');
  const enrich = share(p, 'shared/enrich');
  const gc = share(p, '(garbage collector)');
  if (writev >= 10) {
    steps.push([
      writev,
      `socket writes (writev ${writev} %): each read of the event stream already goes to a client as one frame, so what is left is one write per read per client: more events per read when they come fast, or more server processes or nodes for the connections, since this cost grows with connections × reads`,
    ]);
  }
  if (encode >= 3) steps.push([encode, `per-client encoding (socket.io-parser ${encode} %): emit each event once per room so it is encoded once`]);
  if (enrich >= 3) {
    steps.push([
      enrich,
      `the keyword enrichment (${enrich} %) in the web process: it belongs to the queue worker's process (shared/enrich.ts)`,
    ]);
  }
  if (gc >= 8) steps.push([gc, `garbage collection (${gc} %): fewer short-lived strings and buffers per delivery`]);
  if (steps.length === 0) return 'Next step: the profile shows no single hot spot; see the top functions above.';
  return `Next step, by the profile's weight: ${steps
    .sort((a, b) => b[0] - a[0])
    .map(([, t]) => t)
    .join('; ')}.`;
}

export function findingNotes(r: BenchResults): string[] {
  const notes: string[] = [];
  // Without --profile, the profiles of the last --profile run of the same mode stand in as evidence.
  const ev = r.evidence;
  const when = ev?.startedAt;
  const latProfile = r.latency?.profile ?? ev?.latency ?? null;
  const tpProfile = r.throughput?.product?.profile ?? ev?.throughput ?? null;
  const claimProfile = r.claims?.profile ?? ev?.claims ?? null;
  const loadTrace = r.bigBoard?.load.profile?.trace ?? ev?.bigBoardLoad ?? undefined;
  const stormTrace = r.bigBoard?.storm.profile?.trace ?? ev?.bigBoardStorm ?? undefined;
  const from = (own: unknown) => (own ? undefined : when);
  const others = r.machine.othersPctDuringRun ?? 0;
  if (others >= 20) {
    notes.push(
      `Other processes (not the bench) used ${others} % of a core on average during this run, on a ${r.machine.cores}-core machine: every number here is pessimistic, most of all the latency tails. Run it again on a quiet machine before comparing.`,
    );
  }
  if (ev && r.source && r.evidence) {
    notes.push(`Profiles cited below come from the --profile run of ${ev.startedAt}; the product may have changed since (this run measured ${r.source.commit}${r.source.changedFiles ? ` + ${r.source.changedFiles} uncommitted files` : ''}).`);
  }
  const missed = (key: string) => r.targets.find((t) => t.key === key)?.met === false;

  const steps = r.connections?.steps ?? [];
  if (steps.length && missed('connectPerSec')) {
    const failed = steps.reduce((n, x) => n + x.failed, 0);
    notes.push(
      `Missed the connect rate: ${steps.map((x) => `${x.connectPerSec}/s to ${x.boards.toLocaleString('en')} boards (${x.connectMs} ms)`).join(', ')}${failed ? `; ${failed} boards failed to connect` : ''}; heap ${steps.map((x) => `${x.heapUsedMB} MB`).join(' → ')}. ` +
        `Each connect is a session check, a catch-up read and a presence join on the server's one event loop, while the client processes open the sockets on the same two cores. ${profileText(r.latency?.profile ?? ev?.latency ?? null, from(r.latency?.profile))}. Next step: profile the connect step on its own (npm run bench -- --only connections --profile) and look at what one connect costs (presence fan-out, session reads) before changing the server.`,
    );
  }
  if (steps.length && missed('heapPerBoardKB')) {
    notes.push(`Missed heap per board: ${steps.map((x) => `${x.heapPerBoardKB} KB at ${x.boards.toLocaleString('en')}`).join(', ')} (external ${steps.map((x) => `${x.externalPerBoardKB} KB`).join(', ')}). Next step: a heap snapshot of the server with the boards connected shows which per-socket objects hold it.`);
  }

  const lat = r.latency;
  if (lat) {
    const p = lat.product;
    const gen = Math.max(...p.clientWorkers.cpuPct);
    if (gen >= 85) {
      notes.push(`Latency run: the client processes used up to ${gen} % of a core each, so part of the measured latency is queueing in the load generators (the baseline's clients run in the same processes and pay the same).`);
    }
    const neededAll = lat.rate * 2 * lat.baseline.clients;
    if (lat.baseline.deliveriesPerSec < neededAll * 0.9) {
      notes.push(
        `At ${lat.boards} boards × ${lat.rate} cases/s (${neededAll.toLocaleString('en')} deliveries/s) even the bare baseline delivered only ${lat.baseline.deliveriesPerSec.toLocaleString('en')}/s here (p99 ${lat.baseline.latency.p99} ms; its clients used ${lat.baseline.clientWorkers.cpuPct.join(' and ')} % of a core): sending and receiving that many messages on the same two cores is beyond this machine, so this target cannot be shown met here whatever the server does; it needs the load generators on another machine.`,
      );
    }
    if (missed('latencyP99VsBaseline')) {
      const needed = lat.rate * 2 * p.clients;
      const b = lat.baseline;
      const usPer = (cpu: number | null | undefined, perSec: number) => (cpu && perSec ? Math.round(((cpu / 100) * 1e6) / perSec) : null);
      const ourCost = usPer(p.cpuPctOfOneCore.server, p.deliveriesPerSec);
      const bareCost = usPer(b.cpuPctOfOneCore.baseline, b.deliveriesPerSec);
      notes.push(
        `Missed the p99 ratio at ${lat.boards} boards: ${p.latency.p99} ms (p50 ${p.latency.p50} ms), ×${lat.ratios.p99VsBaseline} the baseline's ${b.latency.p99} ms. ${lat.rate} cases/s make ${needed.toLocaleString('en')} deliveries/s (created + enriched to every client); the server delivered ${p.deliveriesPerSec.toLocaleString('en')}/s ` +
          `using ${p.cpuPctOfOneCore.server ?? '–'} % of a core (redis ${p.cpuPctOfOneCore.redis ?? '–'} %, other processes ${p.cpuPctOfOneCore.others ?? '–'} %), and the intake's own HTTP p99 was ${p.intake.http.p99} ms: ` +
          `one event loop answers the intake and fans out, so both wait when it is saturated. The bare ws baseline, same clients, same processes: p99 ${b.latency.p99} ms, ${b.deliveriesPerSec.toLocaleString('en')} deliveries/s at ${b.cpuPctOfOneCore.baseline ?? '–'} % of a core` +
          (ourCost && bareCost ? `: about ${bareCost} µs of CPU per delivery against the server's ${ourCost} µs (the server's figure includes intake and enrichment)` : '') +
          `. ${profileText(latProfile, from(lat.profile))}. ${serverSteps(latProfile)}`,
      );
    }
  }

  const tp = r.throughput?.product;
  if (tp && missed('sustainedCasesPerSec')) {
    const f = tp.firstFailure;
    const costs = tp.probes
      .filter((x) => x.cpuPctOfOneCore.server)
      .map((x) => `${x.rate}/s → ${x.cpuPctOfOneCore.server} %`)
      .join(', ');
    // The marginal CPU per case between the lowest and highest probe that left the server headroom.
    const unsaturated = tp.probes.filter((x) => (x.cpuPctOfOneCore.server ?? 100) < 95);
    const lo = unsaturated[0];
    const hi = unsaturated[unsaturated.length - 1];
    const msPerCase = lo && hi && hi.rate > lo.rate ? Math.round((((hi.cpuPctOfOneCore.server! - lo.cpuPctOfOneCore.server!) * 10) / (hi.rate - lo.rate)) * 10) / 10 : null;
    notes.push(
      `Missed sustained throughput: ${tp.sustainedRate} cases/s held for ${r.params.throughput.holdMs / 1000} s` +
        (costs ? `; the server's CPU (% of one core) by intake rate with ${r.params.throughput.boards + r.params.throughput.feeds} clients: ${costs}` + (msPerCase ? `, i.e. about ${msPerCase} ms of server CPU per case (with its fan-out to those clients), where 1,000 cases/s on one core leaves 1 ms` : '') : '') +
        (f ? `; at ${f.rate}/s: ${f.failures.join('; ')} (server ${f.cpuPctOfOneCore.server ?? '–'} % of a core, redis ${f.cpuPctOfOneCore.redis ?? '–'} %, other processes ${f.cpuPctOfOneCore.others ?? '–'} %)` : '') +
        `. The server is CPU-bound well before the target. ${profileText(tpProfile, from(tp.profile))}. ${serverSteps(tpProfile)}`,
    );
  }
  const bare = r.throughput?.baseline;
  const genLimited = bare?.firstFailure?.failures.some((f) => f.startsWith('generator reached only') || f.includes('shed'));
  if (bare && genLimited) {
    notes.push(
      `The baseline's ladder stopped at ${bare.firstFailure!.rate}/s partly because the one intake process could not send that fast (${bare.firstFailure!.failures.filter((f) => f.includes('generator') || f.includes('shed')).join('; ')}): the baseline's real limit is higher than its ${bare.sustainedRate}/s, so the ratio to it is an upper bound.`,
    );
  }
  if (tp && bare && missed('deliveriesVsBaseline')) {
    const bestProbe = (t: typeof tp) => t.probes.filter((x) => x.sustained).pop();
    const ourProbe = bestProbe(tp);
    const bareProbe = bestProbe(bare);
    notes.push(
      `Missed the baseline ratio: ${tp.sustainedDeliveriesPerSec.toLocaleString('en')} vs ${bare.sustainedDeliveriesPerSec.toLocaleString('en')} deliveries/s sustained for ${r.params.throughput.holdMs / 1000} s` +
        (ourProbe && bareProbe ? ` (best short probes: ${ourProbe.deliveriesPerSec.toLocaleString('en')} at ${ourProbe.rate}/s vs ${bareProbe.deliveriesPerSec.toLocaleString('en')} at ${bareProbe.rate}/s)` : '') +
        `. The baseline serialises each event once and has no Redis, queue, auth or enrichment in the path; the gap is the per-case server CPU in the throughput note.`,
    );
  }

  const c = r.claims;
  if (c && missed('claimP99Ms')) {
    const watching = (c.roundtrip as { watching?: number }).watching;
    notes.push(
      `Missed claim p99: ${c.roundtrip.p99} ms (p50 ${c.roundtrip.p50} ms${watching ? `, ${watching} clients watching` : ''}). The ack waits for the case to be loaded and committed in Redis, and it shares the event loop with the fan-out of the claim's own event (and of the previous claim's) to every watching client. ${profileText(claimProfile, from(c.profile))}. ${serverSteps(claimProfile)}`,
    );
  }

  const evs = r.eventSize;
  if (evs && missed('eventBytesKB')) {
    const biggest = Object.entries(evs.fieldBytes).sort((x, y) => y[1] - x[1]).slice(0, 3).map(([k, v]) => `${k} ${v} bytes`).join(', ');
    notes.push(
      `Missed stored bytes per event: the note on a case with ${evs.priorNotes} notes became a ${evs.entryBytes}-byte stream entry (the first note's: ${evs.firstNoteEntryBytes} bytes; the note's own text ${evs.noteBytes} bytes); largest fields ${biggest}. ` +
        (evs.entryBytes > evs.firstNoteEntryBytes * 1.5 ? 'The entry grows with the case’s history: something in it copies the case. ' : '') +
        'Next step: store only what the event changed (server/store/event-format.ts entryArgs) and check which field carries the rest.',
    );
  }
  const cl = r.caseList;
  if (cl && (missed('caseListMs') || missed('caseListKB'))) {
    notes.push(
      `Missed GET /api/cases on ${cl.total.toLocaleString('en')} cases: p50 ${cl.ms.p50} ms, max ${cl.ms.max} ms; ${cl.cases} cases, ${cl.rawKB} KB uncompressed (${cl.bytesPerCase} bytes per case), ${cl.wireKB} KB on the wire (${cl.encoding}). ` +
        (missed('caseListKB')
          ? 'Next step (size): send the board only the fields its cards and counts need, and the rest when a drawer opens; '
          : 'Next step (time): profile the request (the index reads, the hash reads, JSON and the compression: brotli at a high quality can cost more than it saves on loopback) and ') +
        'compare with the same request on a quiet machine before changing the store.',
    );
  }

  const bb = r.bigBoard;
  if (bb && (missed('bigBoardInteractiveMs') || missed('bigBoardAfterSnapshotMs'))) {
    notes.push(
      `Missed big-board interactive: ${bb.load.interactiveMs} ms from navigation, ${bb.load.afterSnapshotMs} ms after the snapshot's last byte (at ${bb.load.snapshotArrivedMs} ms) for ${bb.cases.toLocaleString('en')} cases (GET /api/cases ${bb.snapshot.p50} ms for ${bb.snapshot.kb} KB; first card at ${bb.load.firstCardMs} ms; ${bb.load.longTasks} long tasks, longest ${bb.load.longestTaskMs} ms; other processes ${bb.load.othersCpuPct} % of a core)` +
        `${traceText(loadTrace, from(bb.load.profile))}. ` +
        (bb.load.afterSnapshotMs !== null && bb.load.afterSnapshotMs > 1_000
          ? 'Next step (client): the time goes after the snapshot, in the page: record a trace (npm run bench -- --only big-board --profile) and cut the work of the first projection and render (parsing, sorting, the cards in view only).'
          : 'Next step: the time goes before the snapshot arrives (the page, the bundle and the snapshot request): a smaller snapshot and an earlier request of it.'),
    );
  }
  if (bb && (missed('bigBoardEventToCountMs') || missed('bigBoardInputDelayMs') || missed('bigBoardLongTaskMs'))) {
    notes.push(
      `Missed responsiveness on the big board at ${bb.storm.eventsPerSec} events/s for ${bb.storm.seconds} s: a new case was counted p50 ${bb.storm.eventToCount?.p50} / p99 ${bb.storm.eventToCount?.p99} ms after its event reached the page (p50 ${bb.storm.intakeToCard.p50} ms after intake); input delay max ${bb.storm.inputDelay.max} ms; ${bb.storm.longTasks} long tasks, longest ${bb.storm.longestTaskMs} ms (main thread ${bb.storm.mainThreadBusyPct} % busy in long tasks; other processes ${bb.storm.othersCpuPct} % of a core); ${bb.storm.allShown ? `the board caught up ${bb.storm.caughtUpAfterMs} ms after the last case` : `the board had not caught up ${r.params.bigBoard.catchUpMs / 1000} s after the last case`}` +
        `${traceText(stormTrace, from(bb.storm.profile))}. ` +
        'Next step (client): record the storm’s trace (npm run bench -- --only big-board --profile) and find the task over the limit: the per-frame batch (one projection and one layout per frame), the incremental column sort and the virtualised columns should keep each frame’s work to the cards in view.',
    );
  }
  return notes;
}
