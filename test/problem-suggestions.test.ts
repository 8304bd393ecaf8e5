// "Probably: <problem>" over HTTP and the socket with a real Redis and intake worker: a case is
// matched against the problems the team has linked cases to, the team's links and "not the
// same" teach the rollout's synonyms, which live in Redis, come back from the event log after
// a restart and forget an erased case's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/case.ts';
import { learnedConcept } from '../shared/synonyms.ts';
import { connectRedis, type Redis } from '../server/redis/connect.ts';
import { keys } from '../server/store/keys.ts';
import { SynonymStore } from '../server/store/synonym-store.ts';
import { CaseStore } from '../server/store/case-store.ts';
import { ProblemMatchService } from '../server/services/problem-match-service.ts';
import type { CaseEvent } from '../shared/events.ts';
import { connectBoard, emitAck } from './helpers/clients.ts';
import type { Session } from './helpers/http.ts';
import { startServer, startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

// Two centres' words for photos from a trip that parents cannot see, and a third centre's.
const PHOTOS_A = { title: 'Kan ikke se billederne fra turen', description: 'Forældre på Mælkebøtten siger at billederne fra skovturen ikke kommer frem i albummet' };
const PHOTOS_B = { title: 'Fotos fra udflugten vises ikke', description: 'Albummet fra turen er tomt for forældrene, vi har lagt billeder op i går' };
const PARAPHRASE = { title: 'Tomt album efter turen', description: 'Forældre kan ikke se noget' };

let stack: Stack;
let anna: Session, lead: Session, sol: Session, regn: Session, bien: Session;
let synonyms: SynonymStore;
let redis: Redis;

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, sol, regn, bien] = await loginAll(stack, [
    ['lead', 'lead'],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: 'bh-solsikken' }],
    ['regn', 'reporter', { institution: 'bh-regnbuen' }],
    ['bien', 'reporter', { institution: 'vs-humlebien' }],
  ]);
  redis = await connectRedis({ url: stack.redisUrl });
  synonyms = new SynonymStore(redis);
});
afterAll(async () => {
  await redis?.close();
  await stack?.close();
});

async function submit(as: Session, institution: string, text: { title: string; description: string }): Promise<Case> {
  const res = await as.request('POST', '/api/cases', { ...text, institution });
  expect(res.status).toBe(201);
  return res.body.case;
}

async function enriched(id: string): Promise<Case> {
  let c: Case | undefined;
  await expect.poll(async () => (c = (await anna.request('GET', `/api/cases/${id}`)).body.case as Case).enrichedAt, { timeout: 15_000 }).not.toBeNull();
  return c!;
}

const similar = async (id: string) => (await anna.request('GET', `/api/cases/${id}/similar`)).body as { similar: { caseId: string; score: number }[]; problems: { problemId: string; score: number }[] };

