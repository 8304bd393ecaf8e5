// Presence: who is on the board and which case each has open, across two server nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPresenceDelta } from '../shared/presence.ts';
import type { PresenceDelta, PresenceEntry } from '../shared/socket-contract.ts';
import { connectBoard } from './helpers/clients.ts';
import { login, type Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

let stack: Stack;
let second: Awaited<ReturnType<typeof startServer>>;
let anna: Session, bo: Session, sol: Session, wall: Session;

beforeAll(async () => {
  stack = await startStack();
  second = await startServer(stack.redis);
  [anna, , sol, wall] = await loginAll(stack, [
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['bo', 'member', { name: 'Bo Berg' }],
    ['sol', 'reporter', { institution: 'bh-solsikken' }],
    ['wall', 'viewer'],
  ]);
  bo = await login(second.baseUrl, 'bo', 'bo-password');
});
afterAll(async () => {
  await second?.app.app.close();
  await stack?.close();
});

/** A board that keeps the presence list as a board does: the whole list on connect, then the deltas applied. */
function watch(baseUrl: string, cookie: string) {
  const board = connectBoard(baseUrl, cookie);
  let latest: PresenceEntry[] | null = null;
  const lists: PresenceEntry[][] = [];
  const deltas: PresenceDelta[] = [];
  let messages = 0;
  board.socket.on('presence:update', (entries) => {
    messages++;
    latest = entries;
    lists.push(entries);
  });
  board.socket.on('presence:delta', (delta) => {
    messages++;
    deltas.push(delta);
    latest = applyPresenceDelta(latest ?? [], delta);
    lists.push(latest);
  });
  return {
    ...board,
    lists,
    deltas,
    get messages() {
      return messages;
    },
    get latest() {
      return latest;
    },
    async until(pred: (entries: PresenceEntry[]) => boolean, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (!(latest && pred(latest))) {
        if (Date.now() > end) throw new Error(`presence never matched; last: ${JSON.stringify(latest)?.slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return latest!;
    },
  };
}

const names = (entries: PresenceEntry[]) => entries.map((e) => `${e.name}:${e.caseId ?? '-'}`);

describe('presence', () => {
  it('shows who is online and which case each has open, on another node too, until they leave', async () => {
    const caseId = (await sol.request('POST', '/api/cases', { title: 'Kan ikke logge ind', institution: 'bh-solsikken' })).body.case.id;
    const annaBoard = watch(stack.baseUrl, anna.cookie);
    const boBoard = watch(second.baseUrl, bo.cookie);
    await Promise.all([annaBoard.synced, boBoard.synced]);
    await boBoard.until((e) => names(e).includes('Anna Andersen:-') && names(e).includes('Bo Berg:-'));

    annaBoard.socket.emit('presence:viewing', { caseId });
    expect(names(await boBoard.until((e) => names(e).includes(`Anna Andersen:${caseId}`)))).toEqual([`Anna Andersen:${caseId}`, 'Bo Berg:-']);

    annaBoard.socket.emit('presence:viewing', { caseId: null });
    await boBoard.until((e) => names(e).includes('Anna Andersen:-'));

    annaBoard.socket.disconnect();
    expect(names(await boBoard.until((e) => !e.some((x) => x.name === 'Anna Andersen')))).toEqual(['Bo Berg:-']);
    boBoard.socket.disconnect();
  });

  it('the wall screen sees the team; a superuser gets no presence and is not listed', async () => {
    const boBoard = watch(second.baseUrl, bo.cookie);
    await boBoard.synced;
    const wallBoard = watch(stack.baseUrl, wall.cookie);
    await wallBoard.synced;
    await wallBoard.until((e) => names(e).includes('Bo Berg:-'));
    const solBoard = watch(stack.baseUrl, sol.cookie);
    await solBoard.synced;
    solBoard.socket.emit('presence:viewing', { caseId: '1' });
    // A later change that does reach the wall screen: by then the superuser's would have too.
    boBoard.socket.emit('presence:viewing', { caseId: '2' });
    await wallBoard.until((e) => names(e).includes('Bo Berg:2'));
    expect(solBoard.messages).toBe(0);
    expect(wallBoard.lists.flat().some((e) => e.username === 'sol' || e.username === 'wall')).toBe(false);
    for (const b of [boBoard, wallBoard, solBoard]) b.socket.disconnect();
  });

  it('ignores a malformed presence message', async () => {
    const annaBoard = watch(stack.baseUrl, anna.cookie);
    await annaBoard.synced;
    await annaBoard.until((e) => names(e).includes('Anna Andersen:-'));
    annaBoard.socket.emit('presence:viewing', { caseId: '<script>' } as never);
    annaBoard.socket.emit('presence:viewing', 'nonsense' as never);
    annaBoard.socket.emit('presence:viewing', { caseId: '3' });
    await annaBoard.until((e) => names(e).includes('Anna Andersen:3'));
    expect(annaBoard.lists.flat().filter((e) => e.username === 'anna').every((e) => e.caseId === null || e.caseId === '3')).toBe(true);
    expect(annaBoard.socket.connected).toBe(true);
    annaBoard.socket.disconnect();
  });
});
