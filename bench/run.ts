// `npm run bench [-- --smoke] [-- --profile] [-- --client-dir dist/client]`: starts its
// own redis-server and the real server as separate processes, drives them from forked
// load generators, and writes bench/results/latest.{json,md} (and <mode>.{json,md}).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PARAMS, type Mode } from './config.ts';
import { startBaseline } from './lib/baseline-proc.ts';
import { prepareClient } from './lib/client-build.ts';
import { WorkerHandle } from './lib/ipc.ts';
import { machineMeter } from './lib/machine-load.ts';
import { sleep } from './lib/clock.ts';
import { runPhase } from './lib/phase-runner.ts';
import { cleanupAll, forkTracked, installExitHandlers, interrupted, onCleanup } from './lib/procs.ts';
import { startBenchRedis } from './lib/redis-proc.ts';
import { startBenchServer } from './lib/server-proc.ts';
import { createUsers, institutions } from './lib/users.ts';
import { bigBoard } from './phases/big-board.ts';
import { measureBundle } from './phases/bundle.ts';
import { claims } from './phases/claims.ts';
import { connectAcross, disconnectAcross } from './phases/clients.ts';
import { caseList } from './phases/case-list.ts';
import { connections } from './phases/connections.ts';
import type { Ctx } from './phases/context.ts';
import { eventSize } from './phases/event-size.ts';
import { latency } from './phases/latency.ts';
import { startStoreStack, type StoreStack } from './phases/store-stack.ts';
import { baselineTarget, productTarget } from './phases/targets.ts';
import { sustained, teamClients } from './phases/throughput.ts';
import { warmUp } from './phases/warm-up.ts';
import { attachEvidence } from './report/evidence.ts';
import { finishReport, renderMarkdown } from './report/markdown.ts';
import type { BenchResults } from './report/results.ts';

