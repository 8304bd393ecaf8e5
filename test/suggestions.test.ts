// Answers before sending: GET /api/suggestions shows a superuser the published notices and
// library answers that fit what they type, never a case; "Det løste det" stores a deflection
// with their centre and time, counted per answer and per centre in the statistics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeflectionStore } from '../server/store/deflection-store.ts';
import { keys } from '../server/store/keys.ts';
import { SuggestionService } from '../server/services/suggestion-service.ts';
import type { AnswerService } from '../server/services/answer-service.ts';
import { DocStore } from '../server/store/library-store.ts';
import type { Answer } from '../shared/problem-schemas.ts';
import { connectRedis } from '../server/redis/connect.ts';
import type { Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

let stack: Stack;
let lead: Session, anna: Session, sol: Session, regn: Session, wall: Session;
let photoAnswer: string, loginAnswer: string, loginProblem: string;
/** When sol's deflection was stored. */
let solAt: number;

const PHOTO_CASE = { title: 'Forældre kan ikke se billederne fra turen', description: 'Fotos fra skovturen vises ikke i albummet hos forældrene.' };

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, sol, regn, wall] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: 'bh-solsikken' }],
    ['regn', 'reporter', { institution: 'bh-regnbuen' }],
    ['wall', 'viewer'],
  ]);
  const answer = async (title: string, tags: string[]) => {
    const res = await anna.request('POST', '/api/answers', { title, url: 'https://www.aula.dk/vejledning', languages: ['da'], tags });
    expect(res.status).toBe(201);
    return res.body.answer.id as string;
  };
  photoAnswer = await answer('Billeder og albums: sådan ser forældre fotos fra turen', ['billeder', 'album']);
  loginAnswer = await answer('Login med MitID i Aula-appen', ['login', 'mitid']);
  await answer('Samtykker: sådan besvarer forældre dem', ['samtykker']);
  // A case of another centre with the very words a superuser will type: never to be shown.
  const other = await regn.request('POST', '/api/cases', { ...PHOTO_CASE, institution: 'bh-regnbuen' });
  expect(other.status).toBe(201);
  const problem = await lead.request('POST', '/api/problems', { title: 'MitID-login sender forældre tilbage til forsiden', caseIds: [other.body.case.id] });
  expect(problem.status).toBe(201);
  loginProblem = problem.body.problem.id;
});
afterAll(() => stack?.close());

const suggest = (as: Session, text: string) => as.request('GET', `/api/suggestions?text=${encodeURIComponent(text)}`);

