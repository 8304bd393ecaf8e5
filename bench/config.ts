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
  budgets: Record<'bigBoard' | 'warmUp' | 'connections' | 'latencyBoards' | 'latency' | 'throughput' | 'claims' | 'baselineThroughput' | 'eventSize' | 'caseList', number>;
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
  /** One case given `priorNotes` notes of `noteChars` characters, then one more: the size of that last stored event. */
  eventSize: { priorNotes: number; noteChars: number };
  /**
   * A store of `total` cases, `open` of them open and `recentResolved` resolved in the last 24 h
   * (the rest longer ago), shaped like `templates` cases taken in through the real intake;
   * GET /api/cases is then timed `repeats` times.
   */
  caseList: { total: number; open: number; recentResolved: number; templates: number; repeats: number };
  drainMs: number;
}

export const PARAMS: Record<Mode, Params> = {
  full: {
    mode: 'full',
    clientWorkers: 2,
    watchdogMs: 15 * 60_000,
    budgets: {
      bigBoard: 120_000,
      warmUp: 30_000,
      connections: 120_000,
      latencyBoards: 30_000,
      latency: 60_000,
      throughput: 150_000,
      claims: 75_000,
      baselineThroughput: 100_000,
      eventSize: 30_000,
      caseList: 60_000,
    },
    bigBoard: { cases: 5_000, casesPerSec: 25, stormMs: 10_000, catchUpMs: 20_000, snapshotRepeats: 5 },
    connections: { steps: [1_000, 5_000] },
    latency: { boards: 1_000, feeds: 20, rate: 50, durationMs: 10_000 },
    throughput: {
      boards: 20,
      feeds: 2,
      // Up to twice the target: where the product stands against it, not how far past it.
      ladder: [25, 50, 100, 250, 500, 750, 1_000],
      // The baseline passes every rate below 250/s; its limit on this machine lies near 1,000/s
      // (one 30-s hold there failed, one held), so the steps are closer there and the hold falls
      // back to 750/s, not 500/s. 2,000/s is past what one intake process sends here.
      baselineLadder: [250, 500, 750, 1_000, 1_500],
      probeMs: 4_000,
      holdMs: 30_000,
      maxHolds: 2,
      reserveMs: 5_000,
    },
    claims: { roundtrips: 500, users: 20, socketsPerUser: 5, raceCases: 1_000, raceConcurrency: 8 },
    eventSize: { priorNotes: 150, noteChars: 1_000 },
    caseList: { total: 20_000, open: 500, recentResolved: 100, templates: 10, repeats: 5 },
    drainMs: 5_000,
  },
  smoke: {
    mode: 'smoke',
    clientWorkers: 2,
    watchdogMs: 6 * 60_000,
    budgets: {
      bigBoard: 45_000,
      warmUp: 10_000,
      connections: 30_000,
      latencyBoards: 15_000,
      latency: 20_000,
      throughput: 40_000,
      claims: 25_000,
      baselineThroughput: 25_000,
      eventSize: 20_000,
      caseList: 30_000,
    },
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
    // The note phase is cheap at full size, so smoke runs it as it is.
    eventSize: { priorNotes: 150, noteChars: 1_000 },
    caseList: { total: 4_000, open: 100, recentResolved: 20, templates: 5, repeats: 3 },
    drainMs: 3_000,
  },
};

/**
 * The targets of the two open issues (the live core at national go-live volume, the board at
 * rollout-week volume) and the bundle line kept from before; `better` says which side of the
 * limit passes.
 */
export const TARGETS = {
  connectPerSec: { limit: 500, better: 'higher', text: '5,000 idle boards connect at ≥ 500/s' },
  heapPerBoardKB: { limit: 20, better: 'lower', text: '≤ 20 KB heap per idle board (5,000 boards)' },
  sustainedCasesPerSec: { limit: 500, better: 'higher', text: '≥ 500 cases/s sustained for 30 s with p99 < 100 ms, 20 boards + 2 feeds (ladder up to 1,000/s)' },
  deliveriesVsBaseline: { limit: 0.5, better: 'higher', text: 'deliveries/s ≥ 50 % of the bare baseline’s in the same run' },
  latencyP99VsBaseline: { limit: 2, better: 'lower', text: '1,000 boards at 50 cases/s: p99 and its ratio to the baseline’s p99 (aim ≤ 2×)' },
  claimP99Ms: { limit: 5, better: 'lower', text: 'claim round trip p99 ≤ 5 ms' },
  raceOneWinner: { limit: 1, better: 'higher', text: 'claim race: exactly one winner on every case (correctness check)' },
  eventBytesKB: { limit: 4, better: 'lower', text: 'stored bytes of the event for a note on a case with 150 notes ≤ 4 KB' },
  caseListMs: { limit: 150, better: 'lower', text: 'GET /api/cases, team member, 20,000 cases of which 500 open: ≤ 150 ms' },
  caseListKB: { limit: 1_024, better: 'lower', text: 'GET /api/cases, team member, 20,000 cases of which 500 open: ≤ 1 MB' },
  bigBoardAfterSnapshotMs: { limit: 1_000, better: 'lower', text: '5,000 open cases: interactive ≤ 1 s after the snapshot arrives' },
  bigBoardInteractiveMs: { limit: 1_500, better: 'lower', text: '5,000 open cases: interactive ≤ 1.5 s from navigation' },
  bigBoardEventToCountMs: { limit: 250, better: 'lower', text: '50 events/s for 10 s: a new case counted ≤ 250 ms p99 after its event reaches the browser' },
  bigBoardInputDelayMs: { limit: 50, better: 'lower', text: '50 events/s for 10 s: worst input delay ≤ 50 ms' },
  bigBoardLongTaskMs: { limit: 100, better: 'lower', text: '50 events/s for 10 s: no long task over 100 ms' },
  bundleGzipKB: { limit: 150, better: 'lower', text: 'client ≤ 150 KB gzipped' },
} as const;
export type TargetKey = keyof typeof TARGETS;
