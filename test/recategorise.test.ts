// Correcting a case's category against a real server and redis-server: over HTTP and over the
// board's socket, refused to superusers and to unknown categories, and counted by the
// statistics under the category the case has now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../shared/case.ts';
import type { Stats } from '../shared/stats-schemas.ts';
import { connectBoard, emitAck } from './helpers/clients.ts';
import type { Session } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';
import { loginAll } from './helpers/team.ts';

const INST = 'bh-solsikken';
const HOUR = 3_600_000;

let stack: Stack;
let lead: Session, anna: Session, sol: Session;

beforeAll(async () => {
  stack = await startStack();
  [lead, anna, sol] = await loginAll(stack, [
    ['lead', 'lead', { name: 'Lene Leder' }],
    ['anna', 'member', { name: 'Anna Andersen' }],
    ['sol', 'reporter', { institution: INST }],
  ]);
});
afterAll(async () => {
  await stack?.close();
});

async function create(title: string, category?: string): Promise<Case> {
  const res = await sol.request('POST', '/api/cases', { title, institution: INST, ...(category ? { category } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.case;
}

async function byCategory(): Promise<Record<string, number>> {
  const range = `from=${encodeURIComponent(new Date(Date.now() - HOUR).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + HOUR).toISOString())}`;
  const stats = (await lead.request('GET', `/api/stats?${range}`)).body as Stats;
  return Object.fromEntries(stats.arrivals.byCategory.map((c) => [c.category ?? '-', c.count]));
}

describe('changing a case’s category', () => {
  it('the lead corrects it over HTTP; the statistics count the case under the new category', async () => {
    const c = await create('Forældre kan ikke se stuens billeder', 'staffapp');
    await expect.poll(byCategory, { timeout: 10_000 }).toMatchObject({ staffapp: 1 });
    const res = await lead.request('POST', `/api/cases/${c.id}/category`, { category: 'photos' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.case).toMatchObject({ id: c.id, category: 'photos' });
    expect((await lead.request('GET', `/api/cases/${c.id}`)).body.case.category).toBe('photos');
    await expect.poll(byCategory, { timeout: 10_000 }).toMatchObject({ photos: 1 });
    expect((await byCategory()).staffapp ?? 0).toBe(0);
    // The event is in the log, with what the category was.
    const events = (await lead.request('GET', '/api/events')).body.events as { type: string; caseId: string; data: unknown }[];
    expect(events.find((e) => e.type === 'case.recategorised' && e.caseId === c.id)?.data).toEqual({ category: 'photos', from: 'staffapp' });
  });

  it('a member corrects it over the socket, as any other move', async () => {
    const c = await create('Kalenderen viser forkerte lukkedage', 'messages');
    const board = connectBoard(stack.baseUrl, anna.cookie);
    try {
      await board.synced;
      const ack = await emitAck(board.socket, 'case:recategorise', { caseId: c.id, category: 'calendar' });
      expect(ack).toMatchObject({ ok: true, case: { id: c.id, category: 'calendar' } });
    } finally {
      board.socket.disconnect();
    }
  });

  it('refuses a superuser, an unknown category and a missing one', async () => {
    const c = await create('Beskeder kommer ikke frem', 'messages');
    const mine = await sol.request('POST', `/api/cases/${c.id}/category`, { category: 'photos' });
    expect(mine.status).toBe(403);
    const unknown = await lead.request('POST', `/api/cases/${c.id}/category`, { category: 'kaffe' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'invalid', params: { category: 'kaffe' } } });
    expect((await lead.request('POST', `/api/cases/${c.id}/category`, {})).status).toBe(400);
    expect((await lead.request('GET', `/api/cases/${c.id}`)).body.case.category).toBe('messages');
  });
});