describe('GET /api/suggestions', () => {
  it('shows a superuser the answers that fit what they type, and nothing for an unrelated text', async () => {
    const res = await suggest(sol, PHOTO_CASE.title);
    expect(res.status).toBe(200);
    expect(res.body.suggestions[0]).toMatchObject({ kind: 'answer', id: photoAnswer, url: 'https://www.aula.dk/vejledning', message: null });
    for (const s of res.body.suggestions) expect(s.kind === 'answer' || s.kind === 'notice').toBe(true);
    expect((await suggest(sol, 'Printeren på kontoret mangler toner')).body).toEqual({ suggestions: [] });
    expect((await suggest(sol, 'ab')).body).toEqual({ suggestions: [] });
  });

  it('never shows a case, of this centre or another, however alike the words', async () => {
    const own = await sol.request('POST', '/api/cases', { title: 'Printeren mangler toner på kontoret', institution: 'bh-solsikken' });
    expect(own.status).toBe(201);
    for (const text of [PHOTO_CASE.title + ' ' + PHOTO_CASE.description, 'Printeren mangler toner på kontoret']) {
      const { body } = await suggest(sol, text);
      expect(JSON.stringify(body)).not.toContain('skovturen');
      expect(JSON.stringify(body)).not.toContain('Printeren');
      expect(body.suggestions.every((s: { kind: string }) => s.kind === 'answer' || s.kind === 'notice')).toBe(true);
    }
  });

  it('follows a notice as it is published and withdrawn, and an answer as it is edited', async () => {
    const text = 'Forælder kommer ikke ind med MitID, bliver sendt tilbage til forsiden';
    expect((await suggest(sol, text)).body.suggestions.some((s: { kind: string }) => s.kind === 'notice')).toBe(false);
    expect((await lead.request('PUT', `/api/problems/${loginProblem}/notice`, { message: 'Netcompany retter fejlen. Luk appen helt og log ind igen.' })).status).toBe(200);
    const shown = (await suggest(sol, text)).body.suggestions;
    expect(shown[0]).toMatchObject({ kind: 'notice', id: loginProblem, message: 'Netcompany retter fejlen. Luk appen helt og log ind igen.', url: null });

    expect((await lead.request('DELETE', `/api/problems/${loginProblem}/notice`)).status).toBe(200);
    expect((await suggest(sol, text)).body.suggestions.some((s: { kind: string }) => s.kind === 'notice')).toBe(false);

    expect((await suggest(sol, 'Komme og gå: tjek ind af børnene')).body.suggestions.map((s: { id: string }) => s.id)).not.toContain(loginAnswer);
    const edited = await anna.request('PUT', `/api/answers/${loginAnswer}`, { title: 'Komme/gå: sådan tjekker I børnene ind', url: 'https://www.aula.dk/kommegaa', languages: ['da'], tags: ['kommegå'] });
    expect(edited.status).toBe(200);
    const after = (await suggest(sol, 'Komme og gå: tjek ind af børnene')).body.suggestions;
    expect(after[0]).toMatchObject({ kind: 'answer', id: loginAnswer, url: 'https://www.aula.dk/kommegaa' });
  });

  it('sees an answer another node wrote, through the library\'s change counter', async () => {
    const redis = await connectRedis({ url: stack.redisUrl });
    try {
      const otherNode = new DocStore<Answer>(redis, keys.answers, keys.libraryChanges);
      const at = new Date().toISOString();
      const id = await otherNode.nextId();
      const by = { id: 'u-x', username: 'anna', name: 'Anna Andersen' };
      await otherNode.put({ id, title: 'Kalender: sådan inviterer I forældre til forældremøde', url: 'https://www.aula.dk/kalender', languages: ['da'], tags: ['kalender'], createdAt: at, updatedAt: at, createdBy: by }, 0, at);
      const shown = (await suggest(sol, 'Hvordan inviterer vi forældre til forældremøde i kalenderen')).body.suggestions;
      expect(shown[0]).toMatchObject({ kind: 'answer', id });
    } finally {
      await redis.close();
    }
  });

  it('a request whose read of the library a later change overtook waits for that later read, and does not answer from an unsynced index', async () => {
    const { services } = stack.app;
    // The real answer service, whose first two reads of the library can be held after Redis answered.
    const releases: (() => void)[] = [];
    const started: (() => void)[] = [];
    const reads = [0, 1].map((i) => new Promise<void>((resolve) => (started[i] = resolve)));
    let calls = 0;
    const answers = Object.create(services.answers) as AnswerService;
    answers.list = async () => {
      const list = await services.answers.list();
      const call = calls++;
      if (call < 2) {
        started[call]();
        await new Promise<void>((resolve) => (releases[call] = resolve));
      }
      return list;
    };
    const service = new SuggestionService({ redis: services.redis, answers, problems: services.problems, deflections: new DeflectionStore(services.redis) });
    let firstSettled = false;
    const first = service.suggest(PHOTO_CASE.title).finally(() => (firstSettled = true));
    await reads[0];
    // A change to the library while the first read is on its way: the next request reads again.
    expect((await anna.request('POST', '/api/answers', { title: 'Beskeder: sådan skriver forældre til stuen', url: 'https://www.aula.dk/beskeder', languages: ['da'], tags: ['beskeder'] })).status).toBe(201);
    const second = service.suggest(PHOTO_CASE.title);
    await reads[1];
    releases[0]();
    // Whatever the first request does once its own read is back happens before the next turn of the event loop.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const settledOnItsOwnRead = firstSettled;
    releases[1]();
    const [shownFirst, shownSecond] = await Promise.all([first, second]);
    expect(shownSecond[0]).toMatchObject({ kind: 'answer', id: photoAnswer });
    expect(shownFirst[0]).toMatchObject({ kind: 'answer', id: photoAnswer });
    expect(settledOnItsOwnRead).toBe(false);
  });

  it('is for superusers and the team; refuses a missing, empty, too long or extra query with a 400 that says what to fix', async () => {
    for (const as of [lead, anna, wall, regn]) expect((await suggest(as, 'billeder')).status).toBe(200);
    expect((await fetch(`${stack.baseUrl}/api/suggestions?text=billeder`)).status).toBe(401);
    for (const query of ['', '?text=', `?text=${'a'.repeat(3001)}`, '?text=billeder&institution=bh-regnbuen']) {
      const res = await sol.request('GET', `/api/suggestions${query}`);
      expect(res.status, query.slice(0, 40)).toBe(400);
      expect(res.body.error.code).toBe('invalid');
      expect(res.body.error.message).toMatch(/text|institution/);
    }
  });
});

