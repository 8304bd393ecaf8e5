import { describe, expect, test } from 'vitest';
import { ColumnPaging } from './column-paging.svelte.ts';

const items = (n: number) => [...Array(n).keys()];

describe('ColumnPaging', () => {
  test('shows the first page, and everything once asked', async () => {
    const paging = new ColumnPaging<number>(20);
    expect(paging.visible(items(26))).toHaveLength(20);
    expect(paging.hidden(items(26))).toBe(6);
    expect(paging.visible(items(5))).toHaveLength(5);
    await paging.showAll(items(26));
    expect(paging.visible(items(26))).toHaveLength(26);
    expect(paging.hidden(items(26))).toBe(0);
    paging.showFewer();
    expect(paging.visible(items(26))).toHaveLength(20);
  });

  test('asks a plugged-in source for the page before the oldest card held', async () => {
    const asked: Array<[number | undefined, number]> = [];
    const paging = new ColumnPaging<number>(20, { load: async (before, limit) => void asked.push([before, limit]) });
    await paging.showAll(items(26));
    expect(asked).toEqual([[25, 20]]);
    expect(paging.loading).toBe(false);
  });
});
