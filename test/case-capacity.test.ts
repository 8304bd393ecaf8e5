// One case holds at most CASE_CAPACITY.notes notes and CASE_CAPACITY.textBytes of text, over
// HTTP and the socket alike: the refusal comes from the domain core, inside the atomic commit.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_CAPACITY, caseTextBytes } from '../shared/case-capacity.ts';
import { LIMITS, type Case } from '../shared/case.ts';
import { connectBoard, emitAck } from './helpers/clients.ts';
import type { Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
let stack: Stack;
let redis: ReturnType<typeof createClient>;
let anna: Session, sol: Session;

beforeAll(async () => {
  stack = await startStack();
  [anna, sol] = await loginAll(stack, [
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { name: 'Sofie Solsikke', institution: INST }],
  ]);
  redis = createClient({ url: stack.redisUrl });
  await redis.connect();
});
afterAll(async () => {
  await redis?.close();
  await stack?.close();
});

async function usedMemory(): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

const caseEventCount = async (id: string) => (await anna.request('GET', `/api/cases/${id}`)).body.events.length as number;

describe('a superuser posting notes to their own case', () => {
  it('is refused with case_full (notes) at the limit; the case and Redis stop growing there', async () => {
    const before = await usedMemory();
    const c = (await sol.request('POST', '/api/cases', { title: 'Forælder kan ikke logge ind', institution: INST })).body.case as Case;

    let accepted = 0;
    let refusal: { status: number; body: any } | null = null;
    for (let i = 0; i < CASE_CAPACITY.notes + 10 && !refusal; i++) {
      const res = await sol.request('POST', `/api/cases/${c.id}/notes`, { text: `Svar nummer ${i}: barnet går på Bien-stuen`, visibility: 'reporter' });
      if (res.status === 200) accepted++;
      else refusal = res;
    }
    expect(accepted).toBe(CASE_CAPACITY.notes);
    expect(refusal).toMatchObject({ status: 409, body: { error: { code: 'case_full', params: { kind: 'notes', limit: CASE_CAPACITY.notes } } } });
    expect(refusal!.body.error.message).toContain(String(CASE_CAPACITY.notes));

    const full = (await anna.request('GET', `/api/cases/${c.id}`)).body.case as Case;
    expect(full.notes).toHaveLength(CASE_CAPACITY.notes);
    expect(caseTextBytes(full)).toBeLessThanOrEqual(CASE_CAPACITY.textBytes);
    const grown = (await usedMemory()) - before;
    // Every stored event is at most as large as the full case, and there is one per note plus
    // the creation (and whatever the intake adds): that is what the limit allows at most.
    const events = await caseEventCount(c.id);
    expect(events).toBeLessThanOrEqual(CASE_CAPACITY.notes + 3);
    expect(grown).toBeLessThan(events * (Buffer.byteLength(JSON.stringify(full)) + 2048));

    // Past the limit nothing more is stored, however often it is tried.
    const streamLength = await redis.xLen('wr:events');
    const atLimit = await usedMemory();
    for (let i = 0; i < 50; i++) {
      const res = await sol.request('POST', `/api/cases/${c.id}/notes`, { text: 'x'.repeat(1990), visibility: 'reporter' });
      expect(res.body.error?.code).toBe('case_full');
    }
    expect(await redis.xLen('wr:events')).toBe(streamLength);
    expect(await caseEventCount(c.id)).toBe(events);
    expect((await anna.request('GET', `/api/cases/${c.id}`)).body.case.version).toBe(full.version);
    // Fifty accepted notes of this size would take far more than this (at least their text).
    expect((await usedMemory()) - atLimit).toBeLessThan(50 * 1990);

    // The team can still close the full case.
    expect((await anna.request('POST', `/api/cases/${c.id}/resolve`, { resolution: 'Besvaret i telefonen' })).status).toBe(200);
  }, 120_000);
});

describe('the same limits on the socket', () => {
  it('answers a command past the text limit with case_full (text) in its acknowledgement, and a full case with case_full (notes)', async () => {
    const board = connectBoard(stack.baseUrl, anna.cookie);
    await board.synced;
    try {
      const c = (await anna.request('POST', '/api/cases', { title: 'Lang tråd', institution: INST })).body.case as Case;
      expect((await emitAck(board.socket, 'case:claim', { caseId: c.id })).ok).toBe(true);
      const text = 'æ'.repeat(LIMITS.note - 10);
      let refused: Awaited<ReturnType<typeof emitAck>> | null = null;
      let accepted = 0;
      for (let i = 0; i < CASE_CAPACITY.notes && !refused; i++) {
        const ack = await emitAck(board.socket, 'case:note', { caseId: c.id, text, visibility: 'internal' });
        if (ack.ok) accepted++;
        else refused = ack;
      }
      expect(refused).toMatchObject({ ok: false, error: { code: 'case_full', params: { kind: 'text', limit: CASE_CAPACITY.textBytes } } });
      // Each note weighs 2 bytes a letter: the case took as many as fit and no more.
      expect(accepted).toBe(Math.floor((CASE_CAPACITY.textBytes - Buffer.byteLength('Lang tråd')) / Buffer.byteLength(text)));
      const held = (await anna.request('GET', `/api/cases/${c.id}`)).body.case as Case;
      expect(caseTextBytes(held)).toBeLessThanOrEqual(CASE_CAPACITY.textBytes);

      // A full case by count refuses on the socket with the same code as over HTTP.
      const other = (await anna.request('POST', '/api/cases', { title: 'Mange noter', institution: INST })).body.case as Case;
      for (let i = 0; i < CASE_CAPACITY.notes; i++) {
        const ack = await emitAck(board.socket, 'case:note', { caseId: other.id, text: `Note ${i}`, visibility: 'internal' });
        expect(ack.ok).toBe(true);
      }
      const ack = await emitAck(board.socket, 'case:note', { caseId: other.id, text: 'En for meget', visibility: 'internal' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'case_full', params: { kind: 'notes', limit: CASE_CAPACITY.notes } } });
    } finally {
      board.socket.close();
    }
  }, 120_000);
});
