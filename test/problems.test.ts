// Recurring problems: similar cases found at intake, problems linking cases across centres,
// one resolution closing them all (also when cut off halfway), the answer library and the
// notice banner — over HTTP, with the socket events a board sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/case.ts';
import type { CaseEvent } from '../shared/events.ts';
import type { NoticeView } from '../shared/socket-contract.ts';
import { connectBoard, emitAck } from './helpers/clients.ts';
import type { Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { connectRedis } from '../server/redis/connect.ts';
import { CaseStore } from '../server/store/case-store.ts';
import { DocStore } from '../server/store/library-store.ts';
import { keys } from '../server/store/keys.ts';
import { CaseService } from '../server/services/case-service.ts';
import { ProblemService } from '../server/services/problem-service.ts';
import { AnswerService } from '../server/services/answer-service.ts';
import { Broadcast } from '../server/live/broadcast.ts';
import type { Problem } from '../shared/problem.ts';
import type { Answer } from '../shared/problem-schemas.ts';
import { loginAll } from './helpers/team.ts';

let stack: Stack;
let lead: Session, anna: Session, sol: Session, regn: Session, bien: Session, wall: Session;
const LOGIN_LOOP = [
  { title: 'Forælder kommer ikke ind med MitID', description: 'Mor godkender i MitID appen men så står Aula bare og kører og sender hende tilbage til forsiden. Prøvet flere gange i dag.' },
  { title: 'Forældre sidder fast i login', description: "Vi har 3 forældre i dag der ikke kan komme ind. De godkender i MitID og så bliver de sendt retur til 'Log ind' knappen. Hvad gør vi?" },
  { title: 'Forælder kommer ikke ind med MitID', description: 'Far godkender i MitID appen, men Aula sender ham tilbage til forsiden igen og igen.' },
];
const UNRELATED = { title: 'Printeren på kontoret er løbet tør for toner', description: 'Kan I bestille en ny?' };

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, sol, regn, bien, wall] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: 'bh-solsikken' }],
    ['regn', 'reporter', { institution: 'bh-regnbuen' }],
    ['bien', 'reporter', { institution: 'vs-humlebien' }],
    ['wall', 'viewer'],
  ]);
});
afterAll(() => stack?.close());

async function submit(as: Session, institution: string, text: { title: string; description: string }): Promise<Case> {
  const res = await as.request('POST', '/api/cases', { ...text, institution });
  expect(res.status).toBe(201);
  return res.body.case;
}

async function enriched(id: string): Promise<Case> {
  for (let i = 0; i < 200; i++) {
    const c = (await lead.request('GET', `/api/cases/${id}`)).body.case as Case;
    if (c.enrichedAt) return c;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`case ${id} was never enriched`);
}

const resolvedEvents = (events: CaseEvent[], id: string) => events.filter((e) => e.caseId === id && e.type === 'case.resolved');

describe('similar cases at intake', () => {
  it('records the best matches among recent cases, and GET /similar finds them from either side', async () => {
    const first = await submit(sol, 'bh-solsikken', LOGIN_LOOP[0]);
    await enriched(first.id);
    const second = await enriched((await submit(regn, 'bh-regnbuen', LOGIN_LOOP[1])).id);
    const third = await enriched((await submit(bien, 'vs-humlebien', LOGIN_LOOP[2])).id);
    const other = await enriched((await submit(sol, 'bh-solsikken', UNRELATED)).id);

    expect(second.similar.map((s) => s.caseId)).toEqual([first.id]);
    expect(third.similar.map((s) => s.caseId)).toContain(first.id);
    expect(other.similar).toEqual([]);
    for (const s of [...second.similar, ...third.similar]) expect(s.score).toBeGreaterThan(0.5);

    const fromFirst = (await anna.request('GET', `/api/cases/${first.id}/similar`)).body.similar as { caseId: string; score: number }[];
    expect(fromFirst.map((s) => s.caseId).sort()).toEqual([second.id, third.id].sort());
    expect(fromFirst[0].score).toBeGreaterThanOrEqual(fromFirst[1].score);
    expect((await anna.request('GET', `/api/cases/${other.id}/similar`)).body).toEqual({ similar: [], problems: [] });
    expect((await sol.request('GET', `/api/cases/${first.id}/similar`)).status).toBe(403);
    expect((await anna.request('GET', '/api/cases/99999/similar')).status).toBe(404);
  });
});

