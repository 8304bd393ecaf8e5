// The stream as the dashboard's statistics read it (onStreamEvent): every event in log order,
// also one the board already had from a command's acknowledgement, and nothing after a gap.
import { describe, expect, test, vi } from 'vitest';
import type { CaseEvent } from '../../shared/events.ts';
import { BoardState } from './board.svelte.ts';
import { BoardSync } from './sync.svelte.ts';
import { fakeSyncDeps } from './testing/fake-socket.ts';
import { makeCase, makeEvent, people } from './testing/fixtures.ts';

function setup() {
  const board = new BoardState({ now: new Date() });
  const streamed: string[] = [];
  const applied: string[] = [];
  const { deps, socket } = fakeSyncDeps({
    fetchSnapshot: vi.fn(async () => ({ cases: [makeCase({ id: '1' })], lastEventId: '5-0' })),
    onCaseEvent: (e: CaseEvent) => applied.push(e.id),
    onStreamEvent: (e: CaseEvent) => streamed.push(e.id),
  });
  const sync = new BoardSync(board, deps);
  return { board, sync, socket, streamed, applied };
}

describe('onStreamEvent', () => {
  test('passes on a claim the board already merged from its acknowledgement', async () => {
    const { board, sync, socket, streamed, applied } = setup();
    await sync.start();
    socket().serverAccept();
    const claimed = { ...makeCase({ id: '1' }), status: 'claimed' as const, assignee: people.alice, version: 2 };
    board.merge(claimed);
    socket().events(makeEvent('case.claimed', claimed, '6-0'));
    expect(applied).toEqual([]);
    expect(streamed).toEqual(['6-0']);
  });

  test('an event after a gap is not passed on: the board resyncs instead', async () => {
    const { sync, socket, streamed } = setup();
    await sync.start();
    socket().serverAccept();
    const skipped = { ...makeCase({ id: '1' }), version: 3 };
    socket().events(makeEvent('case.note_added', skipped, '7-0'));
    expect(streamed).toEqual([]);
    expect(sync.resyncCount).toBe(1);
  });
});