describe('"Det løste det"', () => {
  const deflect = (as: Session, body: unknown) => as.request('POST', '/api/suggestions/deflections', body);

  it('stores the superuser’s centre and the time, audits it, and sends no case', async () => {
    const casesBefore = (await lead.request('GET', '/api/cases')).body.cases.length;
    const before = Date.now();
    const res = await deflect(sol, { answerId: photoAnswer });
    expect(res.status).toBe(201);
    expect(res.body.deflection).toMatchObject({ kind: 'answer', id: photoAnswer, institution: 'bh-solsikken', title: 'Billeder og albums: sådan ser forældre fotos fra turen' });
    solAt = Date.parse(res.body.deflection.at);
    expect(solAt).toBeGreaterThanOrEqual(before - 1000);
    expect((await lead.request('GET', '/api/cases')).body.cases.length).toBe(casesBefore);
    const audit = (await lead.request('GET', '/api/audit?limit=1000')).body;
    expect(JSON.stringify(audit)).toContain(`answer ${photoAnswer}`);
  });

  it('refuses a body without exactly one target, an unknown answer, a notice not shown, and anyone but a superuser', async () => {
    for (const body of [{}, { answerId: photoAnswer, noticeId: loginProblem }, { answerId: 'x' }, { caseId: '1' }]) {
      const res = await deflect(sol, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid');
    }
    expect((await deflect(sol, { answerId: '9999' })).body.error.code).toBe('not_found');
    // The notice was withdrawn above.
    expect((await deflect(sol, { noticeId: loginProblem })).status).toBe(404);
    for (const as of [lead, anna, wall]) expect((await deflect(as, { answerId: photoAnswer })).status).toBe(403);
  });

  it('is counted in the statistics per answer or notice and per centre, within the range only', async () => {
    expect((await lead.request('PUT', `/api/problems/${loginProblem}/notice`, { message: 'Luk appen helt og log ind igen.' })).status).toBe(200);
    expect((await deflect(regn, { noticeId: loginProblem })).status).toBe(201);
    expect((await deflect(regn, { answerId: photoAnswer })).status).toBe(201);

    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 3600_000).toISOString();
    const stats = await lead.request('GET', `/api/stats?from=${from}&to=${to}&bucket=hour`);
    expect(stats.status).toBe(200);
    expect(stats.body.deflections).toEqual({
      total: 3,
      byTarget: [
        { kind: 'answer', id: photoAnswer, title: 'Billeder og albums: sådan ser forældre fotos fra turen', count: 2 },
        { kind: 'notice', id: loginProblem, title: 'MitID-login sender forældre tilbage til forsiden', count: 1 },
      ],
      byInstitution: [
        { institution: 'bh-regnbuen', count: 2 },
        { institution: 'bh-solsikken', count: 1 },
      ],
    });
    const alone = await anna.request('GET', `/api/stats/deflections?from=${from}&to=${to}`);
    expect(alone.body).toEqual(stats.body.deflections);
    // A range that begins just after sol's: regn's two only.
    const later = await lead.request('GET', `/api/stats/deflections?from=${new Date(solAt + 1).toISOString()}&to=${to}`);
    expect(later.body.total).toBe(2);
    expect(later.body.byInstitution).toEqual([{ institution: 'bh-regnbuen', count: 2 }]);
    // Superusers do not read the municipality's figures.
    expect((await sol.request('GET', `/api/stats/deflections?from=${from}&to=${to}`)).status).toBe(403);
    expect((await lead.request('GET', '/api/stats/deflections?from=tomorrow')).body.error.code).toBe('invalid');
  });

  it('reads a range page by page, its end excluded', async () => {
    const redis = await connectRedis({ url: stack.redisUrl });
    try {
      const store = new DeflectionStore(redis);
      // Ids past every real one (a stream only grows): this is the file's last test.
      const base = 4_000_000_000_000;
      for (let i = 0; i < 2500; i++) await redis.xAdd('wr:deflections', `${base + i}-0`, { kind: 'answer', id: '1', title: 't', institution: 'bh-solsikken' });
      expect((await store.inRange(base, base + 2500)).length).toBe(2500);
      expect((await store.inRange(base + 10, base + 20)).map((d) => d.at)).toEqual(Array.from({ length: 10 }, (_, i) => base + 10 + i));
    } finally {
      await redis.close();
    }
  });
});
