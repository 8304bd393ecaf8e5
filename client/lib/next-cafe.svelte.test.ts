import { afterEach, describe, expect, test } from 'vitest';
import type { NextCafe } from '../../shared/next-cafe-schemas.ts';
import { NextCafeState } from './next-cafe.svelte.ts';

const cafe = (place: string, startIn: number, endIn: number): NextCafe => ({
  start: new Date(Date.now() + startIn).toISOString(),
  end: new Date(Date.now() + endIn).toISOString(),
  place,
  note: null,
  languages: [],
  institutions: [],
});

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let state: NextCafeState | null = null;
afterEach(() => state?.stop());

describe('the next help café on a page', () => {
  test('rolls over to the following café when the shown one ends, by a timer to its end', async () => {
    const list = [cafe('Første', -1_000, 300), cafe('Anden', 5_000, 9_000)];
    let asked = 0;
    state = new NextCafeState(async () => (asked++, list));
    state.start();
    await until(() => state!.shown !== null);
    expect(state.shown?.place).toBe('Første');
    expect(state.underWay).toBe(true);
    await until(() => state!.shown?.place === 'Anden');
    expect(state.underWay).toBe(false);
    // Two cafés, fewer than the limit: nothing more to ask for.
    expect(asked).toBe(1);
  });

  test('asks again when a full list has run out, and not before it is started', async () => {
    const answers = [
      [cafe('A', -1_000, 100), cafe('B', -1_000, 150), cafe('C', -1_000, 200)],
      [cafe('D', 60_000, 120_000)],
    ];
    let asked = 0;
    state = new NextCafeState(async () => answers[Math.min(asked++, 1)]);
    await state.load();
    expect(asked).toBe(0);
    state.start();
    await until(() => state!.shown?.place === 'D');
    expect(asked).toBe(2);
  });

  test('a full list that has already ended is asked for again only after a pause, not in a loop', async () => {
    // The browser's clock runs ahead of the server's: the server still sends cafés ended here.
    const pause = 400;
    const times: number[] = [];
    state = new NextCafeState(async () => {
      times.push(Date.now());
      return [cafe('A', -9_000, -3_000), cafe('B', -9_000, -2_000), cafe('C', -9_000, -1_000)];
    }, { pause });
    state.start();
    await until(() => times.length >= 3);
    state.stop();
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(pause - 5);
    expect(state.shown).toBeNull();
  });

  test('a failed read is tried again, waiting longer after each failure in a row', async () => {
    const times: number[] = [];
    state = new NextCafeState(async () => {
      times.push(Date.now());
      if (times.length <= 3) throw new Error('offline');
      return [cafe('Efter', 60_000, 120_000)];
    }, { retry: 100 });
    state.start();
    await until(() => state!.shown?.place === 'Efter');
    expect(times).toHaveLength(4);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(95);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(195);
    expect(times[3] - times[2]).toBeGreaterThanOrEqual(395);
  });
});
