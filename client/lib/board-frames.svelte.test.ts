// The board at volume: columns kept in order one change at a time, and the events of one
// animation frame applied as one batch.
import { describe, expect, test, vi } from 'vitest';
import { project } from '../../shared/board.ts';
import { PRIORITIES, type Case, type CaseStatus } from '../../shared/case.ts';
import { BoardState } from './board.svelte.ts';
import { ColumnIndex } from './column-index.ts';
import { BoardSync } from './sync.svelte.ts';
import { fakeSyncDeps } from './testing/fake-socket.ts';
import { makeCase, makeEvent, people } from './testing/fixtures.ts';

const ids = (cases: readonly Case[]) => cases.map((c) => c.id);
const STATUSES: CaseStatus[] = ['new', 'claimed', 'waiting', 'escalated', 'resolved'];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('ColumnIndex', () => {
  test('stays in the order a full sort gives, through inserts, moves within a column and between columns', () => {
    const next = random(42);
    const base = Date.parse('2026-12-01T08:00:00Z');
    const held = new Map<string, Case>();
    const index = new ColumnIndex();
    const stamp = (ms: number) => new Date(base + ms).toISOString();
    for (let i = 0; i < 400; i++) {
      const c = makeCase({ id: String(i), createdAt: stamp(Math.floor(next() * 3) * 60_000), priority: PRIORITIES[Math.floor(next() * 4)] });
      held.set(c.id, { ...c, updatedAt: c.createdAt });
    }
    index.reset(held.values());
    for (let round = 0; round < 60; round++) {
      // A batch of changes: some new cases, some moving to another status or priority, some touched only.
      for (let k = 0; k < 25; k++) {
        const roll = next();
        const at = stamp(3_600_000 + round * 1000 + Math.floor(next() * 3) * 10);
        let after: Case;
        const before = held.get(String(Math.floor(next() * held.size)));
        if (roll < 0.2 || !before) {
          after = makeCase({ id: String(held.size), createdAt: at, updatedAt: at, priority: PRIORITIES[Math.floor(next() * 4)] });
        } else if (roll < 0.6) {
          after = { ...before, status: STATUSES[Math.floor(next() * STATUSES.length)], updatedAt: at, version: before.version + 1 };
        } else if (roll < 0.8) {
          after = { ...before, priority: PRIORITIES[Math.floor(next() * 4)], version: before.version + 1 };
        } else {
          after = { ...before, updatedAt: at, version: before.version + 1 };
        }
        index.put(held.get(after.id), after);
        held.set(after.id, after);
      }
      const published = index.publish();
      // The resolved column of the projection keeps today's only; these are all on one day, so both hold all.
      const expected = project(held.values(), new Date(base + 3_700_000));
      for (const col of ['new', 'in_progress', 'waiting', 'resolved'] as const) expect(ids(published[col]), `${col} after round ${round}`).toEqual(ids(expected[col]));
    }
  });

  test('a published column is never changed afterwards: the next batch copies what it touches', () => {
    const index = new ColumnIndex();
    const a = makeCase({ id: '1' });
    index.reset([a]);
    const first = index.publish();
    index.put(a, { ...a, status: 'claimed', version: 2 });
    index.put(undefined, makeCase({ id: '2' }));
    const second = index.publish();
    expect(ids(first.new)).toEqual(['1']);
    expect(first.in_progress).toEqual([]);
    expect(ids(second.new)).toEqual(['2']);
    expect(ids(second.in_progress)).toEqual(['1']);
    expect(second.waiting).toBe(first.waiting);
  });
});

describe('BoardState', () => {
  test('a batch of events is one projection of the board, however many cases it touches', () => {
    const clock = $state({ now: new Date() });
    const board = new BoardState(clock);
    board.load({ cases: [makeCase({ id: '1' })], lastEventId: '1-0' });
    const before = board.revision;
    const c2 = makeCase({ id: '2', priority: 'urgent' });
    const c1claimed = { ...makeCase({ id: '1' }), status: 'claimed' as const, assignee: people.alice, version: 2 };
    const c3 = makeCase({ id: '3' });
    board.applyBatch([makeEvent('case.created', c2, '2-0'), makeEvent('case.claimed', c1claimed, '3-0'), makeEvent('case.created', c3, '4-0')]);
    expect(board.revision).toBe(before + 1);
    expect(ids(board.columns.new)).toEqual(['2', '3']);
    expect(ids(board.columns.in_progress)).toEqual(['1']);
    // Repeats change nothing, and are no projection either.
    board.applyBatch([makeEvent('case.created', c3, '4-0')]);
    expect(board.revision).toBe(before + 1);
  });

  test("the resolved column holds today's cases, and follows the clock into a new day", () => {
    const clock = $state({ now: new Date(2026, 11, 3, 23, 59) });
    const board = new BoardState(clock);
    const at = new Date(2026, 11, 3, 12, 0).toISOString();
    board.load({ cases: [makeCase({ id: '1', status: 'resolved', createdAt: at, updatedAt: at })], lastEventId: '1-0' });
    expect(ids(board.columns.resolved)).toEqual(['1']);
    clock.now = new Date(2026, 11, 4, 0, 1);
    expect(board.columns.resolved).toEqual([]);
  });
});

