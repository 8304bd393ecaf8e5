// The workflow moves (wait, resume, escalate, vendor reference, assign, priority, notes)
// over HTTP and over the socket, against a real server and redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/case.ts';
import type { ClientToServerEvents } from '../shared/socket-contract.ts';
import { connectBoard, emitAck, type BoardClient } from './helpers/clients.ts';
import { request, type Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

let stack: Stack;
let lead: Session, anna: Session, bo: Session, reporter: Session, outsider: Session, viewer: Session;
let annaSocket: BoardClient;
let leadSocket: BoardClient;
const INST = 'bh-solsikken';
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, bo, reporter, outsider, viewer] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['bo', 'member', { name: 'Bo Berg' }],
    ['sol', 'reporter', { name: 'Sofie Solsikke', institution: INST }],
    ['regn', 'reporter', { name: 'Rasmus Regnbue', institution: 'bh-regnbuen' }],
    ['wall', 'viewer', { name: 'Vægskærm' }],
  ]);
  for (const who of ['lead', 'anna', 'bo']) {
    const me = (await (who === 'lead' ? lead : who === 'anna' ? anna : bo).request('GET', '/api/session')).body.user;
    ids[who] = me.id;
  }
  const a = connectBoard(stack.baseUrl, anna.cookie);
  const l = connectBoard(stack.baseUrl, lead.cookie);
  await Promise.all([a.synced, l.synced]);
  annaSocket = a.socket;
  leadSocket = l.socket;
});
afterAll(async () => {
  annaSocket?.disconnect();
  leadSocket?.disconnect();
  await stack?.close();
});

async function newCase(title = 'Forældre kan ikke se billeder'): Promise<Case> {
  const res = await reporter.request('POST', '/api/cases', { title, institution: INST });
  expect(res.status).toBe(201);
  return res.body.case;
}

async function claimed(): Promise<Case> {
  const c = await newCase();
  expect((await anna.request('POST', `/api/cases/${c.id}/claim`)).status).toBe(200);
  return c;
}

async function waiting(): Promise<Case> {
  const c = await claimed();
  expect((await anna.request('POST', `/api/cases/${c.id}/wait`, { reason: 'Hvilken stue?' })).status).toBe(200);
  return c;
}

async function escalated(): Promise<Case> {
  const c = await claimed();
  expect((await anna.request('POST', `/api/cases/${c.id}/escalate`, { note: 'Meldt til Netcompany' })).status).toBe(200);
  return c;
}

interface MoveCase {
  name: string;
  setup: () => Promise<Case>;
  path: string;
  command: keyof ClientToServerEvents;
  by: () => { http: Session; socket: BoardClient };
  body: () => Record<string, unknown>;
  expect: (c: Case) => void;
}

const asAnna = () => ({ http: anna, socket: annaSocket });
const asLead = () => ({ http: lead, socket: leadSocket });

const MOVES: MoveCase[] = [
  {
    name: 'wait',
    setup: claimed,
    path: 'wait',
    command: 'case:wait',
    by: asAnna,
    body: () => ({ reason: 'Hvilken stue går barnet på?' }),
    expect: (c) => expect(c).toMatchObject({ status: 'waiting', waitingReason: 'Hvilken stue går barnet på?' }),
  },
  { name: 'resume from waiting', setup: waiting, path: 'resume', command: 'case:resume', by: asAnna, body: () => ({}), expect: (c) => expect(c.status).toBe('claimed') },
  { name: 'resume from the vendor', setup: escalated, path: 'resume', command: 'case:resume', by: asAnna, body: () => ({}), expect: (c) => expect(c.status).toBe('claimed') },
  {
    name: 'escalate',
    setup: claimed,
    path: 'escalate',
    command: 'case:escalate',
    by: asAnna,
    body: () => ({ note: 'MitID-fejl meldt til Netcompany', vendorRef: 'NC-4711' }),
    expect: (c) => {
      expect(c).toMatchObject({ status: 'escalated', vendorRef: 'NC-4711' });
      expect(c.notes.at(-1)).toMatchObject({ text: 'MitID-fejl meldt til Netcompany', visibility: 'internal' });
    },
  },
  {
    name: 'vendor reference later',
    setup: escalated,
    path: 'vendor-ref',
    command: 'case:set-vendor-ref',
    by: asAnna,
    body: () => ({ vendorRef: 'NC-9000' }),
    expect: (c) => expect(c).toMatchObject({ status: 'escalated', vendorRef: 'NC-9000' }),
  },
  {
    name: 'assign',
    setup: () => newCase(),
    path: 'assign',
    command: 'case:assign',
    by: asLead,
    body: () => ({ userId: ids.bo }),
    expect: (c) => expect(c).toMatchObject({ status: 'claimed', assignee: { id: ids.bo, name: 'Bo Berg' } }),
  },
  {
    name: 'priority',
    setup: () => newCase(),
    path: 'priority',
    command: 'case:prioritize',
    by: asAnna,
    body: () => ({ priority: 'urgent' }),
    expect: (c) => {
      expect(c.priority).toBe('urgent');
      // The example rollout's urgent targets: claim within 10 minutes, resolve within 2 hours.
      expect(c.sla.claim.targetMs).toBe(10 * 60_000);
      expect(c.sla.resolve.targetMs).toBe(120 * 60_000);
    },
  },
  {
    name: 'note',
    setup: claimed,
    path: 'notes',
    command: 'case:note',
    by: asAnna,
    body: () => ({ text: 'Ringet til lederen', visibility: 'internal' }),
    expect: (c) => expect(c.notes.at(-1)).toMatchObject({ id: 1, text: 'Ringet til lederen', visibility: 'internal', author: { name: 'Anna Andersen' } }),
  },
];

