// The shape of bench/results/latest.json.
import type { Params } from '../config.ts';
import type { bigBoard } from '../phases/big-board.ts';
import type { measureBundle } from '../phases/bundle.ts';
import type { caseList } from '../phases/case-list.ts';
import type { claims } from '../phases/claims.ts';
import type { connections } from '../phases/connections.ts';
import type { eventSize } from '../phases/event-size.ts';
import type { latency } from '../phases/latency.ts';
import type { sustained } from '../phases/throughput.ts';
import type { TargetRow } from './evaluate.ts';

type ProfileSummary = { byArea: { area: string; selfPct: number }[]; topFunctions: { fn: string; where: string; selfPct: number }[] };
type TraceSummary = { mainThreadBusyMs: number; byGroup: { group: string; ms: number; pct: number }[]; top: { name: string; ms: number }[] };

export interface Evidence {
  startedAt: string;
  latency: ProfileSummary | null;
  throughput: ProfileSummary | null;
  claims: ProfileSummary | null;
  bigBoardLoad?: TraceSummary;
  bigBoardStorm?: TraceSummary;
}

export interface BenchResults {
  mode: Params['mode'];
  command: string;
  startedAt: string;
  durationS: number | null;
  machine: { cores: number; memoryGB: number; cpu: string; node: string; othersPctBefore?: number; othersPctDuringRun?: number };
  source?: { commit: string; changedFiles: number };
  params: Params;
  targets: TargetRow[];
  bundle?: ReturnType<typeof measureBundle>;
  bigBoard?: Awaited<ReturnType<typeof bigBoard>>;
  connections?: Awaited<ReturnType<typeof connections>>;
  latency?: Awaited<ReturnType<typeof latency>>;
  throughput?: { product?: Awaited<ReturnType<typeof sustained>>; baseline?: Awaited<ReturnType<typeof sustained>> };
  claims?: Awaited<ReturnType<typeof claims>>;
  eventSize?: Awaited<ReturnType<typeof eventSize>>;
  caseList?: Awaited<ReturnType<typeof caseList>>;
  /** Profiles from the last --profile run of the same mode, cited when this run has none. */
  evidence?: Evidence;
  errors: Record<string, string>;
  /** How long each phase ran against its budget (params.budgets), in seconds. */
  phases: Record<string, { seconds: number; budgetSeconds: number }>;
  /** What the phases noted while running (kept apart so the report can be rendered again). */
  phaseNotes: string[];
  notes: string[];
}