describe('problems', () => {
  it('a member makes a problem from two cases, links a third over the socket; the problem shows cases, centres and arrival', async () => {
    const board = connectBoard(stack.baseUrl, anna.cookie);
    await board.synced;
    const problemsSeen: string[] = [];
    board.socket.on('problem:changed', (p) => problemsSeen.push(`${p.id}:${p.status}`));
    const a = await submit(sol, 'bh-solsikken', LOGIN_LOOP[0]);
    const b = await submit(regn, 'bh-regnbuen', LOGIN_LOOP[1]);
    const c = await submit(bien, 'vs-humlebien', LOGIN_LOOP[2]);

    const created = await anna.request('POST', '/api/problems', { title: 'MitID-login sender forældre tilbage', caseIds: [a.id, b.id] });
    expect(created.status).toBe(201);
    const problem = created.body.problem;
    expect(problem).toMatchObject({ title: 'MitID-login sender forældre tilbage', status: 'open', createdBy: { name: 'Anna Andersen' } });
    const ack = await emitAck(board.socket, 'case:link', { caseId: c.id, problemId: problem.id });
    if (!ack.ok) throw new Error(ack.error.message);
    expect(ack.case.problem).toEqual({ id: problem.id, title: problem.title });

    await board.waitFor((events) => events.filter((e) => e.type === 'case.linked').length >= 3);
    expect(board.events.filter((e) => e.type === 'case.linked').map((e) => e.caseId).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(problemsSeen).toContain(`${problem.id}:open`);

    const view = (await wall.request('GET', `/api/problems/${problem.id}`)).body;
    expect(view).toMatchObject({ caseIds: [a.id, b.id, c.id], openCaseIds: [a.id, b.id, c.id], institutions: ['bh-regnbuen', 'bh-solsikken', 'vs-humlebien'], firstAt: a.createdAt, lastAt: c.createdAt });
    expect((await anna.request('GET', '/api/problems')).body.problems.map((p: { problem: { id: string } }) => p.problem.id)).toContain(problem.id);

    // Linking again changes nothing; unlinking takes it out.
    expect((await anna.request('POST', `/api/cases/${c.id}/link`, { problemId: problem.id })).body.case.version).toBe(ack.case.version);
    expect((await anna.request('POST', `/api/cases/${c.id}/unlink`)).body.case.problem).toBeNull();
    expect((await anna.request('POST', `/api/cases/${c.id}/link`, { problemId: '99999' })).status).toBe(400);
    board.socket.disconnect();
  });

  it('resolving a problem resolves every linked open case once, with the same resolution and answer', async () => {
    const answer = (await anna.request('POST', '/api/answers', { title: 'Video: log ind med MitID i Aula', url: 'https://www.aula.dk/video/mitid-login', languages: ['da'], tags: ['MitID', 'login'] })).body.answer;
    const cases = [await submit(sol, 'bh-solsikken', LOGIN_LOOP[0]), await submit(regn, 'bh-regnbuen', LOGIN_LOOP[1]), await submit(bien, 'vs-humlebien', LOGIN_LOOP[2])];
    // One is already answered another way, and one is held by a colleague: the problem closes it anyway.
    await anna.request('POST', `/api/cases/${cases[0].id}/resolve`, { resolution: 'Ringede til forælderen' });
    await lead.request('POST', `/api/cases/${cases[1].id}/claim`);
    const problem = (await anna.request('POST', '/api/problems', { title: 'MitID-loop', caseIds: cases.map((c) => c.id) })).body.problem;

    const res = await anna.request('POST', `/api/problems/${problem.id}/resolve`, { resolution: 'Netcompany har rettet fejlen; se videoen', answerId: answer.id });
    expect(res.status).toBe(200);
    expect(res.body.problem).toMatchObject({ status: 'resolved', resolution: 'Netcompany har rettet fejlen; se videoen', answer: { id: answer.id, url: answer.url } });

    for (const c of cases.slice(1)) {
      const { case: after, events } = (await lead.request('GET', `/api/cases/${c.id}`)).body as { case: Case; events: CaseEvent[] };
      expect(after).toMatchObject({ status: 'resolved', resolution: 'Netcompany har rettet fejlen; se videoen', answer: { id: answer.id, title: answer.title, url: answer.url } });
      expect(resolvedEvents(events, c.id)).toHaveLength(1);
      expect(resolvedEvents(events, c.id)[0].actor.name).toBe('Anna Andersen');
    }
    const first = (await lead.request('GET', `/api/cases/${cases[0].id}`)).body;
    expect(first.case.resolution).toBe('Ringede til forælderen');
    expect(resolvedEvents(first.events, cases[0].id)).toHaveLength(1);

    // The superuser sees the answer's link on their case.
    const seen = (await sol.request('GET', `/api/cases/${cases[0].id}`)).body.case as Case;
    expect(seen.resolution).toBe('Ringede til forælderen');
    const reg = (await regn.request('GET', `/api/cases/${cases[1].id}`)).body.case as Case;
    expect(reg.answer?.url).toBe('https://www.aula.dk/video/mitid-login');

    // Resolving it again adds nothing.
    expect((await anna.request('POST', `/api/problems/${problem.id}/resolve`, { resolution: 'Igen' })).body.problem.resolution).toBe('Netcompany har rettet fejlen; se videoen');
  });

  // The cut is made at a fixed point: a second server process's worth of services on its own
  // Redis connection resolves the problem, and that connection is closed after the third case,
  // as when a node loses Redis halfway. The running server then finishes it on a retry.
  it('a resolution cut off halfway is finished by a retry without a second resolution on any case', { timeout: 120_000 }, async () => {
    const own = await startStack();
    const client = await connectRedis({ url: own.redisUrl });
    try {
      const [ownLead, ownSol] = await loginAll(own, [
        ['lene', 'lead'],
        ['sol', 'reporter', { institution: 'bh-solsikken' }],
      ]);
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await ownSol.request('POST', '/api/cases', { title: `MitID-loop ${i}`, institution: 'bh-solsikken' })).body.case.id);
      const problem = (await ownLead.request('POST', '/api/problems', { title: 'MitID-loop', caseIds: ids })).body.problem;
      const lead = (await ownLead.request('GET', '/api/session')).body.user;

      const store = new CaseStore(client);
      const cases = new CaseService({ store, settings: own.app.services.settings });
      let handled = 0;
      const cutting = {
        handle: async (...args: Parameters<CaseService['handle']>) => {
          if (++handled === 4) await client.close();
          return cases.handle(...args);
        },
      } as unknown as CaseService;
      // A second node's services, on the same boards' server: its broadcasts reach the same boards.
      const broadcast = new Broadcast(own.app.io);
      const node = new ProblemService({
        problems: new DocStore<Problem>(client, keys.problems),
        store,
        cases: cutting,
        answers: new AnswerService({ answers: new DocStore<Answer>(client, keys.answers), broadcast }),
        broadcast,
      });
      await expect(node.resolve(problem.id, { resolution: 'Rettet af Netcompany' }, { ...lead, role: 'lead' })).rejects.toThrow();
      const halfway = (await ownLead.request('GET', `/api/problems/${problem.id}`)).body;
      expect(halfway.problem.status).toBe('resolving');
      expect(halfway.openCaseIds).toHaveLength(7);

      const retried = await ownLead.request('POST', `/api/problems/${problem.id}/resolve`, { resolution: 'Rettet af Netcompany' });
      expect(retried.status).toBe(200);
      expect(retried.body.problem.status).toBe('resolved');
      for (const id of ids) {
        const { case: c, events } = (await ownLead.request('GET', `/api/cases/${id}`)).body as { case: Case; events: CaseEvent[] };
        expect(c).toMatchObject({ status: 'resolved', resolution: 'Rettet af Netcompany' });
        expect(resolvedEvents(events, id)).toHaveLength(1);
      }
    } finally {
      if (client.isOpen) await client.close();
      await own.close();
    }
  });
});

