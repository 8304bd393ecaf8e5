// The rollout week from the config (its end day included), or, if the config's dates cannot be
// read, the last seven days. Exports cover it when the query names no range; the statistics
// cover it when a case arrived in it (shared/default-range.ts).
import { rolloutRange, type TimeRange } from '../../shared/time-range.ts';
import type { RolloutConfig } from '../config.ts';

export function rolloutOrLastWeek(rollout: RolloutConfig, now = Date.now()): TimeRange {
  return rolloutRange(rollout.rollout) ?? { from: now - 7 * 24 * 3_600_000, to: now };
}