const PHASES = ['big-board', 'connections', 'latency', 'throughput', 'claims', 'event-size', 'case-list'] as const;
const { values: flags } = parseArgs({
  options: {
    smoke: { type: 'boolean' },
    profile: { type: 'boolean' },
    'client-dir': { type: 'string' },
    only: { type: 'string' },
    'real-clients': { type: 'boolean' },
  },
});
const only = new Set(flags.only ? flags.only.split(',') : PHASES);
for (const name of only) if (!(PHASES as readonly string[]).includes(name)) throw new Error(`--only takes ${PHASES.join(',')}; got ${name}`);
const mode: Mode = flags.smoke ? 'smoke' : 'full';
const params = PARAMS[mode];
const resultsDir = path.join(import.meta.dirname, 'results');
const started = Date.now();
const log = (msg: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}`);

installExitHandlers();
const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-'));
// Registered first, so it runs last: after the server and Redis have stopped writing there.
onCleanup('temp dir', () => rmSync(tmpDir, { recursive: true, force: true }));

function sourceState(): { commit: string; changedFiles: number } {
  const git = (args: string[]) => execFileSync('git', args, { cwd: path.join(import.meta.dirname, '..'), encoding: 'utf8' }).trim();
  try {
    // The product changes under the bench: the commit and the uncommitted files say what was measured.
    return { commit: git(['rev-parse', '--short', 'HEAD']), changedFiles: git(['status', '--porcelain', '--', '.', ':!bench']).split('\n').filter(Boolean).length };
  } catch {
    return { commit: 'unknown', changedFiles: 0 };
  }
}

const phaseNotes: string[] = [];
const results: BenchResults = {
  mode,
  command: ['npm run bench --', ...process.argv.slice(2)].join(' ').replace(/ --$/, ''),
  startedAt: new Date(started).toISOString(),
  durationS: null,
  machine: { cores: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), cpu: os.cpus()[0]?.model.trim() ?? '?', node: process.version },
  source: sourceState(),
  params,
  targets: [],
  errors: {},
  phases: {},
  phaseNotes: [],
  notes: [],
};

let runMachine: (() => { othersPct: number }) | null = null;

function writeResults(): string {
  if (runMachine) results.machine.othersPctDuringRun = runMachine().othersPct;
  results.durationS = Math.round((Date.now() - started) / 1000);
  results.phaseNotes = phaseNotes;
  attachEvidence(results, resultsDir);
  finishReport(results);
  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify(results, null, 2) + '\n';
  const md = renderMarkdown(results) + '\n';
  // A partial (--only) or profiled (--profile: slower) run must not replace the results the README points at.
  const names = flags.only ? ['partial'] : flags.profile ? [`${mode}-profile`] : ['latest', mode];
  for (const name of names) {
    writeFileSync(path.join(resultsDir, `${name}.json`), json);
    writeFileSync(path.join(resultsDir, `${name}.md`), md);
  }
  return md;
}

// The last resort, past every phase's own budget: results so far are written, everything is stopped.
const runDeadline = started + params.watchdogMs - 15_000;
const watchdog = setTimeout(() => {
  results.errors.watchdog = `the run passed its ${params.watchdogMs / 60_000} min limit and was stopped; results so far are kept`;
  console.log(writeResults());
  void cleanupAll().finally(() => process.exit(2));
}, params.watchdogMs);

let ctx: Ctx | null = null;

/**
 * Runs one phase inside its budget (config.ts `budgets`): a failure or an overrun is written
 * into the report, the boards and feeds it left connected are closed, and the run goes on.
 */
async function phase<T>(name: string, budget: keyof typeof params.budgets, run: (phaseCtx: Ctx) => Promise<T>): Promise<T | undefined> {
  const budgetMs = params.budgets[budget];
  const outcome = await runPhase(name, { budgetMs, recover: () => (ctx ? disconnectAcross(ctx.clients) : Promise.resolve()) }, (deadline) =>
    run({ ...ctx!, deadline: Math.min(deadline, runDeadline) }),
  );
  if (outcome.error !== undefined) {
    results.errors[name] = outcome.error;
    log(`${name} failed: ${outcome.error.split('\n')[0]}`);
  }
  results.phases[name] = { seconds: Math.round(outcome.ms / 100) / 10, budgetSeconds: budgetMs / 1000 };
  return outcome.result;
}

async function main(): Promise<number> {
  log(`mode ${mode}; temp dir ${tmpDir}`);
  const quiet = machineMeter();
  await sleep(2_000);
  results.machine.othersPctBefore = quiet().othersPct;
  runMachine = machineMeter();
  log(`other processes used ${results.machine.othersPctBefore} % of a core before the start`);
  const client = await prepareClient({ reuse: flags['client-dir'] ?? null, tmpDir });
  log(client.built ? `client built in ${client.ms} ms` : `client from ${client.dir}`);
  results.bundle = measureBundle(client.dir);

  const redis = await startBenchRedis(tmpDir);
  const lifetime = params.watchdogMs + 60_000;
  const server = await startBenchServer({ redisUrl: redis.url, clientDir: client.dir, tmpDir, maxLifetimeMs: lifetime });
  log(`redis-server pid ${redis.pid} at ${redis.url}; server pid ${server.pid} at ${server.baseUrl}`);

  const memberCount = params.claims.users;
  const users = await createUsers(redis.url, server.baseUrl, [
    { username: 'bench-intake', role: 'member', name: 'Bench Intake' },
    { username: 'bench-wall', role: 'viewer', name: 'Bench Wall Screen' },
    ...Array.from({ length: memberCount }, (_, i) => ({ username: `bench-m${String(i + 1).padStart(2, '0')}`, role: 'member' as const })),
  ]);
  log(`${users.length} users created and logged in`);

  const workerEnv = { ...process.env, BENCH_MAX_LIFETIME_MS: String(lifetime) };
  const clients = await Promise.all(
    Array.from({ length: params.clientWorkers }, (_, i) =>
      WorkerHandle.started(`clients${i + 1}`, forkTracked(path.join(import.meta.dirname, 'load/client-worker.ts'), [], { env: workerEnv })),
    ),
  );
  const intake = await WorkerHandle.started('intake', forkTracked(path.join(import.meta.dirname, 'load/intake-worker.ts'), [], { env: workerEnv }));

  let profileDir: string | null = null;
  if (flags.profile) {
    profileDir = path.join(resultsDir, 'profiles');
    mkdirSync(profileDir, { recursive: true });
  }
  ctx = {
    params,
    tmpDir,
    clientDir: client.dir,
    redis,
    server,
    users: { intake: users[0], wall: users[1], members: users.slice(2) },
    clients,
    intake,
    institutions: institutions(),
    profileDir,
    realClients: flags['real-clients'] ?? false,
    deadline: runDeadline,
    notes: phaseNotes,
    log,
  };

  // The big board is seeded first so that it holds exactly its N open cases; the seeding
  // warms the server up for it, and the warm-up below does so for everything after.
  if (only.has('big-board')) results.bigBoard = await phase('big board', 'bigBoard', (c) => bigBoard(c));
  if (['connections', 'latency', 'throughput', 'claims'].some((p) => only.has(p))) await phase('warm-up', 'warmUp', (c) => warmUp(c, mode === 'full' ? 8_000 : 2_000));
  if (only.has('connections')) results.connections = await phase('connections', 'connections', (c) => connections(c));
  // The latency phase keeps the first step's boards; the rest are let go.
  const keep = params.latency.boards;
  await disconnectAcross(clients, 'board', Math.max(0, (results.connections?.connected ?? 0) - keep)).catch(() => {});
  if (only.has('latency') && (results.connections?.connected ?? 0) < keep) {
    await phase('latency boards', 'latencyBoards', async (c) => {
      await connectAcross(clients, 'board', server.baseUrl, c.users.members.map((u) => u.cookie), keep - (results.connections?.connected ?? 0), {
        realClient: c.realClients,
      });
    });
  }

  const baseline = await startBaseline(lifetime);
  if (only.has('latency')) results.latency = await phase('latency', 'latency', (c) => latency(c, baseline));
  await disconnectAcross(clients).catch(() => {});

  // Ours first, then the claims with the team still connected (claims are made while boards
  // watch), then the baseline's ladder, which gets the time that is left.
  if (only.has('throughput')) {
    results.throughput = {};
    results.throughput.product = await phase('throughput', 'throughput', async (c) => {
      await teamClients(c, 'product', server.baseUrl);
      return sustained(c, productTarget(c), params.throughput.ladder, params.throughput.reserveMs);
    });
  }
  if (only.has('claims')) {
    results.claims = await phase('claims', 'claims', async (c) => {
      // Run alone (--only claims), the claims still have the team set watching, as in a full run.
      if (!only.has('throughput')) await teamClients(c, 'product', server.baseUrl);
      return claims(c);
    });
  }
  await disconnectAcross(clients).catch(() => {});
  if (only.has('throughput')) {
    results.throughput!.baseline = await phase('throughput (baseline)', 'baselineThroughput', async (c) => {
      await teamClients(c, 'baseline', baseline.baseUrl);
      try {
        return await sustained(c, baselineTarget(baseline), params.throughput.baselineLadder, 5_000);
      } finally {
        await disconnectAcross(clients);
      }
    });
  }
  await baseline.stop();

  // The stored-size phases last, on a redis-server and server of their own: the live stack is
  // stopped first, so neither its leftovers nor the seeding of 20,000 cases touch the other numbers.
  if (only.has('event-size') || only.has('case-list')) {
    await server.stop().catch(() => {});
    await redis.stop().catch(() => {});
    let store = null as Promise<StoreStack> | null;
    // Started inside the first of the two phases that runs, within its budget.
    const storeStack = (c: Ctx) => (store ??= startStoreStack(c, lifetime));
    try {
      // The case list first: the note phase's case of 151 notes would otherwise be one of its open cases.
      if (only.has('case-list')) results.caseList = await phase('case list', 'caseList', async (c) => caseList(c, await storeStack(c)));
      if (only.has('event-size')) results.eventSize = await phase('event size', 'eventSize', async (c) => eventSize(c, await storeStack(c)));
    } finally {
      await store?.then(
        async (s) => {
          if (results.errors['event size'] || results.errors['case list']) phaseNotes.push(`stored-size server log tail: ${s.server.logTail(10).replace(/\n/g, ' ⏎ ')}`);
          await s.stop();
        },
        () => {},
      );
    }
  }
  if (Object.keys(results.errors).length) phaseNotes.push(`server log tail: ${server.logTail(10).replace(/\n/g, ' ⏎ ')}`);
  return Object.keys(results.errors).length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  results.errors.setup = (err as Error).stack ?? String(err);
  console.error(err);
} finally {
  clearTimeout(watchdog);
  if (interrupted()) {
    // The signal handler is already stopping everything; an abandoned run must not replace the results.
    await cleanupAll();
    process.exit(130);
  }
  const md = writeResults();
  log('stopping everything the bench started');
  await cleanupAll();
  console.log('\n' + md);
  const name = flags.only ? 'partial' : flags.profile ? `${mode}-profile` : 'latest';
  console.log(`Results: ${path.relative(process.cwd(), path.join(resultsDir, `${name}.md`))} and .json`);
}
process.exit(code);