describe('problem suggestions', () => {
  it('a paraphrase missed before the team links two cases is suggested after, at intake and on request; "not the same" takes it back', async () => {
    const a = await submit(sol, 'bh-solsikken', PHOTOS_A);
    const b = await submit(regn, 'bh-regnbuen', PHOTOS_B);
    const before = await enriched((await submit(bien, 'vs-humlebien', PARAPHRASE)).id);
    expect(before.similar).toEqual([]);
    expect(before.suggestion).toBeNull();
    expect((await similar(before.id)).problems).toEqual([]);

    const problem = (await anna.request('POST', '/api/problems', { title: 'Billeder fra ture vises ikke', caseIds: [a.id, b.id] })).body.problem as { id: string; title: string };
    // Learned from the two links: the words they share are the problem's synonyms, in Redis.
    await expect.poll(async () => (await similar(before.id)).problems.map((p) => p.problemId), { timeout: 10_000 }).toEqual([problem.id]);
    const stored = await synonyms.load();
    expect(stored.get('tur')).toEqual([learnedConcept(problem.id)]);
    expect(stored.get('album')).toEqual([learnedConcept(problem.id)]);
    // A linked case is not suggested the problem it belongs to.
    expect((await similar(a.id)).problems.map((p) => p.problemId)).not.toContain(problem.id);

    // A new case carries its best suggestion from the intake; reporters never see it.
    const later = await enriched((await submit(bien, 'vs-humlebien', { ...PARAPHRASE, description: 'Forældrene kan ikke se noget i appen' })).id);
    expect(later.suggestion).toMatchObject({ problemId: problem.id, title: problem.title });
    expect(later.suggestion!.score).toBeGreaterThan(0);
    expect((await bien.request('GET', `/api/cases/${later.id}`)).body.case.suggestion).toBeNull();

    // "Not the same", over the socket like the board sends it: the case drops the suggestion and
    // is not offered the problem again; the words of the dismissed case stop being synonyms.
    const board = await connectBoard(stack.baseUrl, anna.cookie);
    try {
      const ack = await emitAck(board.socket, 'case:dismiss-suggestion', { caseId: later.id, problemId: problem.id });
      if (!ack.ok) throw new Error(ack.error.message);
      expect(ack.case.suggestion).toBeNull();
    } finally {
      board.socket.disconnect();
    }
    expect((await similar(later.id)).problems.map((p) => p.problemId)).not.toContain(problem.id);
    await expect.poll(async () => (await synonyms.load()).has('tur'), { timeout: 10_000 }).toBe(false);
    expect((await anna.request('POST', `/api/cases/${later.id}/dismiss-suggestion`, {})).status).toBe(400);

    // The one-click link: the suggested problem, with the existing link command.
    const linked = await anna.request('POST', `/api/cases/${before.id}/link`, { problemId: problem.id });
    expect(linked.body.case).toMatchObject({ problem: { id: problem.id }, suggestion: null });
  });

  it('a read of the log in flight when an erasure resets the matching is dropped: the erased words are not learned from the old page', async () => {
    const a = await submit(sol, 'bh-solsikken', { title: 'Madplanen viser ikke frokost', description: 'Madplanen for vuggestuen mangler frokosten hos Villads' });
    const b = await submit(regn, 'bh-regnbuen', { title: 'Frokost mangler i madplanen', description: 'Villads kan ikke se frokost i madplanen i appen' });
    expect((await anna.request('POST', '/api/problems', { title: 'Madplanen mangler måltider', caseIds: [a.id, b.id] })).status).toBe(201);

    /** The real store, whose reads can be held after Redis answered, as a slow network would. */
    class HeldStore extends CaseStore {
      held: Promise<void> | null = null;
      answered: (() => void) | null = null;
      override async eventsAfter(since: string | null, count: number): Promise<CaseEvent[]> {
        const page = await super.eventsAfter(since, count);
        this.answered?.();
        if (this.held) await this.held;
        return page;
      }
    }
    const store = new HeldStore(redis);
    const matching = new ProblemMatchService(store, synonyms);
    let release!: () => void;
    store.held = new Promise<void>((resolve) => (release = resolve));
    const answered = new Promise<void>((resolve) => (store.answered = resolve));
    const inFlight = matching.catchUp();
    await answered; // the old log's page, with both cases' words, is on its way
    expect((await lead.request('POST', `/api/cases/${a.id}/erase`)).status).toBe(200);
    matching.reset(); // as the erasure's announcement does
    store.held = null;
    store.answered = null;
    release();
    await inFlight;
    await matching.catchUp();
    expect((await synonyms.load()).get('villads')).toBeUndefined();
    expect((await synonyms.load()).has('madplan')).toBe(false);
  });

  it('rebuilds the synonyms from the event log after a restart, and forgets an erased case\'s words', async () => {
    const a = await submit(sol, 'bh-solsikken', { title: 'Komme/gå iPad viser ikke Ida', description: 'Ida mangler på tjek ind skærmen på stuen' });
    const b = await submit(regn, 'bh-regnbuen', { title: 'Barn mangler på tjek ind', description: 'Ida er ikke på komme/gå iPad listen i morges' });
    const problem = (await anna.request('POST', '/api/problems', { title: 'Barn mangler i komme/gå', caseIds: [a.id, b.id] })).body.problem as { id: string };
    // Any match reads what happened since: here the one a board's drawer asks for.
    const learned = async (term: string) => {
      await similar(b.id);
      return (await synonyms.load()).get(term);
    };
    await expect.poll(() => learned('ida'), { timeout: 10_000 }).toEqual([learnedConcept(problem.id)]);

    // Restart with the hash gone: the new server learns it all again from the log.
    const port = Number(new URL(stack.baseUrl).port);
    await stack.stopServer();
    await redis.del(keys.synonyms);
    const restarted = await startServer(stack.redis, { port });
    try {
      await expect.poll(() => learned('ida'), { timeout: 10_000 }).toEqual([learnedConcept(problem.id)]);

      // Erased: its texts are gone from the log, and with them what it taught.
      expect((await lead.request('POST', `/api/cases/${a.id}/erase`)).status).toBe(200);
      // Gone from Redis with the erase answer, not only once a later match rewrites the hash.
      expect((await synonyms.load()).has('ida')).toBe(false);
      await expect.poll(() => learned('ida'), { timeout: 10_000 }).toBeUndefined();
    } finally {
      await restarted.app.app.close();
    }
  });
});
