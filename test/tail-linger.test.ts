// When a fan-out takes long (a thousand boards' writes), the stream reader waits about as long
// before its next read, so the events stored meanwhile reach a batch client together, in fewer
// frames than events: in log order, none twice, none left out, and a listener of single events
// still gets each one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../shared/case.ts';
import type { CaseEvent } from '../shared/events.ts';
import { subscribe } from '../server/live/subscription.ts';
import { startTailStack, type TailStack } from './helpers/tail-stack.ts';

const INST = 'bh-solsikken';
const lead: Actor = { id: 'lene', username: 'lene', name: 'Lene', role: 'lead', institution: null };

/** Takes `ms` of this process's time at once, as writing a frame to every board does. */
function busy(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('the stream reader after a slow fan-out', () => {
  let stack: TailStack;
  beforeAll(async () => {
    stack = await startTailStack();
  });
  afterAll(() => stack?.close());

  it('events committed one after another while fan-outs are slow reach a batch client in fewer batches than events', async () => {
    const { store, service, tail, errors } = stack;
    const since = tail.lastDelivered;
    const batches: (readonly CaseEvent[])[] = [];
    const client = subscribe({ store, tail, actor: lead, since, send: (events) => batches.push(events) });
    await client.ready;
    const singles: CaseEvent[] = [];
    const offSingles = tail.subscribe((event) => singles.push(event));
    const off = tail.subscribeBatches(() => busy(15));
    try {
      // Each commit waits for the one before it: only the reader's wait can bring two together.
      let last = since;
      for (let i = 0; i < 30; i++) {
        const created = await service.create({ title: `Linger ${i} Appen viser forkert dato`, institution: INST }, lead);
        if (!created.ok) throw new Error(created.error.message);
        last = created.events.at(-1)!.id;
      }
      const received = () => batches.flat().map((e) => e.id);
      await expect.poll(() => received().at(-1), { timeout: 10_000 }).toBe(last);

      const log = await store.eventsAfter(since, 1_000);
      expect(log.length).toBeGreaterThanOrEqual(30);
      expect(received()).toEqual(log.map((e) => e.id));
      expect(batches.every((b) => b.length > 0)).toBe(true);
      expect(batches.length).toBeLessThanOrEqual(log.length / 2);
      // A listener that takes single events still gets each one.
      expect(singles.map((e) => e.id)).toEqual(log.map((e) => e.id));
      expect(errors).toEqual([]);
    } finally {
      off();
      offSingles();
      client.close();
    }
  });
});
