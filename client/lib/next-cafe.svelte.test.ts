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
});