describe('the answer library', () => {
  it('creates and edits answers, refuses non-web links, counts uses and lists what still needs an answer', async () => {
    const bad = await anna.request('POST', '/api/answers', { title: 'Ond', url: 'javascript:alert(1)', languages: ['da'] });
    expect(bad).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('https://') } } });
    expect((await anna.request('POST', '/api/answers', { title: 'x', url: 'data:text/html,hi', languages: ['da'] })).status).toBe(400);
    expect((await anna.request('POST', '/api/answers', { title: 'x', url: 'https://a.dk', languages: [] })).status).toBe(400);
    expect((await sol.request('POST', '/api/answers', { title: 'x', url: 'https://a.dk', languages: ['da'] })).status).toBe(403);

    const created = (await anna.request('POST', '/api/answers', { title: 'Guide: samtykker', url: 'https://www.aula.dk/samtykker', languages: ['da', 'en'], tags: ['Samtykke', 'samtykke'] })).body.answer;
    expect(created).toMatchObject({ languages: ['da', 'en'], tags: ['samtykke'] });
    const edited = await anna.request('PUT', `/api/answers/${created.id}`, { title: 'Video: samtykker', url: 'https://www.aula.dk/video/samtykker', languages: ['da'] });
    expect(edited.body.answer).toMatchObject({ id: created.id, title: 'Video: samtykker', createdAt: created.createdAt });

    const c1 = await submit(sol, 'bh-solsikken', { title: 'Samtykker vises ikke', description: '' });
    const c2 = await submit(regn, 'bh-regnbuen', { title: 'Hvor er samtykkerne?', description: '' });
    for (const c of [c1, c2]) await anna.request('POST', `/api/cases/${c.id}/resolve`, { resolution: 'Se videoen', answerId: created.id });
    expect((await anna.request('POST', `/api/cases/${c1.id}/reopen`)).status).toBe(200);

    const library = (await wall.request('GET', '/api/answers')).body;
    expect(library.answers.find((a: { id: string }) => a.id === created.id).uses).toBe(1);
    // The login problem of the first test (two centres, no answer) is on the list; answered ones are not.
    const open = (await anna.request('POST', '/api/problems', { title: 'Beskeder forsvinder', caseIds: [(await submit(sol, 'bh-solsikken', { title: 'Beskeder forsvinder', description: '' })).id, (await submit(regn, 'bh-regnbuen', { title: 'Beskeder væk', description: '' })).id] })).body.problem;
    const after = (await anna.request('GET', '/api/answers')).body;
    expect(after.unanswered).toContainEqual(expect.objectContaining({ kind: 'problem', problemId: open.id, institutions: ['bh-regnbuen', 'bh-solsikken'] }));
    expect(after.unanswered.every((u: { kind: string; problemId: string | null }) => u.kind === 'similar' || u.problemId !== null)).toBe(true);
    expect((await sol.request('GET', '/api/answers')).status).toBe(403);
  });
});

