import { describe, expect, test } from 'vitest';
import { BoardState } from './board.svelte.ts';
import { makeCase, makeEvent, people } from './testing/fixtures.ts';

function setup() {
  const clock = $state({ now: new Date() });
  const board = new BoardState(clock);
  return { board, clock };
}

describe('BoardState', () => {
  test('a snapshot fills the columns and sets the stream position', () => {
    const { board } = setup();
    board.load({
      cases: [makeCase({ id: '1' }), makeCase({ id: '2', status: 'claimed', assignee: people.alice, version: 2 })],
      lastEventId: '10-0',
    });
    expect(board.loaded).toBe(true);
    expect(board.lastEventId).toBe('10-0');
    expect(board.columns.new.map((c) => c.id)).toEqual(['1']);
    expect(board.columns.in_progress.map((c) => c.id)).toEqual(['2']);
    expect(board.unclaimedCount).toBe(1);
  });

  test('events are applied in order and move the card between columns', () => {
    const { board } = setup();
    board.load({ cases: [], lastEventId: null });
    const created = makeCase({ id: '7' });
    expect(board.apply(makeEvent('case.created', created, '11-0'))).toBe('apply');
    expect(board.columns.new.map((c) => c.id)).toEqual(['7']);

    const claimed = { ...created, status: 'claimed' as const, assignee: people.alice, version: 2 };
    expect(board.apply(makeEvent('case.claimed', claimed, '12-0'))).toBe('apply');
    expect(board.columns.new).toEqual([]);
    expect(board.columns.in_progress[0].assignee?.name).toBe('Alice Jensen');
    expect(board.lastEventId).toBe('12-0');
    expect(board.unclaimedCount).toBe(0);
  });

  test('a duplicate is ignored but still moves the stream position past it', () => {
    const { board } = setup();
    const c2 = makeCase({ id: '3', status: 'claimed', assignee: people.alice, version: 2 });
    board.load({ cases: [c2], lastEventId: '5-0' });
    const stale = makeEvent('case.created', makeCase({ id: '3' }), '6-0');
    expect(board.apply(stale)).toBe('duplicate');
    expect(board.get('3')).toEqual(c2);
    expect(board.lastEventId).toBe('6-0');
    // An older id never moves the position back.
    expect(board.apply(makeEvent('case.created', makeCase({ id: '3' }), '4-0'))).toBe('duplicate');
    expect(board.lastEventId).toBe('6-0');
  });

  test('a gap leaves the board and its position untouched', () => {
    const { board } = setup();
    const c1 = makeCase({ id: '4' });
    board.load({ cases: [c1], lastEventId: '9-0' });
    const skipped = makeCase({ id: '4', status: 'resolved', assignee: people.alice, resolution: 'ok', version: 3 });
    expect(board.apply(makeEvent('case.resolved', skipped, '20-0'))).toBe('gap');
    expect(board.get('4')).toEqual(c1);
    expect(board.lastEventId).toBe('9-0');
  });

  test('an unknown case that does not start at version 1 is a gap', () => {
    const { board } = setup();
    board.load({ cases: [], lastEventId: '1-0' });
    expect(board.apply(makeEvent('case.claimed', makeCase({ id: '9', version: 2, status: 'claimed' }), '2-0'))).toBe('gap');
  });

  test('stream ids compare as numbers, not text', () => {
    const { board } = setup();
    board.load({ cases: [], lastEventId: '9-0' });
    board.apply(makeEvent('case.created', makeCase({ id: '1' }), '10-0'));
    expect(board.lastEventId).toBe('10-0');
  });

  test('an acknowledged newer case is taken; its own events then count as duplicates', () => {
    const { board } = setup();
    const c1 = makeCase({ id: '5' });
    board.load({ cases: [c1], lastEventId: '1-0' });
    const resolved = { ...c1, status: 'resolved' as const, assignee: people.alice, resolution: 'done', version: 3 };
    board.merge(resolved);
    expect(board.columns.resolved.map((c) => c.id)).toEqual(['5']);
    board.merge(c1);
    expect(board.get('5')?.version).toBe(3);
    expect(board.apply(makeEvent('case.claimed', { ...c1, status: 'claimed', assignee: people.alice, version: 2 }, '2-0'))).toBe(
      'duplicate',
    );
    expect(board.apply(makeEvent('case.resolved', resolved, '3-0'))).toBe('duplicate');
    expect(board.lastEventId).toBe('3-0');
  });

  test('"resolved today" follows the clock', () => {
    const { board, clock } = setup();
    const yesterday = new Date(Date.now() - 36 * 3_600_000).toISOString();
    board.load({
      cases: [
        makeCase({ id: '1', status: 'resolved', resolution: 'x', version: 3 }),
        makeCase({ id: '2', status: 'resolved', resolution: 'x', version: 3, updatedAt: yesterday, createdAt: yesterday }),
      ],
      lastEventId: '1-0',
    });
    expect(board.columns.resolved.map((c) => c.id)).toEqual(['1']);
    clock.now = new Date(Date.now() + 48 * 3_600_000);
    expect(board.columns.resolved).toEqual([]);
  });

  test('a new snapshot replaces everything', () => {
    const { board } = setup();
    board.load({ cases: [makeCase({ id: '1' }), makeCase({ id: '2' })], lastEventId: '3-0' });
    board.load({ cases: [makeCase({ id: '2', version: 2, status: 'claimed', assignee: people.alice })], lastEventId: '8-0' });
    expect([...board.cases.keys()]).toEqual(['2']);
    expect(board.lastEventId).toBe('8-0');
  });
});
