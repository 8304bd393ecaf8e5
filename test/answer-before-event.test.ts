// A command is answered before its own event fans out from the same process. The commit's reply
// and the stream reader's read of its event leave Redis together on two connections; when the
// reply is held up on its connection (here: behind a large reply read just before it), the
// reader waits for it rather than hand the event to the boards first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../shared/case.ts';
import { compareEventIds, type CaseEvent } from '../shared/events.ts';
import { loadConfig } from '../server/config.ts';
import type { EventTail } from '../server/live/event-tail.ts';
import { connectRedis, type Redis } from '../server/redis/connect.ts';
import { CaseService } from '../server/services/case-service.ts';
import { SettingsHolder } from '../server/settings/settings-holder.ts';
import { CaseStore } from '../server/store/case-store.ts';
import type { TestRedis } from './helpers/redis.ts';
import { startTailStack, type TailStack } from './helpers/tail-stack.ts';

const INST = 'bh-solsikken';
const actor = (id: string, role: Actor['role'] = 'member'): Actor => ({ id, username: id, name: id, role, institution: null });

describe('a command and its event in one process', () => {
  let stack: TailStack;
  let server: TestRedis;
  let redis: Redis;
  let service: CaseService;
  let tail: EventTail;
  let errors: Error[];

  beforeAll(async () => {
    stack = await startTailStack();
    ({ server, redis, service, tail, errors } = stack);
  });
  afterAll(() => stack?.close());

  /** Resolves with the first event of this type on this case that the tail hands on. */
  function seen(caseId: string, type: CaseEvent['type']): Promise<void> {
    return new Promise((resolve) => {
      const off = tail.subscribeBatches((events) => {
        if (!events.some((e) => e.caseId === caseId && e.type === type)) return;
        off();
        resolve();
      });
    });
  }

  it('the answer comes before the fan-out even when the commit reply arrives after the read', async () => {
    const created = await service.create({ title: 'Login fejler', description: 'Forælder kan ikke logge ind', institution: INST }, actor('lene', 'lead'));
    if (!created.ok) throw new Error(created.error.message);
    const caseId = created.case.id;
    await expect.poll(() => compareEventIds(tail.lastDelivered, created.events.at(-1)!.id) >= 0, { timeout: 10_000 }).toBe(true);
    await redis.set('answer-before-event:big', 'x'.repeat(8 * 1024 * 1024));

    const order: string[] = [];
    const fannedOut = seen(caseId, 'case.claimed').then(() => order.push('event'));
    // Sent first on the same connection, so the commit's reply waits behind 8 MB while the
    // reader's connection gets the event at once.
    const big = redis.get('answer-before-event:big');
    const claimed = await service.handle(caseId, { type: 'claim' }, actor('anna'));
    order.push('answer');
    expect(claimed.ok).toBe(true);
    await big;
    await fannedOut;
    expect(order).toEqual(['answer', 'event']);
    expect(errors).toEqual([]);
  });

  it('holds back only a read with an event of a case whose commit is in flight here', async () => {
    const lead = actor('lene', 'lead');
    const make = async () => {
      const r = await service.create({ title: 'Login fejler', institution: INST }, lead);
      if (!r.ok) throw new Error(r.error.message);
      return r.case.id;
    };
    const slowCase = await make();
    const otherCase = await make();
    // A commit whose reply hangs: its connection is blocked by a BLPOP sent just before it.
    const slow = await connectRedis({ url: server.url });
    try {
      const slowStore = new CaseStore(slow);
      const slowService = new CaseService({ store: slowStore, settings: new SettingsHolder(loadConfig({ PORT: '0' }).rollout) });
      // Decided on a case read before, so the commit is the first command sent after the BLPOP.
      const loaded = (await slowStore.load(slowCase))!;
      const blocked = slow.blPop('answer-before-event:release', 0);
      const claim = slowService.handle(slowCase, { type: 'claim' }, actor('anna'), { loaded });
      /** 'settled' when the wait ends within this turn of the loop, 'waits' when it does not. */
      const waitFor = (caseId: string) =>
        Promise.race([slowStore.commitsSettled([caseId]).then(() => 'settled'), new Promise((r) => setImmediate(() => r('waits')))]);
      await expect.poll(() => waitFor(slowCase), { timeout: 10_000, interval: 20 }).toBe('waits');
      // Another case's events, or another node's, do not wait behind it.
      expect(await waitFor(otherCase)).toBe('settled');
      expect(await waitFor('no-such-case')).toBe('settled');
      await redis.lPush('answer-before-event:release', 'go');
      await blocked;
      expect((await claim).ok).toBe(true);
      expect(await waitFor(slowCase)).toBe('settled');
    } finally {
      await redis.lPush('answer-before-event:release', 'go');
      await slow.quit();
    }
  });
});
