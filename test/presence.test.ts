// Presence: who is on the board and which case each has open, across two server nodes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceEntry } from '../shared/socket-contract.ts';
import type { CaseEvent } from '../shared/events.ts';
import { connectBoard, emitAck } from './helpers/clients.ts';
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

function watch(baseUrl: string, cookie: string) {
  const board = connectBoard(baseUrl, cookie);
  let latest: PresenceEntry[] | null = null;
  const updates: PresenceEntry[][] = [];
  board.socket.on('presence:update', (entries) => {
    latest = entries;
    updates.push(entries);
  });
  return {
    ...board,
    updates,
    async until(pred: (entries: PresenceEntry[]) => boolean, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      while (!(latest && pred(latest))) {
        if (Date.now() > end) throw new Error(`presence never matched; last: ${JSON.stringify(latest)}`);
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
    const mine = (await sol.request('POST', '/api/cases', { title: 'Kan ikke se billeder', institution: 'bh-solsikken' })).body.case.id;
    solBoard.socket.emit('presence:viewing', { caseId: mine });
    // Handled after the message above, and delivered to both boards after anything it could have sent them.
    expect(await emitAck(solBoard.socket, 'case:note', { caseId: mine, text: 'Det er på alle stuer', visibility: 'reporter' })).toMatchObject({ ok: true });
    const noted = (es: CaseEvent[]) => es.some((e) => e.caseId === mine && e.type === 'case.note_added');
    await Promise.all([solBoard.waitFor(noted), wallBoard.waitFor(noted)]);
    expect(solBoard.updates).toEqual([]);
    expect(wallBoard.updates.flat().some((e) => e.username === 'sol' || e.username === 'wall')).toBe(false);
    for (const b of [boBoard, wallBoard, solBoard]) b.socket.disconnect();
  });

  it('ignores a malformed presence message', async () => {
    const annaBoard = watch(stack.baseUrl, anna.cookie);
    await annaBoard.synced;
    await annaBoard.until((e) => names(e).includes('Anna Andersen:-'));
    annaBoard.socket.emit('presence:viewing', { caseId: '<script>' } as never);
    annaBoard.socket.emit('presence:viewing', 'nonsense' as never);
    // A valid message after the malformed ones: once its update is in, theirs would be too.
    annaBoard.socket.emit('presence:viewing', { caseId: '7' });
    await annaBoard.until((e) => names(e).includes('Anna Andersen:7'));
    expect(new Set(annaBoard.updates.flat().filter((e) => e.username === 'anna').map((e) => e.caseId))).toEqual(new Set([null, '7']));
    expect(annaBoard.socket.connected).toBe(true);
    annaBoard.socket.disconnect();
  });
});