describe.each(MOVES)('$name', (move) => {
  it('over HTTP answers 200 with the case and stores the event', async () => {
    const c = await move.setup();
    const res = await move.by().http.request('POST', `/api/cases/${c.id}/${move.path}`, move.body());
    expect(res.status).toBe(200);
    move.expect(res.body.case);
    const stored = (await lead.request('GET', `/api/cases/${c.id}`)).body;
    move.expect(stored.case);
    expect(stored.events.at(-1).version).toBe(stored.case.version);
  });

  it('over the socket acknowledges with the case', async () => {
    const c = await move.setup();
    const ack = await emitAck(move.by().socket, move.command as 'case:wait', { caseId: c.id, ...move.body() } as never);
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    move.expect(ack.case);
  });

  it('is refused to a viewer (403) and hidden from another institution (403 at the door)', async () => {
    const c = await move.setup();
    expect((await viewer.request('POST', `/api/cases/${c.id}/${move.path}`, move.body())).status).toBe(403);
    const other = await outsider.request('POST', `/api/cases/${c.id}/${move.path}`, move.body());
    expect([403, 404]).toContain(other.status);
  });
});

describe('refusals', () => {
  it('a move from the wrong state is 409 with the case', async () => {
    const c = await newCase();
    const res = await anna.request('POST', `/api/cases/${c.id}/wait`, { reason: 'Hvilken stue?' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('new') }, case: { id: c.id, status: 'new' } });
  });

  it("a member cannot set a colleague's case waiting (409), nor assign (403)", async () => {
    const c = await claimed();
    expect((await bo.request('POST', `/api/cases/${c.id}/wait`, { reason: 'x' })).status).toBe(409);
    expect((await bo.request('POST', `/api/cases/${c.id}/assign`, { userId: ids.bo })).status).toBe(403);
  });

  it.each([
    ['wait without a reason', 'wait', {}],
    ['escalate without a note', 'escalate', { vendorRef: 'NC-1' }],
    ['an unknown priority', 'priority', { priority: 'asap' }],
    ['a note with an unknown visibility', 'notes', { text: 'Hej', visibility: 'public' }],
    ['a note over 2000 characters', 'notes', { text: 'x'.repeat(2001), visibility: 'internal' }],
    ['an unknown field', 'resume', { force: true }],
  ])('%s is a 400 that names the problem', async (_name, path, body) => {
    const c = await claimed();
    const res = await anna.request('POST', `/api/cases/${c.id}/${path}`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message.length).toBeGreaterThan(10);
  });

  it('assigning to an unknown account or to a superuser is a 400', async () => {
    const c = await newCase();
    expect((await lead.request('POST', `/api/cases/${c.id}/assign`, { userId: 'u999' })).body).toMatchObject({ error: { code: 'invalid' } });
    const sol = (await reporter.request('GET', '/api/session')).body.user.id;
    expect((await lead.request('POST', `/api/cases/${c.id}/assign`, { userId: sol })).status).toBe(400);
  });

  it('a socket command with a bad payload is refused with a message', async () => {
    const c = await claimed();
    const ack = await emitAck(annaSocket, 'case:escalate', { caseId: c.id } as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringContaining('note') } });
  });
});

