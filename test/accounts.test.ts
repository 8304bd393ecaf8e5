// Accounts in the lead's hands and the one-time password links, over real HTTP and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBoard } from './helpers/clients.ts';
import { login, request, type Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

let stack: Stack;
let lead: Session, anna: Session, reporter: Session, viewer: Session;

beforeAll(async () => {
  stack = await startStack({ env: { PUBLIC_ORIGIN: 'https://warroom.example.dk' } });
  [lead, anna, reporter, viewer] = await loginAll(stack, [
    ['lene', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { name: 'Sofie Solsikke', institution: 'bh-solsikken' }],
    ['wall', 'viewer', { name: 'Vægskærm' }],
  ]);
});
afterAll(() => stack?.close());

const tokenOf = (url: string) => {
  const m = /^https:\/\/warroom\.example\.dk\/#\/set-password\/([A-Za-z0-9_-]{43})$/.exec(url);
  if (!m) throw new Error(`not a set-password link: ${url}`);
  return m[1];
};
// The same origin as PUBLIC_ORIGIN, as the board's own page sends it.
const origin = { origin: 'https://warroom.example.dk' };
const linkInfo = (token: string) => request(stack.baseUrl, 'GET', `/api/password-links/${token}`);
const setPassword = (token: string, password: string) => request(stack.baseUrl, 'POST', `/api/password-links/${token}`, { password }, origin);

async function postCsv(s: Session | null, path: string, csv: string) {
  const res = await fetch(stack.baseUrl + path, { method: 'POST', headers: { ...(s ? { cookie: s.cookie } : {}), 'content-type': 'text/csv' }, body: csv });
  return { status: res.status, body: await res.json() };
}

describe('who may manage accounts', () => {
  it('only the lead: member, viewer and reporter get 403, anonymous 401', async () => {
    for (const s of [anna, viewer, reporter]) {
      expect((await s.request('GET', '/api/users')).status).toBe(403);
      expect((await s.request('POST', '/api/users', { username: 'x1', name: 'X', role: 'member' })).status).toBe(403);
      expect((await s.request('POST', '/api/users/anna/disable')).status).toBe(403);
      expect((await postCsv(s, '/api/users/import', 'a1,A,bh-solsikken')).status).toBe(403);
    }
    expect((await request(stack.baseUrl, 'GET', '/api/users')).status).toBe(401);
    expect((await postCsv(null, '/api/users/import', 'a1,A,bh-solsikken')).status).toBe(401);
  });

  it('lists public fields with the disabled and password flags, never a hash', async () => {
    const res = await lead.request('GET', '/api/users');
    expect(res.status).toBe(200);
    expect(res.body.users.find((u: { username: string }) => u.username === 'sol')).toEqual({
      id: expect.any(String),
      username: 'sol',
      name: 'Sofie Solsikke',
      role: 'reporter',
      institution: 'bh-solsikken',
      disabled: false,
      passwordSet: true,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
  });
});

describe('create and the one-time link', () => {
  it('creates an account without a password, whose link sets one exactly once', async () => {
    const res = await lead.request('POST', '/api/users', { username: 'Cai', name: 'Cai Christensen', role: 'member' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: 'cai', name: 'Cai Christensen', role: 'member', institution: null, disabled: false, passwordSet: false });
    const token = tokenOf(res.body.link.url);
    const days = (Date.parse(res.body.link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    // No password yet: nothing logs in, not even an empty one.
    expect((await request(stack.baseUrl, 'POST', '/api/session', { username: 'cai', password: 'anything-at-all' })).status).toBe(401);
    // Only the hash of the token is stored.
    const keys = await stack.app.services.redis.keys('wr:password-link:*');
    expect(keys.some((k) => k.includes(token))).toBe(false);

    expect(await linkInfo(token)).toMatchObject({ status: 200, body: { username: 'cai' } });
    expect(await setPassword(token, 'short')).toMatchObject({ status: 400, body: { error: { message: /at least 8 characters/ } } });
    // A refused password does not burn the link.
    expect(await setPassword(token, 'cai-new-password')).toMatchObject({ status: 200, body: { username: 'cai' } });
    expect((await login(stack.baseUrl, 'cai', 'cai-new-password')).cookie).toMatch(/wr_session=/);

    // Single use: the same link neither answers nor sets a password again.
    expect(await linkInfo(token)).toMatchObject({ status: 404, body: { error: { message: /no longer works/ } } });
    expect((await setPassword(token, 'someone-elses-password')).status).toBe(404);
    expect((await request(stack.baseUrl, 'POST', '/api/session', { username: 'cai', password: 'someone-elses-password' })).status).toBe(401);
    expect((await lead.request('GET', '/api/users')).body.users.find((u: { username: string }) => u.username === 'cai').passwordSet).toBe(true);
  });

  it('refuses an existing username (409), a reporter without institution and an unknown institution (400)', async () => {
    const taken = await lead.request('POST', '/api/users', { username: 'anna', name: 'Anna 2', role: 'member' });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'user_exists', params: { username: 'anna' } } } });
    const noInst = await lead.request('POST', '/api/users', { username: 'r1', name: 'R', role: 'reporter' });
    expect(noInst).toMatchObject({ status: 400, body: { error: { message: /reporter needs an institution/ } } });
    const badInst = await lead.request('POST', '/api/users', { username: 'r1', name: 'R', role: 'reporter', institution: 'atlantis' });
    expect(badInst).toMatchObject({ status: 400, body: { error: { message: /Unknown institution "atlantis"/ } } });
    const badName = await lead.request('POST', '/api/users', { username: 'Two Words', name: 'R', role: 'member' });
    expect(badName).toMatchObject({ status: 400, body: { error: { code: 'username_format', message: /Username must be/, params: { username: 'two words' } } } });
  });

  it('answers 404 for a made-up token and 400 for a malformed one', async () => {
    expect((await linkInfo('A'.repeat(43))).status).toBe(404);
    expect((await linkInfo('nope')).status).toBe(400);
  });
});

describe('disable and enable', () => {
  it('disabling ends the user’s sessions and open boards at once, and refuses new logins', async () => {
    await stack.addUser('dina', 'dina-password', 'member', { name: 'Dina Dahl' });
    const dina = await login(stack.baseUrl, 'dina', 'dina-password');
    const board = connectBoard(stack.baseUrl, dina.cookie);
    await board.synced;
    const closed = new Promise<string>((resolve) => board.socket.once('disconnect', resolve));
    board.socket.io.opts.reconnection = false;

    const res = await lead.request('POST', '/api/users/dina/disable');
    expect(res).toMatchObject({ status: 200, body: { user: { username: 'dina', disabled: true } } });
    expect(await closed).toBe('io server disconnect');
    expect((await dina.request('GET', '/api/session')).status).toBe(401);
    expect((await request(stack.baseUrl, 'POST', '/api/session', { username: 'dina', password: 'dina-password' })).status).toBe(401);

    expect(await lead.request('POST', '/api/users/dina/enable')).toMatchObject({ status: 200, body: { user: { disabled: false } } });
    expect((await login(stack.baseUrl, 'dina', 'dina-password')).cookie).toMatch(/wr_session=/);
    board.socket.close();
  });

  it('a disabled account’s pending link stops working', async () => {
    const created = await lead.request('POST', '/api/users', { username: 'eva', name: 'Eva Eriksen', role: 'member' });
    const token = tokenOf(created.body.link.url);
    await lead.request('POST', '/api/users/eva/disable');
    expect((await setPassword(token, 'eva-password-1')).status).toBe(404);
  });

  it('the lead cannot disable themselves; an unknown name is 404', async () => {
    expect((await lead.request('POST', '/api/users/lene/disable')).status).toBe(409);
    expect((await lead.request('POST', '/api/users/nobody/disable')).status).toBe(404);
    expect((await lead.request('POST', '/api/users/nobody/enable')).status).toBe(404);
  });
});

describe('reset', () => {
  it('ends the old password and sessions at once; the new link sets a new one; an older link is void', async () => {
    await stack.addUser('finn', 'finn-old-password', 'member', { name: 'Finn Frost' });
    const finn = await login(stack.baseUrl, 'finn', 'finn-old-password');
    const first = await lead.request('POST', '/api/users/finn/reset');
    expect(first).toMatchObject({ status: 200, body: { user: { username: 'finn', passwordSet: false } } });
    expect((await finn.request('GET', '/api/session')).status).toBe(401);
    expect((await request(stack.baseUrl, 'POST', '/api/session', { username: 'finn', password: 'finn-old-password' })).status).toBe(401);

    // Resetting again replaces the link: only the newest one works.
    const second = await lead.request('POST', '/api/users/finn/reset');
    expect((await setPassword(tokenOf(first.body.link.url), 'finn-password-a')).status).toBe(404);
    expect((await setPassword(tokenOf(second.body.link.url), 'finn-password-b')).status).toBe(200);
    expect((await login(stack.baseUrl, 'finn', 'finn-password-b')).cookie).toMatch(/wr_session=/);
  });

  it('the lead cannot reset their own account here', async () => {
    expect((await lead.request('POST', '/api/users/lene/reset'))).toMatchObject({ status: 409, body: { error: { code: 'own_account' } } });
  });

  it('nor disable or reset it under a spelling the login would read as theirs (spaces, capitals)', async () => {
    for (const spelling of ['lene%20', 'LENE', '%20Lene']) {
      expect(await lead.request('POST', `/api/users/${spelling}/disable`), spelling).toMatchObject({ status: 409, body: { error: { code: 'own_account' } } });
      expect(await lead.request('POST', `/api/users/${spelling}/reset`), spelling).toMatchObject({ status: 409, body: { error: { code: 'own_account' } } });
    }
    expect((await lead.request('GET', '/api/session')).status).toBe(200);
  });
});

describe('superuser CSV import', () => {
  it('creates reporter accounts with a link each', async () => {
    const csv = 'username,name,institution\r\nhelle-sol,Helle Holm,bh-solsikken\r\n"ib-regn","Berg, Ib",bh-regnbuen\r\n';
    const res = await postCsv(lead, '/api/users/import', csv);
    expect(res.status).toBe(201);
    expect(res.body.users).toEqual([
      { username: 'helle-sol', name: 'Helle Holm', institution: 'bh-solsikken', link: expect.stringMatching(/#\/set-password\//), expiresAt: expect.any(String) },
      { username: 'ib-regn', name: 'Berg, Ib', institution: 'bh-regnbuen', link: expect.stringMatching(/#\/set-password\//), expiresAt: expect.any(String) },
    ]);
    const ib = (await lead.request('GET', '/api/users')).body.users.find((u: { username: string }) => u.username === 'ib-regn');
    expect(ib).toMatchObject({ role: 'reporter', institution: 'bh-regnbuen', passwordSet: false });

    expect((await setPassword(tokenOf(res.body.users[1].link), 'ib-password-1')).status).toBe(200);
    const ibSession = await login(stack.baseUrl, 'ib-regn', 'ib-password-1');
    expect((await ibSession.request('GET', '/api/session')).body.user).toMatchObject({ role: 'reporter', institution: 'bh-regnbuen' });
  });

  it.each([
    ['an unknown institution', 'kim-x,Kim Krog,atlantis', /^Line 3: institution "atlantis" is not in the rollout config/],
    ['a username twice in the file', 'jens-a,Jens Again,bh-solsikken', /^Line 3: username "jens-a" is already on line 2/],
    ['an existing username', 'sol,Sofie Igen,bh-solsikken', /^Line 3: username "sol" already exists/],
    ['a missing column', 'kim-x,Kim Krog', /^Line 3: expected 3 fields/],
    ['a bad username', 'Kim Krog,Kim Krog,bh-solsikken', /^Line 3: username "Kim Krog" is not valid/],
  ])('refuses a file with %s: 400 names the line, no account is created', async (_label, badLine, message) => {
    const before = (await lead.request('GET', '/api/users')).body.users.length;
    const csv = ['username,name,institution', 'jens-a,Jens Andersen,bh-solsikken', badLine, 'lise-b,Lise Bech,bh-regnbuen'].join('\n');
    const res = await postCsv(lead, '/api/users/import', csv);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(res.body.error.message).toMatch(/Nothing was imported/);
    expect(res.body.line).toBe(3);
    expect(res.body.error.params).toMatchObject({ line: 3 });
    expect(res.body.error.code).toBe(_label === 'an existing username' ? 'user_exists' : 'invalid');
    const after = (await lead.request('GET', '/api/users')).body.users;
    expect(after).toHaveLength(before);
    expect(after.map((u: { username: string }) => u.username)).not.toContain('jens-a');
  });

  it('wants the CSV itself, not JSON', async () => {
    const res = await lead.request('POST', '/api/users/import', { csv: 'a,b,c' });
    expect(res.status).toBe(415);
  });
});

describe('npx warroom user … still sees the same accounts', () => {
  it('lists accounts made in the UI through the same store', async () => {
    const names = (await stack.app.services.users.list()).map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['cai', 'helle-sol', 'ib-regn']));
  });
});
