// `node --import tsx bench/intake-drain.ts [--cases 2000] [--rate 0] [--workers 1] [--root DIR]`:
// the intake worker process (server/worker-main.ts, of this tree or of the checkout in --root,
// to compare two versions back to back) alone, on its own redis-server. With --rate 0 the cases
// are stored and their jobs queued while the queue is paused, and the drain is timed from its
// resume; with a rate, cases are created at that rate from this process while the workers run.
// Prints the drain rate, the workers' and Redis's CPU and Redis's commands per job.
// --env KEY=VALUE (again for more) sets the workers' environment; WORKER_PROF=<dir> writes their CPU profiles there.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { IntakeQueue } from '../server/queues/queues.ts';
import { connectRedis } from '../server/redis/connect.ts';
import { startLocalRedis } from '../server/redis/local-redis.ts';
import { CaseService } from '../server/services/case-service.ts';
import { SettingsHolder } from '../server/settings/settings-holder.ts';
import { CaseStore } from '../server/store/case-store.ts';
import { caseBody } from './load/case-text.ts';

const { values } = parseArgs({ options: { cases: { type: 'string' }, rate: { type: 'string' }, workers: { type: 'string' }, env: { type: 'string', multiple: true }, root: { type: 'string' } } });
const N = Number(values.cases ?? 2000);
const rate = Number(values.rate ?? 0);
const workerCount = Number(values.workers ?? 1);
const extraEnv = Object.fromEntries((values.env ?? []).map((kv) => kv.split('=') as [string, string]));

/** CPU seconds a process has used (user + system, from /proc at 100 ticks a second). */
function cpuOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'intake-drain-'));
const local = await startLocalRedis({ dataDir: path.join(tmp, 'redis'), reuse: false });
const redis = await connectRedis({ url: local.url });
const config = loadConfig({ REDIS_URL: local.url });
const store = new CaseStore(redis);
const settings = new SettingsHolder(config.rollout);
const intake = new IntakeQueue(local.url);
const service = new CaseService({ store, settings, onCreated: (c) => intake.add(c) });
const institutions = [...settings.current.institutions.keys()];
const actor = { id: 'u1', username: 'bench', name: 'Bench', role: 'member' as const };

const redisInfo = async () => {
  const cpu = await redis.info('cpu');
  const stats = await redis.info('commandstats');
  const used = /used_cpu_sys:([\d.]+)[\s\S]*used_cpu_user:([\d.]+)/.exec(cpu)!;
  const cmds = new Map<string, { calls: number; usec: number }>();
  for (const m of stats.matchAll(/cmdstat_([^:]+):calls=(\d+),usec=(\d+)/g)) cmds.set(m[1], { calls: Number(m[2]), usec: Number(m[3]) });
  return { cpu: Number(used[1]) + Number(used[2]), cmds };
};

const depth = async () => {
  const q = intake.queue;
  const c = await q.getJobCounts('wait', 'active', 'delayed', 'prioritized');
  return Object.values(c).reduce((a, b) => a + b, 0);
};

const create = (seq: number) => service.create(caseBody(seq, Date.now(), institutions), actor);

function startWorker(): Promise<ChildProcess> {
  const child = fork(path.join(values.root ?? path.join(import.meta.dirname, '..'), 'server/worker-main.ts'), [], {
    execArgv: ['--import', 'tsx', ...(process.env.WORKER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WORKER_PROF}`] : [])],
    env: { ...process.env, REDIS_URL: local.url, LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type?: string }) => m?.type === 'warroom:ready' && resolve(child));
    child.on('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

try {
  // Paused while the cases are stored and the workers start: the drain is timed from the resume.
  await intake.queue.pause();
  if (rate === 0) {
    for (let i = 0; i < N; i += 50) await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, j) => create(i + j)));
  }
  const workers = await Promise.all(Array.from({ length: workerCount }, startWorker));
  const before = await redisInfo();
  const cpu0 = workers.map((w) => cpuOf(w.pid!));
  const t0 = performance.now();
  await intake.queue.resume();
  let created = 0;
  if (rate > 0) {
    const total = N;
    const pending: Promise<unknown>[] = [];
    while (created < total) {
      const due = Math.floor(((performance.now() - t0) / 1000) * rate);
      while (created < Math.min(due, total)) pending.push(create(created++));
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(pending);
  }
  const sendS = (performance.now() - t0) / 1000;
  let maxDepth = 0;
  for (;;) {
    const d = await depth();
    maxDepth = Math.max(maxDepth, d);
    if (d === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const s = (performance.now() - t0) / 1000;
  const after = await redisInfo();
  const workerCpu = workers.map((w, i) => cpuOf(w.pid!) - cpu0[i]);
  const enriched = (await store.loadMany(Array.from({ length: N }, (_, i) => String(i + 1)))).filter((c) => c.enrichedAt !== null).length;
  const top = [...after.cmds]
    .map(([k, v]) => ({ cmd: k, calls: v.calls - (before.cmds.get(k)?.calls ?? 0), usec: v.usec - (before.cmds.get(k)?.usec ?? 0) }))
    .filter((r) => r.calls > 0)
    .sort((a, b) => b.usec - a.usec)
    .slice(0, 8);
  console.log(
    JSON.stringify({
      cases: N,
      rate,
      workers: workerCount,
      env: extraEnv,
      root: values.root ?? 'this tree',
      sendS: Math.round(sendS * 100) / 100,
      drainS: Math.round(s * 100) / 100,
      perSec: Math.round(N / s),
      enriched,
      workerCpuPctOfCore: workerCpu.map((c) => Math.round((c / s) * 100)),
      redisCpuPct: Math.round(((after.cpu - before.cpu) / s) * 100),
      perJob: top.map((r) => `${r.cmd} ${(r.calls / N).toFixed(2)} calls ${Math.round(r.usec / N)} us`),
      load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    }),
  );
  for (const w of workers) {
    w.kill('SIGTERM');
    await new Promise((r) => w.once('exit', r));
  }
} finally {
  await intake.close();
  await redis.close();
  await local.stop();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(0);
