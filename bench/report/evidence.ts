// A plain run cites the CPU profiles of the last `--profile` run of the same mode, so the
// table the README shows carries its evidence without paying the profiler's overhead.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults, Evidence } from './results.ts';

export function attachEvidence(r: BenchResults, resultsDir: string): void {
  if (r.command.includes('--profile')) return;
  const file = path.join(resultsDir, `${r.mode}-profile.json`);
  if (!existsSync(file)) return;
  const p = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  const evidence: Evidence = {
    startedAt: p.startedAt,
    latency: p.latency?.profile ?? null,
    throughput: p.throughput?.product?.profile ?? null,
    claims: p.claims?.profile ?? null,
    bigBoardLoad: p.bigBoard?.load.profile?.trace,
    bigBoardStorm: p.bigBoard?.storm.profile?.trace,
  };
  r.evidence = evidence;
}
