import { describe, expect, test, vi } from 'vitest';
import { ApiError, type Snapshot } from './api.ts';
import { BoardState } from './board.svelte.ts';
import { BoardSync, type SyncDeps } from './sync.svelte.ts';
import { fakeSyncDeps } from './testing/fake-socket.ts';
import { BOARD_COMMAND_NAMES } from '../../shared/socket-contract.ts';
import { makeCase, makeEvent, people } from './testing/fixtures.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(snapshots: Array<Snapshot | Error>, overrides: Partial<SyncDeps> = {}) {
  const board = new BoardState({ now: new Date() });
  const fetchSnapshot = vi.fn(async () => {
    const next = snapshots.length > 1 ? snapshots.shift()! : snapshots[0];
    if (next instanceof Error) throw next;
    return structuredClone(next);
  });
  const onUnauthorized = vi.fn();
  const { deps, socket } = fakeSyncDeps({ fetchSnapshot, onUnauthorized, commandTimeoutMs: 50, ...overrides });
  const sync = new BoardSync(board, deps);
  return { board, sync, fetchSnapshot, onUnauthorized, socket };
}

const c1 = makeCase({ id: '1' });
const c1claimed = { ...c1, status: 'claimed' as const, assignee: people.alice, version: 2 };

describe('BoardSync', () => {
  test('loads the snapshot, then connects from its lastEventId and goes live after sync:ready', async () => {
    const { board, sync, socket } = setup([{ cases: [c1], lastEventId: '5-0' }]);
    await sync.start();
    expect(board.get('1')).toEqual(c1);
    expect(socket().auths).toEqual([{ lastEventId: '5-0', batch: true }]);
    expect(sync.state).toBe('connecting');
    socket().serverAccept();
    expect(sync.state).toBe('syncing');
    socket().fire('sync:ready', { lastEventId: '5-0' });
    expect(sync.state).toBe('live');
  });

  test('every reconnect asks from the latest applied event, so catch-up has no holes and no repeats', async () => {
    const { board, sync, socket } = setup([{ cases: [c1], lastEventId: '5-0' }]);
    await sync.start();
    socket().serverAccept();
    socket().events(makeEvent('case.claimed', c1claimed, '6-0'));
    socket().drop();
    expect(sync.state).toBe('reconnecting');
    socket().connect();
    expect(socket().auths.at(-1)).toEqual({ lastEventId: '6-0', batch: true });
    // The server replays from 6-0; a repeat of 6-0 (at-least-once delivery) changes nothing.
    socket().serverAccept();
    const c2 = makeCase({ id: '2' });
    socket().events(makeEvent('case.claimed', c1claimed, '6-0'), makeEvent('case.created', c2, '7-0'));
    socket().fire('sync:ready', { lastEventId: '7-0' });
    expect(board.get('1')).toEqual(c1claimed);
    expect(board.get('2')).toEqual(c2);
    expect(board.lastEventId).toBe('7-0');
    expect(sync.state).toBe('live');
  });

  test('a gap triggers a re-sync: stream stopped, snapshot refetched, reconnect from the new position', async () => {
    const resolved = { ...c1claimed, status: 'resolved' as const, resolution: 'ok', version: 3 };
    const { board, sync, socket, fetchSnapshot } = setup([
      { cases: [c1], lastEventId: '5-0' },
      { cases: [resolved], lastEventId: '9-0' },
    ]);
    await sync.start();
    socket().serverAccept();
    socket().events(makeEvent('case.resolved', resolved, '9-0'));
    expect(socket().disconnectCalls).toBe(1);
    await tick();
    expect(fetchSnapshot).toHaveBeenCalledTimes(2);
    expect(board.get('1')).toEqual(resolved);
    expect(socket().auths.at(-1)).toEqual({ lastEventId: '9-0', batch: true });
    expect(sync.resyncCount).toBe(1);
  });

  test('a batch is applied at once: each case written once (one change for the board to draw), every event still checked on its own', async () => {
    const onCaseEvent = vi.fn();
    const onStreamEvent = vi.fn();
    const { board, sync, socket } = setup([{ cases: [c1], lastEventId: '5-0' }], { onCaseEvent, onStreamEvent });
    await sync.start();
    socket().serverAccept();
    const writes = vi.spyOn(board.cases, 'set');
    const c2 = makeCase({ id: '2' });
    const c2enriched = { ...c2, tags: ['mitid'], version: 2 };
    const batch = [
      makeEvent('case.created', c1, '5-0'), // a repeat of what the snapshot holds
      makeEvent('case.claimed', c1claimed, '6-0'),
      makeEvent('case.created', c2, '7-0'),
      makeEvent('case.enriched', c2enriched, '8-0'),
      makeEvent('case.enriched', c2enriched, '8-0'), // a repeat inside the batch
    ];
    socket().events(...batch);
    expect(board.get('1')).toEqual(c1claimed);
    expect(board.get('2')).toEqual(c2enriched);
    expect(board.lastEventId).toBe('8-0');
    expect(writes.mock.calls.map(([id]) => id).sort()).toEqual(['1', '2']);
    expect(onCaseEvent.mock.calls.map(([e]) => e.id)).toEqual(['6-0', '7-0', '8-0']);
    expect(onStreamEvent.mock.calls.map(([e]) => e.id)).toEqual(['5-0', '6-0', '7-0', '8-0', '8-0']);
    expect(sync.resyncCount).toBe(0);
  });

  test('a gap inside a batch applies the events before it, none after, and reloads the snapshot', async () => {
    const onCaseEvent = vi.fn();
    const c3 = makeCase({ id: '3' });
    const fresh = { cases: [c1claimed, { ...makeCase({ id: '2' }), version: 3 }, c3], lastEventId: '9-0' };
    const { board, sync, socket, fetchSnapshot } = setup([{ cases: [c1], lastEventId: '5-0' }, fresh], { onCaseEvent });
    await sync.start();
    socket().serverAccept();
    socket().events(
      makeEvent('case.claimed', c1claimed, '6-0'),
      makeEvent('case.note_added', { ...makeCase({ id: '2' }), version: 3 }, '7-0'), // case 2 was never seen at version 2
      makeEvent('case.created', c3, '8-0'),
    );
    expect(board.get('1')).toEqual(c1claimed);
    expect(board.get('3')).toBeUndefined();
    expect(board.lastEventId).toBe('6-0');
    expect(onCaseEvent.mock.calls.map(([e]) => e.id)).toEqual(['6-0']);
    expect(socket().disconnectCalls).toBe(1);
    await vi.waitFor(() => expect(socket().auths.at(-1)).toEqual({ lastEventId: '9-0', batch: true }));
    expect(fetchSnapshot).toHaveBeenCalledTimes(2);
    expect(sync.resyncCount).toBe(1);
    expect(board.get('3')).toEqual(c3);
  });

  test('still applies single case:event frames, from a server that does not send batches', async () => {
    const { board, sync, socket } = setup([{ cases: [c1], lastEventId: '5-0' }]);
    await sync.start();
    socket().serverAccept();
    socket().fire('case:event', makeEvent('case.claimed', c1claimed, '6-0'));
    socket().fire('case:event', makeEvent('case.claimed', c1claimed, '6-0'));
    expect(board.get('1')).toEqual(c1claimed);
    expect(board.lastEventId).toBe('6-0');
    expect(sync.resyncCount).toBe(0);
  });

  test('a snapshot that fails during re-sync is retried, never applied half', async () => {
    const { board, sync, socket, fetchSnapshot } = setup([
      { cases: [c1], lastEventId: '5-0' },
      new ApiError(0, 'network', 'down'),
      { cases: [c1claimed], lastEventId: '6-0' },
    ]);
    await sync.start();
    socket().serverAccept();
    await sync.resync();
    expect(fetchSnapshot).toHaveBeenCalledTimes(3);
    expect(board.get('1')).toEqual(c1claimed);
    expect(socket().auths.at(-1)).toEqual({ lastEventId: '6-0', batch: true });
  });

  test('a server whose log is behind the board (data reset) makes the board start over', async () => {
    const { board, sync, socket, fetchSnapshot } = setup([
      { cases: [c1claimed], lastEventId: '50-0' },
      { cases: [], lastEventId: '2-0' },
    ]);
    await sync.start();
    socket().serverAccept();
    socket().fire('sync:ready', { lastEventId: '2-0' });
    await tick();
    expect(fetchSnapshot).toHaveBeenCalledTimes(2);
    expect(board.cases.size).toBe(0);
    expect(socket().auths.at(-1)).toEqual({ lastEventId: '2-0', batch: true });
    expect(sync.state).not.toBe('live');
  });

  test('a log that no longer holds the events after the board (retention) makes the board load a snapshot', async () => {
    const { board, sync, socket, fetchSnapshot } = setup([
      { cases: [c1claimed], lastEventId: '5-0' },
      { cases: [c1claimed], lastEventId: '90-0' },
    ]);
    await sync.start();
    socket().serverAccept();
    socket().fire('sync:reset', { reason: 'trimmed' });
    await tick();
    expect(fetchSnapshot).toHaveBeenCalledTimes(2);
    expect(board.get('1')).toEqual(c1claimed);
    expect(socket().auths.at(-1)).toEqual({ lastEventId: '90-0', batch: true });
  });

  test('a rejected handshake for a gone session shows the login page', async () => {
    const { sync, socket, onUnauthorized } = setup([{ cases: [], lastEventId: null }]);
    await sync.start();
    socket().serverReject('unauthorized');
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  test('a handshake refused for too many boards says so, keeps trying, and clears once in', async () => {
    const { sync, socket, onUnauthorized } = setup([{ cases: [], lastEventId: null }]);
    await sync.start();
    const attempts = socket().auths.length;
    socket().serverReject('too_many_boards');
    expect(sync.refusal).toBe('too_many_boards');
    expect(sync.state).toBe('reconnecting');
    expect(onUnauthorized).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(socket().auths.length).toBeGreaterThan(attempts));
    socket().serverAccept();
    socket().fire('sync:ready', { lastEventId: null });
    expect(sync.state).toBe('live');
    expect(sync.refusal).toBeNull();
  });

  test('a 401 on the snapshot shows the login page', async () => {
    const { sync, onUnauthorized, socket } = setup([new ApiError(401, 'unauthorized', 'no session')]);
    await sync.start();
    expect(onUnauthorized).toHaveBeenCalledOnce();
    expect(socket).toThrow('has not connected');
  });

  test('the first snapshot failing shows the reason and keeps retrying', async () => {
    const { board, sync } = setup([new ApiError(503, 'unavailable', 'Redis is down'), { cases: [c1], lastEventId: '1-0' }]);
    const started = sync.start();
    await tick();
    expect(sync.loadError).toBe('Serveren kan ikke nå sine data lige nu. Prøv igen om et øjeblik.');
    await started;
    expect(board.loaded).toBe(true);
    expect(sync.loadError).toBeNull();
  });

  test('the browser going offline shows offline', async () => {
    const { sync, socket } = setup([{ cases: [], lastEventId: null }], { isOnline: () => false });
    await sync.start();
    socket().serverAccept();
    socket().drop();
    expect(sync.state).toBe('offline');
  });

  test('takes the snapshot requested before the app ran, once: a resync fetches its own', async () => {
    const early = { cases: [c1], lastEventId: '5-0' };
    const earlySnapshot = vi.fn(async () => structuredClone(early));
    const { board, sync, socket, fetchSnapshot } = setup([{ cases: [c1claimed], lastEventId: '6-0' }], { earlySnapshot });
    await sync.start();
    expect(board.get('1')).toEqual(c1);
    expect(fetchSnapshot).not.toHaveBeenCalled();
    expect(socket().auths).toEqual([{ lastEventId: '5-0', batch: true }]);
    socket().serverAccept();
    socket().fire('sync:reset');
    await vi.waitFor(() => expect(board.get('1')).toEqual(c1claimed));
    expect(earlySnapshot).toHaveBeenCalledTimes(1);
    expect(fetchSnapshot).toHaveBeenCalledTimes(1);
  });

  test('without a usable early snapshot (none, refused, failed) the board fetches its own', async () => {
    for (const earlySnapshot of [async () => null, async () => Promise.reject(new Error('network'))]) {
      const { board, sync, fetchSnapshot } = setup([{ cases: [c1], lastEventId: '5-0' }], { earlySnapshot });
      await sync.start();
      expect(board.get('1')).toEqual(c1);
      expect(fetchSnapshot).toHaveBeenCalledTimes(1);
      sync.stop();
    }
  });

  describe('commands', () => {
    test('go out over the socket and take the acknowledged case', async () => {
      const { board, sync, socket } = setup([{ cases: [c1], lastEventId: '1-0' }]);
      await sync.start();
      socket().serverAccept();
      const pending = sync.command('claim', { caseId: '1' });
      const sent = socket().emitted[0];
      expect(sent.event).toBe('case:claim');
      expect(sent.payload).toEqual({ caseId: '1' });
      sent.ack(null, { ok: true, case: c1claimed });
      expect(await pending).toEqual({ ok: true, case: c1claimed });
      expect(board.get('1')).toEqual(c1claimed);
    });

    test("each of the contract's commands goes out as case:<name>", async () => {
      const { sync, socket } = setup([{ cases: [c1], lastEventId: '1-0' }]);
      await sync.start();
      socket().serverAccept();
      for (const name of BOARD_COMMAND_NAMES) void sync.command(name, { caseId: '1' });
      expect(socket().emitted.map((e) => e.event)).toEqual(BOARD_COMMAND_NAMES.map((name) => `case:${name}`));
      expect(socket().emitted.map((e) => e.event)).toContain('case:set-vendor-ref');
      sync.stop();
    });

    test('a refusal comes back with the server message and leaves the board alone', async () => {
      const { board, sync, socket } = setup([{ cases: [c1], lastEventId: '1-0' }]);
      await sync.start();
      socket().serverAccept();
      const pending = sync.command('claim', { caseId: '1' });
      socket().emitted[0].ack(null, { ok: false, error: { code: 'conflict', message: 'The case is already claimed by Bo' } });
      expect(await pending).toEqual({ ok: false, error: { code: 'conflict', message: 'The case is already claimed by Bo' } });
      expect(board.get('1')).toEqual(c1);
    });

    test('are not queued while disconnected', async () => {
      const { sync, socket } = setup([{ cases: [c1], lastEventId: '1-0' }]);
      await sync.start();
      const result = await sync.command('claim', { caseId: '1' });
      expect(result).toMatchObject({ ok: false, error: { code: 'offline' } });
      expect(socket().emitted).toEqual([]);
    });

    test('no answer in time is reported as a timeout', async () => {
      const { sync, socket } = setup([{ cases: [c1], lastEventId: '1-0' }]);
      await sync.start();
      socket().serverAccept();
      const pending = sync.command('resolve', { caseId: '1', resolution: 'Genstart appen' });
      socket().emitted[0].ack(new Error('operation has timed out'));
      expect(await pending).toMatchObject({ ok: false, error: { code: 'timeout' } });
    });
  });

  test('passes presence and its changes on, forgets it while disconnected, and says when it is live again', async () => {
    const onPresence = vi.fn();
    const onPresenceDelta = vi.fn();
    const onLive = vi.fn();
    const { sync, socket } = setup([{ cases: [c1], lastEventId: '5-0' }], { onPresence, onPresenceDelta, onLive });
    await sync.start();
    sync.sendViewing('1');
    expect(socket().emitted).toEqual([]);
    socket().serverAccept();
    socket().fire('sync:ready', { lastEventId: '5-0' });
    expect(onLive).toHaveBeenCalledTimes(1);
    const entry = { userId: 'u-bo', username: 'bo', name: 'Bo', caseId: '1' };
    socket().fire('presence:update', [entry]);
    expect(onPresence).toHaveBeenLastCalledWith([entry]);
    const delta = { set: [{ ...entry, caseId: null }], removed: [{ userId: 'u-bo', caseId: '1' }] };
    socket().fire('presence:delta', delta);
    socket().fire('presence:delta', 'nonsense');
    expect(onPresenceDelta.mock.calls).toEqual([[delta]]);
    sync.sendViewing('1');
    expect(socket().emitted.map((e) => [e.event, e.payload])).toEqual([['presence:viewing', { caseId: '1' }]]);
    socket().drop();
    expect(onPresence).toHaveBeenLastCalledWith([]);
  });

  test('passes problems, answers and notices on, and every case event it applied (not a repeat)', async () => {
    const onProblem = vi.fn();
    const onAnswer = vi.fn();
    const onNotices = vi.fn();
    const onCaseEvent = vi.fn();
    const { sync, socket } = setup([{ cases: [c1], lastEventId: '5-0' }], { onProblem, onAnswer, onNotices, onCaseEvent });
    await sync.start();
    socket().serverAccept();
    const problem = { id: '3', title: 'MitID-loop', status: 'open', version: 1 };
    socket().fire('problem:changed', problem);
    expect(onProblem).toHaveBeenCalledWith(problem);
    socket().fire('answer:changed', { id: 'a1', title: 'Video' });
    expect(onAnswer).toHaveBeenCalledWith({ id: 'a1', title: 'Video' });
    const notice = { problemId: '3', title: 'MitID-loop', message: 'Brug browseren', at: '2026-12-01T08:00:00.000Z' };
    socket().fire('notice:changed', [notice]);
    expect(onNotices).toHaveBeenLastCalledWith([notice]);
    socket().fire('notice:changed', null);
    expect(onNotices).toHaveBeenLastCalledWith([]);

    const linked = makeEvent('case.linked', { ...c1, problem: { id: '3', title: 'MitID-loop' }, version: 2 }, '6-0');
    socket().events(linked);
    socket().events(linked);
    expect(onCaseEvent).toHaveBeenCalledTimes(1);
    expect(onCaseEvent).toHaveBeenCalledWith(linked);
  });

  test('sends link, unlink and a resolution citing an answer as socket commands', async () => {
    const { sync, socket } = setup([{ cases: [c1], lastEventId: '1-0' }]);
    await sync.start();
    socket().serverAccept();
    void sync.command('link', { caseId: '1', problemId: '3' });
    void sync.command('unlink', { caseId: '1' });
    void sync.command('resolve', { caseId: '1', resolution: 'Se videoen', answerId: 'a1' });
    expect(socket().emitted.map((e) => [e.event, e.payload])).toEqual([
      ['case:link', { caseId: '1', problemId: '3' }],
      ['case:unlink', { caseId: '1' }],
      ['case:resolve', { caseId: '1', resolution: 'Se videoen', answerId: 'a1' }],
    ]);
  });
});
