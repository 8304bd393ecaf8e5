// How fast the demo's stream runs and when its simulated colleague steps in, so "Nye" stays
// a board a newcomer can read (under about 15 cases) instead of a flood.

export const DEMO_PACE = {
  /** Above this many new cases the colleague takes the oldest one on each tick. */
  calmNew: 8,
  /** At this many new cases the stream holds back until the team has caught up. */
  fullNew: 12,
  /** How often the colleague looks at the board. */
  tickMs: 4_000,
} as const;

/** Delay before the next demo case: 2–8 s, twice that once "Nye" is busy, a pause while it is full. `random` is in [0, 1). */
export function submitDelayMs(newCount: number, random: number): number {
  if (newCount >= DEMO_PACE.fullNew) return 10_000 + random * 10_000;
  const usual = 2_000 + random * 6_000;
  return newCount >= DEMO_PACE.calmNew ? usual * 2 : usual;
}

/** Whether the colleague takes the oldest new case on this tick. */
export function colleagueTakes(newCount: number): boolean {
  return newCount > DEMO_PACE.calmNew;
}
