// The demo's stream and its simulated colleague, played out over a morning in virtual time:
// "Nye" must stay a board a newcomer can read.
import { describe, expect, it } from 'vitest';
import { DEMO_PACE, colleagueTakes, submitDelayMs } from '../server/demo/demo-pace.ts';

/** A small seeded random, so the run is the same each time. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** As server/demo/demo.ts plays it: a case after each delay, 40 % taken 8–28 s later, the colleague's tick. */
function playMinutes(minutes: number, seed: number, paced: boolean): number {
  const random = seeded(seed);
  const end = minutes * 60_000;
  let fresh = 0;
  let most = 0;
  const claims: number[] = [];
  let nextSubmit = 500;
  let nextTick = DEMO_PACE.tickMs;
  for (let now = 0; now <= end; now += 100) {
    while (claims.length && claims[0] <= now) {
      claims.shift();
      if (fresh > 0) fresh--;
    }
    if (now >= nextSubmit) {
      const waiting = fresh;
      nextSubmit = now + (paced ? submitDelayMs(waiting, random()) : 2_000 + random() * 6_000);
      if (!paced || waiting < DEMO_PACE.fullNew) {
        fresh++;
        if (random() < 0.4) {
          claims.push(now + 8_000 + random() * 20_000);
          claims.sort((a, b) => a - b);
        }
      }
    }
    if (paced && now >= nextTick) {
      nextTick = now + DEMO_PACE.tickMs;
      if (colleagueTakes(fresh)) fresh--;
    }
    most = Math.max(most, fresh);
  }
  return most;
}

describe('npm run demo: the simulated team keeps up with the stream', () => {
  it('"Nye" stays under 15 cases through a morning, whatever the dice', () => {
    for (const seed of [1, 2, 3, 42, 2026]) expect(playMinutes(120, seed, true)).toBeLessThan(15);
  });

  it('without the pacing the same stream floods the board (the check can fail)', () => {
    expect(playMinutes(13, 1, false)).toBeGreaterThan(30);
  });

  it('the stream runs at its usual pace while the board is calm, and holds back while it is full', () => {
    expect(submitDelayMs(0, 0)).toBe(2_000);
    expect(submitDelayMs(DEMO_PACE.calmNew, 0.5)).toBe(10_000);
    expect(submitDelayMs(DEMO_PACE.fullNew, 0)).toBeGreaterThanOrEqual(10_000);
    expect(colleagueTakes(DEMO_PACE.calmNew)).toBe(false);
    expect(colleagueTakes(DEMO_PACE.calmNew + 1)).toBe(true);
  });
});