describe('notices', () => {
  it('a problem announced as a known issue reaches every superuser live, and goes when withdrawn or resolved', async () => {
    const solBoard = connectBoard(stack.baseUrl, sol.cookie);
    await solBoard.synced;
    const notices: NoticeView[][] = [];
    solBoard.socket.on('notice:changed', (n) => notices.push(n));
    const problem = (await anna.request('POST', '/api/problems', { title: 'Billeder kan ikke hentes' })).body.problem;

    expect((await anna.request('PUT', `/api/problems/${problem.id}/notice`, { message: 'Kendt fejl: brug browseren i stedet for appen.' })).status).toBe(200);
    const waitNotices = async (pred: (n: NoticeView[]) => boolean) => {
      await expect.poll(() => notices.length > 0 && pred(notices.at(-1)!), { timeout: 10_000, interval: 20, message: 'the notices a superuser sees' }).toBe(true);
      return notices.at(-1)!;
    };
    expect(await waitNotices((n) => n.some((x) => x.problemId === problem.id))).toContainEqual({ problemId: problem.id, title: 'Billeder kan ikke hentes', message: 'Kendt fejl: brug browseren i stedet for appen.', at: expect.any(String) });
    expect((await regn.request('GET', '/api/notices')).body.notices).toContainEqual(expect.objectContaining({ problemId: problem.id }));
    expect((await sol.request('PUT', `/api/problems/${problem.id}/notice`, { message: 'x' })).status).toBe(403);

    await anna.request('DELETE', `/api/problems/${problem.id}/notice`);
    expect((await waitNotices((n) => !n.some((x) => x.problemId === problem.id))).some((x) => x.problemId === problem.id)).toBe(false);

    await anna.request('PUT', `/api/problems/${problem.id}/notice`, { message: 'Igen' });
    await waitNotices((n) => n.some((x) => x.problemId === problem.id));
    await anna.request('POST', `/api/problems/${problem.id}/resolve`, { resolution: 'Rettet' });
    await waitNotices((n) => !n.some((x) => x.problemId === problem.id));
    expect((await regn.request('GET', '/api/notices')).body.notices.some((x: NoticeView) => x.problemId === problem.id)).toBe(false);
    solBoard.socket.disconnect();
  });
});
