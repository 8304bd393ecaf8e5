// 5. Claims over socket.io: the acknowledged round trip of one member claiming case
// after case, and a race of many members on each case, checked against the API: one
// winner, who is the assignee, and exactly one case.claimed event in the case's history.
import path from 'node:path';
import { Histogram, rounded, type HistogramData } from '../lib/histogram.ts';
import { JsonClient, mapLimit } from '../lib/http.ts';
import { WorkerHandle } from '../lib/ipc.ts';
import { forkTracked } from '../lib/procs.ts';
import { waitForQueue } from './big-board.ts';
import { statsAcross } from './clients.ts';
import type { Ctx } from './context.ts';
import { profiled } from './profile-window.ts';

type RaceCase = { caseId: string; winners: string[]; codes: Record<string, number>; ms: number };

export async function claims(ctx: Ctx) {
  const { roundtrips, users, socketsPerUser, raceCases, raceConcurrency } = ctx.params.claims;
  const base = ctx.server.baseUrl;
  ctx.log(`claims: seeding ${roundtrips + raceCases} cases`);
  const seed = await ctx.intake.call<{ ok: number; ids: string[] }>(
    'seed',
    { baseUrl: base, cookie: ctx.users.intake.cookie, count: roundtrips + raceCases, concurrency: 32, institutions: ctx.institutions },
    180_000,
  );
  if (seed.ids.length < roundtrips + raceCases) throw new Error(`claims: only ${seed.ids.length} cases could be created`);
  // Enrichment writes to the same cases; the race is about people, so it waits for the intake.
  await waitForQueue(ctx, 60_000);

  const child = forkTracked(path.join(import.meta.dirname, '../load/claim-worker.ts'), [], {
    env: { ...process.env, BENCH_MAX_LIFETIME_MS: String(Math.max(60_000, ctx.deadline - Date.now() + 60_000)) },
  });
  const claimer = await WorkerHandle.started('claimer', child);
  try {
    // Round trips first, from one member while only the team set watches; the racers join after.
    const racers = ctx.users.members.slice(0, users);
    await claimer.call<number>('connect', { baseUrl: base, users: [{ cookie: racers[0].cookie, id: racers[0].id }], perUser: 1 }, 60_000);
    const watching = (await statsAcross(ctx.clients)).clients + 1;
    ctx.log(`claims: ${roundtrips} claims one after another (${watching} clients watching)`);
    const { result: rt, profile } = await profiled(ctx, 'claims', () =>
      claimer.call<{ hist: HistogramData; codes: Record<string, number> }>('roundtrip', { caseIds: seed.ids.slice(0, roundtrips) }, 300_000),
    );
    await claimer.call('close', {}, 30_000);
    const sockets = await claimer.call<number>('connect', { baseUrl: base, users: racers.map((u) => ({ cookie: u.cookie, id: u.id })), perUser: socketsPerUser }, 120_000);

    ctx.log(`claims: race of ${sockets} members on each of ${raceCases} cases`);
    const raceIds = seed.ids.slice(roundtrips, roundtrips + raceCases);
    const race = await claimer.call<{ results: RaceCase[]; settle: HistogramData }>('race', { caseIds: raceIds, concurrency: raceConcurrency }, 600_000);

    ctx.log('claims: checking every raced case through the API');
    const api = new JsonClient(base, ctx.users.members[0].cookie, 16);
    const codes: Record<string, number> = {};
    const bad: string[] = [];
    let failedCases = 0;
    try {
      await mapLimit(race.results, 16, async (r) => {
        for (const [code, n] of Object.entries(r.codes)) codes[code] = (codes[code] ?? 0) + n;
        const res = await api.request('GET', `/api/cases/${r.caseId}`);
        const claimedEvents = (res.body?.events ?? []).filter((e: { type: string }) => e.type === 'case.claimed');
        const assignee = res.body?.case?.assignee?.id ?? null;
        const ok = r.winners.length === 1 && res.body?.case?.status === 'claimed' && assignee === r.winners[0] && claimedEvents.length === 1;
        if (ok) return;
        failedCases++;
        if (bad.length < 10) {
          bad.push(`case ${r.caseId}: ${r.winners.length} winners, assignee ${assignee}, ${claimedEvents.length} case.claimed events, acks ${JSON.stringify(r.codes)}`);
        }
      });
    } finally {
      api.close();
    }
    const oneWinner = race.results.filter((r) => r.winners.length === 1).length;
    return {
      roundtrip: { ...rounded(Histogram.from(rt.hist).summary(), 2), acks: rt.codes, watching },
      profile,
      race: {
        clients: sockets,
        distinctUsers: racers.length,
        cases: race.results.length,
        casesWithExactlyOneWinner: oneWinner,
        verifiedThroughApi: race.results.length - failedCases,
        allVerified: failedCases === 0 && race.results.length === raceCases,
        problems: bad,
        acks: codes,
        settleMs: rounded(Histogram.from(race.settle).summary()),
      },
    };
  } finally {
    await claimer.call('close', {}, 30_000).catch(() => {});
    child.kill('SIGTERM');
  }
}
