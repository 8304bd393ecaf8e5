import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ApiError, type User } from './api.ts';
import { takeEarlySnapshot } from './early-snapshot.ts';
import { Session, type SessionApi } from './session.svelte.ts';

const A: User = { id: 'u-a', username: 'anna', name: 'Anna Andersen', role: 'member' };
const B: User = { id: 'u-b', username: 'bo', name: 'Bo Bech', role: 'member' };

/** The answer the inline script in index.html got with the cookie the page opened with: A's board. */
function earlyAnswerOfA(): void {
  const body = JSON.stringify({ cases: [{ id: 'case-of-a' }], lastEventId: '1-0' });
  window.warroomEarlySnapshot = { at: Date.now(), response: Promise.resolve(new Response(body, { status: 200 })) };
}

function deps(current: () => Promise<User | null>): SessionApi {
  return { currentUser: current, login: async (username) => (username === B.username ? B : A), logout: async () => {} };
}

describe('Session and the early snapshot', () => {
  beforeEach(() => {
    vi.stubGlobal('window', {});
    earlyAnswerOfA();
  });
  afterEach(() => vi.unstubAllGlobals());

  test('a board whose user the session check confirmed takes the early answer', async () => {
    const session = new Session(deps(async () => A));
    await session.init();
    expect(session.status).toBe('ready');
    expect((await takeEarlySnapshot())?.cases).toEqual([{ id: 'case-of-a' }]);
  });

  test('when the session check fails and another person logs in, their board does not take the first cookie’s answer', async () => {
    const session = new Session(deps(async () => Promise.reject(new ApiError(503, 'unavailable', 'not ready'))));
    await session.init();
    expect(session.status).toBe('anonymous');
    await session.login('bo', 'bo-password');
    expect(session.user?.username).toBe('bo');
    expect(await takeEarlySnapshot()).toBeNull();
  });

  test('nobody signed in at the start, then a login: the early answer is dropped', async () => {
    const session = new Session(deps(async () => null));
    await session.init();
    expect(window.warroomEarlySnapshot).toBeNull();
    await session.login('anna', 'anna-password');
    expect(await takeEarlySnapshot()).toBeNull();
  });

  test('a logout or an expired session before the board took it drops it', async () => {
    const session = new Session(deps(async () => A));
    await session.init();
    await session.logout();
    expect(await takeEarlySnapshot()).toBeNull();

    earlyAnswerOfA();
    await session.init();
    session.expire();
    expect(session.expired).toBe(true);
    expect(await takeEarlySnapshot()).toBeNull();
  });
});

describe('Session.refresh', () => {
  beforeEach(() => vi.stubGlobal('window', {}));
  afterEach(() => vi.unstubAllGlobals());

  test("takes the user's new WIP limit in place, drops a removed one, and ignores another user", async () => {
    let answer: User | null = { ...A, wipLimit: 5 };
    const session = new Session(deps(async () => answer));
    await session.init();
    const held = session.user!;
    answer = { ...A, wipLimit: 2 };
    await session.refresh();
    expect(held.wipLimit).toBe(2);
    answer = { ...A };
    await session.refresh();
    expect('wipLimit' in held).toBe(false);
    answer = { ...B, wipLimit: 9 };
    await session.refresh();
    expect(session.user).toBe(held);
    expect(held.username).toBe('anna');
  });
});