describe("the reporter's side", () => {
  it('sees the question, answers it, and the case goes back to the team', async () => {
    const c = await waiting();
    const seen = (await reporter.request('GET', `/api/cases/${c.id}`)).body.case as Case;
    expect(seen).toMatchObject({ status: 'waiting', waitingReason: 'Hvilken stue?' });
    expect(seen.notes).toMatchObject([{ text: 'Hvilken stue?', visibility: 'reporter' }]);
    const res = await reporter.request('POST', `/api/cases/${c.id}/notes`, { text: 'Bien-stuen', visibility: 'reporter' });
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({ status: 'claimed', assignee: { name: 'Anna Andersen' } });
    const events = (await anna.request('GET', `/api/cases/${c.id}`)).body.events.map((e: { type: string }) => e.type);
    expect(events.slice(-2)).toEqual(['case.note_added', 'case.resumed']);
  });

  it('cannot write an internal note, and never receives one: not over HTTP, the event log or the socket', async () => {
    const c = await claimed();
    expect((await reporter.request('POST', `/api/cases/${c.id}/notes`, { text: 'Hej', visibility: 'internal' })).status).toBe(403);
    const board = connectBoard(stack.baseUrl, reporter.cookie);
    await board.synced;
    const secret = 'Lederen er svær at få fat i';
    await anna.request('POST', `/api/cases/${c.id}/notes`, { text: secret, visibility: 'internal' });
    await anna.request('POST', `/api/cases/${c.id}/escalate`, { note: `Intern: ${secret}` });
    await board.waitFor((events) => events.some((e) => e.caseId === c.id && e.type === 'case.escalated'));
    board.socket.disconnect();
    const views = [
      JSON.stringify(board.events),
      JSON.stringify((await reporter.request('GET', `/api/cases/${c.id}`)).body),
      JSON.stringify((await reporter.request('GET', '/api/cases')).body),
      JSON.stringify((await reporter.request('GET', '/api/events')).body),
    ];
    for (const view of views) expect(view).not.toContain(secret);
    // The team sees it.
    expect(JSON.stringify((await anna.request('GET', `/api/cases/${c.id}`)).body)).toContain(secret);
  });
});

describe('WIP limit', () => {
  let own: Stack;
  let mona: Session, lene: Session, sol: Session;
  beforeAll(async () => {
    own = await startStack({ rollout: { wip: { default: 2, members: { mona: 3 } } } });
    [mona, lene, sol] = await loginAll(own, [
      ['mona', 'member', { name: 'Mona Mikkelsen' }],
      ['lene', 'lead'],
      ['sol', 'reporter', { institution: INST }],
    ]);
  });
  afterAll(() => own?.close());

  const create = async () => (await sol.request('POST', '/api/cases', { title: 'Kan ikke logge ind', institution: INST })).body.case as Case;

  it('tells a member their own limit with the session, so the board can show it; a lead has none', async () => {
    expect((await mona.request('GET', '/api/session')).body.user).toMatchObject({ username: 'mona', wipLimit: 3 });
    const login = await request(own.baseUrl, 'POST', '/api/session', { username: 'mona', password: 'mona-password' });
    expect(login.body.user.wipLimit).toBe(3);
    expect((await lene.request('GET', '/api/session')).body.user).not.toHaveProperty('wipLimit');
  });

  it('refuses a claim beyond the limit with wip_limit; waiting cases do not count; resolving frees a place', async () => {
    const cases = await Promise.all(Array.from({ length: 6 }, create));
    for (const c of cases.slice(0, 3)) expect((await mona.request('POST', `/api/cases/${c.id}/claim`)).status).toBe(200);
    const refused = await mona.request('POST', `/api/cases/${cases[3].id}/claim`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'wip_limit', message: expect.stringContaining('3') });
    expect((await mona.request('GET', `/api/cases/${cases[3].id}`)).body.case.status).toBe('new');

    await mona.request('POST', `/api/cases/${cases[0].id}/wait`, { reason: 'Hvilken stue?' });
    expect((await mona.request('POST', `/api/cases/${cases[3].id}/claim`)).status).toBe(200);
    expect((await mona.request('POST', `/api/cases/${cases[4].id}/claim`)).body.error.code).toBe('wip_limit');
    await mona.request('POST', `/api/cases/${cases[1].id}/resolve`, { resolution: 'Løst' });
    expect((await mona.request('POST', `/api/cases/${cases[4].id}/claim`)).status).toBe(200);
    // The lead is not held to it and may hand out work beyond it.
    const monaId = (await mona.request('GET', '/api/session')).body.user.id;
    expect((await lene.request('POST', `/api/cases/${cases[5].id}/assign`, { userId: monaId })).status).toBe(200);
  });

  it('holds under concurrent claims: never more than the limit', async () => {
    const own2 = await Promise.all(Array.from({ length: 10 }, create));
    const bob = (await loginAll(own, [['bob', 'member']]))[0];
    const results = await Promise.all(own2.map((c) => bob.request('POST', `/api/cases/${c.id}/claim`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.body?.error?.code === 'wip_limit')).toHaveLength(8);
  });
});
