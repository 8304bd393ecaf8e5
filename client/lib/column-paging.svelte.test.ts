import { describe, expect, test } from 'vitest';
import { ColumnPaging, type OlderPage } from './column-paging.svelte.ts';

const items = (n: number, from = 0) => [...Array(n).keys()].map((i) => ({ id: String(from + i) }));

describe('ColumnPaging', () => {
  test('shows the first page, and everything once asked', async () => {
    const paging = new ColumnPaging(20);
    expect(paging.visible(items(26))).toHaveLength(20);
    expect(paging.hidden(items(26))).toBe(6);
    expect(paging.visible(items(5))).toHaveLength(5);
    expect(paging.hasOlder).toBe(false);
    await paging.showAll();
    expect(paging.visible(items(26))).toHaveLength(26);
    expect(paging.hidden(items(26))).toBe(0);
    paging.showFewer();
    expect(paging.visible(items(26))).toHaveLength(20);
  });

  test('pages the history from a source: from the start, then from each cursor, until there is no more', async () => {
    const asked: Array<[string | null, number]> = [];
    const pages: Record<string, OlderPage<{ id: string }>> = {
      start: { items: items(20, 100), next: 'c1' },
      c1: { items: [...items(1, 119), ...items(5, 120)], next: null },
    };
    const paging = new ColumnPaging(20, {
      load: async (cursor, limit) => {
        asked.push([cursor, limit]);
        return pages[cursor ?? 'start'];
      },
    });
    expect(paging.hasOlder).toBe(true);
    await paging.showAll();
    expect(paging.older.map((c) => c.id)).toEqual(items(20, 100).map((c) => c.id));
    await paging.showMore();
    // A case on both pages is shown once.
    expect(paging.older).toHaveLength(25);
    expect(paging.hasOlder).toBe(false);
    await paging.showMore();
    expect(asked).toEqual([
      [null, 20],
      ['c1', 20],
    ]);
    expect(paging.loading).toBe(false);
    paging.showFewer();
    expect(paging.older).toEqual([]);
    expect(paging.hasOlder).toBe(true);
  });

  test('a page that fails says so and can be asked again; a page after "show fewer" is dropped', async () => {
    let fail = true;
    let release: () => void = () => {};
    const paging = new ColumnPaging(2, {
      load: async () => {
        if (fail) throw new Error('down');
        await new Promise<void>((r) => (release = r));
        return { items: items(2), next: null };
      },
    });
    await paging.showAll();
    expect(paging.failed).toBe(true);
    expect(paging.loading).toBe(false);
    fail = false;
    const late = paging.showMore();
    expect(paging.loading).toBe(true);
    paging.showFewer();
    release();
    await late;
    expect(paging.older).toEqual([]);
    expect(paging.loading).toBe(false);
  });
});
