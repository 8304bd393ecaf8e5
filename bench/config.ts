// The two bench sizes. Full runs the numbers wherever this 2-core machine can hold
// them inside the phases' budgets; smoke is the same path, small, for CI and quick checks.
export type Mode = 'smoke' | 'full';

export interface Params {
  mode: Mode;
  /** Client worker processes holding the boards and feeds. */
  clientWorkers: number;
  /**
   * Hard stop for the whole run, past the sum of the phases' budgets and the set-up: results so
   * far are written, everything is cleaned up. It is only reached if the set-up itself hangs.
   */
  watchdogMs: number;
  /** Each phase's own time limit: one that overruns is cut off and reported, and the run goes on. */
  budgets: Record<'bigBoard' | 'warmUp' | 'connections' | 'latencyBoards' | 'latency' | 'throughput' | 'claims' | 'baselineThroughput', number>;
  bigBoard: { cases: number; casesPerSec: number; stormMs: number; catchUpMs: number; snapshotRepeats: number };
  connections: { steps: number[] };
  latency: { boards: number; feeds: number; rate: number; durationMs: number };
  throughput: {
    boards: number;
    feeds: number;
    ladder: number[];
    baselineLadder: number[];
    probeMs: number;
    holdMs: number;
    maxHolds: number;
    /** Time kept free at the end of the phase's budget (settling, reading the stats): the ladder stops early to leave it. */
    reserveMs: number;
  };
  claims: { roundtrips: number; users: number; socketsPerUser: number; raceCases: number; raceConcurrency: number };
  drainMs: number;
}

export const PARAMS: Record<Mode, Params> = {
  full: {
    mode: 'full',
    clientWorkers: 2,
    watchdogMs: 13 * 60_000,
    budgets: { bigBoard: 120_000, warmUp: 30_000, connections: 120_000, latencyBoards: 30_000, latency: 60_000, throughput: 150_000, claims: 75_000, baselineThroughput: 100_000 },
    bigBoard: { cases: 5_000, casesPerSec: 25, stormMs: 10_000, catchUpMs: 20_000, snapshotRepeats: 5 },
    connections: { steps: [1_000, 5_000] },
    latency: { boards: 1_000, feeds: 20, rate: 50, durationMs: 10_000 },
    throughput: {
      boards: 20,
      feeds: 2,
      ladder: [25, 50, 100, 250, 500, 750, 1_000, 1_500, 2_000],
      baselineLadder: [50, 100, 250, 500, 1_000, 2_000, 3_000],
      probeMs: 4_000,
      holdMs: 30_000,
      maxHolds: 2,
      reserveMs: 5_000,
    },
    claims: { roundtrips: 500, users: 20, socketsPerUser: 5, raceCases: 1_000, raceConcurrency: 8 },
    drainMs: 5_000,
  },
  smoke: {
    mode: 'smoke',
    clientWorkers: 2,
    watchdogMs: 4 * 60_000,
    budgets: { bigBoard: 45_000, warmUp: 10_000, connections: 30_000, latencyBoards: 15_000, latency: 20_000, throughput: 40_000, claims: 25_000, baselineThroughput: 25_000 },
    bigBoard: { cases: 1_000, casesPerSec: 25, stormMs: 3_000, catchUpMs: 10_000, snapshotRepeats: 3 },
    connections: { steps: [500, 1_000] },
    latency: { boards: 100, feeds: 5, rate: 50, durationMs: 4_000 },
    throughput: {
      boards: 10,
      feeds: 1,
      ladder: [50, 200, 1_000],
      baselineLadder: [200, 1_000],
      probeMs: 2_000,
      holdMs: 4_000,
      maxHolds: 1,
      reserveMs: 3_000,
    },
    claims: { roundtrips: 200, users: 5, socketsPerUser: 4, raceCases: 50, raceConcurrency: 4 },
    drainMs: 3_000,
  },
};

/** The targets; `better` says which side of the limit passes. */
export const TARGETS = {
  latencyP99Ms: { limit: 50, better: 'lower', text: 'p99 ≤ 50 ms with 1,000 boards at 50 cases/s' },
  sustainedCasesPerSec: { limit: 1_000, better: 'higher', text: '≥ 1,000 cases/s sustained end to end (30 s, p99 < 100 ms, no growing backlog)' },
  deliveriesVsBaseline: { limit: 0.5, better: 'higher', text: '≥ 50 % of the baseline’s deliveries/s' },
  heapPerBoardKB: { limit: 20, better: 'lower', text: '≤ 20 KB heap per idle board' },
  claimP99Ms: { limit: 5, better: 'lower', text: 'claim p99 ≤ 5 ms' },
  raceOneWinner: { limit: 1, better: 'higher', text: 'claim race: exactly one winner on every case' },
  bigBoardInteractiveMs: { limit: 1_000, better: 'lower', text: '5,000-case board interactive within 1 s' },
  bigBoardInputDelayMs: { limit: 100, better: 'lower', text: 'board stays responsive under 50 events/s (worst input delay ≤ 100 ms)' },
  bundleGzipKB: { limit: 150, better: 'lower', text: 'client ≤ 150 KB gzipped' },
} as const;
export type TargetKey = keyof typeof TARGETS;
