// Presence with 500 boards on two nodes: a change costs each board one small delta, coalesced,
// never the whole list to every board (500 boards would otherwise mean 500² messages).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyPresenceDelta } from '../shared/presence.ts';
import type { PresenceDelta, PresenceEntry } from '../shared/socket-contract.ts';
import { connectBoard } from './helpers/clients.ts';
import { login, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';

const BOARDS = 500;
const PEOPLE = 10;

let stack: Stack;
let second: Awaited<ReturnType<typeof startServer>>;
let sessions: Session[];

beforeAll(async () => {
  stack = await startStack();
  second = await startServer(stack.redis);
  // A few accounts with many boards each: passwords are slow to hash, sockets are cheap.
  for (let p = 0; p < PEOPLE; p++) await stack.addUser(`p${p}`, 'member-password', 'member', { name: `Person ${p}` });
  sessions = await Promise.all(Array.from({ length: PEOPLE }, (_, p) => login(stack.baseUrl, `p${p}`, 'member-password')));
}, 120_000);
afterAll(async () => {
  await second?.app.app.close();
  await stack?.close();
});

function board(i: number) {
  const url = i % 2 === 0 ? stack.baseUrl : second.baseUrl;
  const b = connectBoard(url, sessions[i % PEOPLE].cookie);
  const state = { list: null as PresenceEntry[] | null, messages: 0, deltas: [] as PresenceDelta[], first: null as PresenceEntry[] | null };
  b.socket.on('presence:update', (entries) => {
    state.messages++;
    state.first ??= entries;
    state.list = entries;
  });
  b.socket.on('presence:delta', (delta) => {
    state.messages++;
    state.deltas.push(delta);
    state.list = applyPresenceDelta(state.list ?? [], delta);
  });
  return { ...b, state };
}

const shown = (entries: PresenceEntry[] | null) => (entries ?? []).map((e) => `${e.name}:${e.caseId ?? '-'}`).join(',');
const view = (pairs: [person: number, caseId: string | null][]) =>
  pairs
    .map(([p, caseId]) => ({ name: `Person ${p}`, caseId }))
    .sort((a, b) => a.name.localeCompare(b.name, 'da') || (a.caseId ?? '').localeCompare(b.caseId ?? ''))
    .map((e) => `${e.name}:${e.caseId ?? '-'}`)
    .join(',');

describe('presence at scale', () => {
  it('500 boards on two nodes: coalesced deltas, every board with the full, correct view; focus and leave arrive as deltas', { timeout: 240_000 }, async () => {
    const boards = Array.from({ length: BOARDS }, (_, i) => board(i));
    await Promise.all(boards.map((b) => b.synced));

    // Everyone idle: one entry per person, on every board, across both nodes.
    const idle = view(Array.from({ length: PEOPLE }, (_, p) => [p, null]));
    await vi.waitFor(() => expect(boards.filter((b) => shown(b.state.list) !== idle)).toHaveLength(0), { timeout: 60_000, interval: 200 });
    const connecting = boards.reduce((n, b) => n + b.state.messages, 0);
    // The list once per board, then a delta only when the view changed (each person came once);
    // sending the list to every board on every join would have been 500² = 250,000.
    expect(connecting).toBeLessThanOrEqual(BOARDS * (1 + PEOPLE + 4));
    expect(boards.every((b) => b.state.first !== null)).toBe(true);

    // Every board opens its own case at once: 500 changes, each seen by 500 boards.
    for (const [i, b] of boards.entries()) b.socket.emit('presence:viewing', { caseId: String(i + 1) });
    const open = view(boards.map((_, i) => [i % PEOPLE, String(i + 1)]));
    await vi.waitFor(() => expect(boards.filter((b) => shown(b.state.list) !== open)).toHaveLength(0), { timeout: 60_000, interval: 200 });
    const opening = boards.reduce((n, b) => n + b.state.messages, 0) - connecting;
    // Coalesced into a few deltas per board, far below one message per change per board (250,000).
    expect(opening).toBeLessThanOrEqual(BOARDS * 50);

    // One board on node A moves to another case: a board on node B gets exactly that change.
    const seenBefore = boards[1].state.deltas.length;
    boards[0].socket.emit('presence:viewing', { caseId: '9999' });
    const moved = view(boards.map((_, i) => [i % PEOPLE, i === 0 ? '9999' : String(i + 1)]));
    await vi.waitFor(() => expect(boards.filter((b) => shown(b.state.list) !== moved)).toHaveLength(0), { timeout: 30_000, interval: 200 });
    expect(boards[1].state.deltas.slice(seenBefore)).toEqual([
      {
        set: [{ userId: expect.any(String), username: 'p0', name: 'Person 0', caseId: '9999' }],
        removed: [{ userId: expect.any(String), caseId: '1' }],
      },
    ]);

    // A board connecting now gets the whole list at once, to itself.
    const late = board(2);
    await late.synced;
    await vi.waitFor(() => expect(late.state.first).not.toBeNull(), { timeout: 10_000 });
    expect(shown(late.state.first)).toBe(moved);

    // Leaving: one board, then every board of one person; the others see them go.
    boards[0].socket.disconnect();
    for (let i = 1; i < BOARDS; i += PEOPLE) boards[i].socket.disconnect();
    const stay = boards.map((_, i) => i).filter((i) => i !== 0 && i % PEOPLE !== 1);
    const left = view(stay.map((i) => [i % PEOPLE, String(i + 1)]));
    const remaining = [...stay.map((i) => boards[i]), late];
    await vi.waitFor(() => expect(remaining.filter((b) => shown(b.state.list) !== left)).toHaveLength(0), { timeout: 30_000, interval: 200 });
    expect(shown(late.state.list)).not.toContain('Person 1:');

    for (const b of [...boards, late]) b.socket.disconnect();
  });
});