describe('BoardSync with frames', () => {
  function setup() {
    const board = new BoardState({ now: new Date() });
    const frames: Array<() => void> = [];
    const onCaseEvent = vi.fn();
    const fetchSnapshot = vi.fn(async () => ({ cases: [makeCase({ id: '1' })], lastEventId: '1-0' }));
    const { deps, socket } = fakeSyncDeps({ fetchSnapshot, onCaseEvent, nextFrame: (apply) => void frames.push(apply) });
    const sync = new BoardSync(board, deps);
    return { board, sync, socket, frames, onCaseEvent, fetchSnapshot };
  }

  test('the events of several messages in one frame reach the board together, in order, before the frame is drawn', async () => {
    const { board, sync, socket, frames, onCaseEvent } = setup();
    await sync.start();
    socket().serverAccept();
    const revision = board.revision;
    const c2 = makeCase({ id: '2' });
    socket().events(makeEvent('case.created', c2, '2-0'));
    socket().events(makeEvent('case.enriched', { ...c2, tags: ['mitid'], version: 2 }, '3-0'), makeEvent('case.created', makeCase({ id: '3' }), '4-0'));
    socket().events(makeEvent('case.claimed', { ...c2, status: 'claimed' as const, assignee: people.alice, version: 3, tags: ['mitid'] }, '5-0'));
    // Nothing yet, and one frame asked for, not one per message.
    expect(board.get('2')).toBeUndefined();
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(board.revision).toBe(revision + 1);
    expect(board.get('2')?.version).toBe(3);
    expect(ids(board.columns.new)).toEqual(['1', '3']);
    expect(ids(board.columns.in_progress)).toEqual(['2']);
    expect(board.lastEventId).toBe('5-0');
    expect(onCaseEvent.mock.calls.map(([e]) => e.id)).toEqual(['2-0', '3-0', '4-0', '5-0']);
    // The next message asks for the next frame.
    socket().events(makeEvent('case.created', makeCase({ id: '4' }), '6-0'));
    expect(frames).toHaveLength(1);
  });

  test('a catch-up still waiting for its frame is applied before the board goes live, so its cases do not count as new', async () => {
    const { sync, socket, frames, onCaseEvent } = setup();
    const liveWhenApplied: boolean[] = [];
    onCaseEvent.mockImplementation(() => liveWhenApplied.push(sync.state === 'live'));
    await sync.start();
    socket().serverAccept();
    socket().events(makeEvent('case.created', makeCase({ id: '2' }), '2-0'));
    expect(frames).toHaveLength(1);
    socket().fire('sync:ready', { lastEventId: '2-0' });
    expect(sync.state).toBe('live');
    expect(liveWhenApplied).toEqual([false]);
    // The frame that was asked for finds nothing left; the next live event counts as live.
    frames.shift()!();
    socket().events(makeEvent('case.created', makeCase({ id: '3' }), '3-0'));
    frames.shift()!();
    expect(liveWhenApplied).toEqual([false, true]);
  });

  test('a gap in the catch-up found as the board goes live reloads it instead: it does not claim to be live meanwhile', async () => {
    const { sync, socket, fetchSnapshot } = setup();
    await sync.start();
    socket().serverAccept();
    socket().events(makeEvent('case.claimed', { ...makeCase({ id: '9' }), status: 'claimed' as const, version: 4 }, '2-0'));
    socket().fire('sync:ready', { lastEventId: '2-0' });
    expect(sync.state).toBe('syncing');
    await vi.waitFor(() => expect(fetchSnapshot).toHaveBeenCalledTimes(2));
  });

  test('a gap in a frame applies what came before it and loads the board again; what waited for the frame is dropped', async () => {
    const { board, sync, socket, frames, fetchSnapshot } = setup();
    await sync.start();
    socket().serverAccept();
    socket().events(makeEvent('case.created', makeCase({ id: '2' }), '2-0'));
    socket().events(makeEvent('case.claimed', { ...makeCase({ id: '9' }), status: 'claimed' as const, version: 4 }, '3-0'));
    frames.shift()!();
    expect(board.get('2')).toBeDefined();
    await vi.waitFor(() => expect(fetchSnapshot).toHaveBeenCalledTimes(2));
    expect(sync.resyncCount).toBe(1);
  });
});
