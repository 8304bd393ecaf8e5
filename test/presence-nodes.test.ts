// The presence mirror of several nodes on one real Redis, linked in-process (as the socket.io
// adapter links them in the server): a node that starts learns the others from the hash, and a
// node that dies without cleaning up drops out after the stale period.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../shared/case.ts';
import { applyPresenceDelta } from '../shared/presence.ts';
import type { PresenceEntry } from '../shared/socket-contract.ts';
import { startTestRedis, type TestRedis } from './helpers/redis.ts';
import { connectRedis, type Redis } from '../server/redis/connect.ts';
import { keys } from '../server/store/keys.ts';
import { Presence, type PresenceLinks, type PresenceTimings } from '../server/live/presence.ts';

let redis: TestRedis;
let client: Redis;
beforeAll(async () => {
  redis = await startTestRedis();
  client = await connectRedis({ url: redis.url });
});
afterAll(async () => {
  await client?.close();
  await redis?.stop();
});

const actor = (id: string, name: string) => ({ id, username: id, name, role: 'member' }) as Actor;

/** Nodes joined like the adapter joins them; each keeps the list its boards would show. */
function cluster() {
  const nodes: { presence: Presence; boards: PresenceEntry[]; alive: boolean; listening: boolean }[] = [];
  return {
    nodes,
    async add(timings: Partial<PresenceTimings>, listening = true) {
      const links: PresenceLinks = {
        publish: (batch) => {
          if (node.alive) for (const other of nodes) if (other !== node && other.alive && other.listening) other.presence.receive(batch);
        },
        send: (delta) => (node.boards = applyPresenceDelta(node.boards, delta)),
        warn: (err) => {
          throw err;
        },
      };
      const node = { presence: new Presence(client, links, timings), boards: [] as PresenceEntry[], alive: true, listening };
      nodes.push(node);
      await node.presence.start();
      node.boards = node.presence.current();
      return node;
    },
  };
}

const shown = (entries: PresenceEntry[]) => entries.map((e) => `${e.name}:${e.caseId ?? '-'}`);

describe('presence across nodes', () => {
  it('a node that starts reads the others from the hash; one that dies without cleanup drops out after the stale period', async () => {
    const c = cluster();
    const fast = { flushMs: 20, refreshMs: 100, staleMs: 600 };
    const a = await c.add(fast);
    const b = await c.add(fast);
    a.presence.join('s1', actor('u-anna', 'Anna Andersen'));
    a.presence.viewing('s1', '7');
    b.presence.join('s2', actor('u-bo', 'Bo Berg'));
    await vi.waitFor(() => expect(shown(b.boards)).toEqual(['Anna Andersen:7', 'Bo Berg:-']), { timeout: 10_000 });
    await vi.waitFor(() => expect(shown(a.boards)).toEqual(['Anna Andersen:7', 'Bo Berg:-']), { timeout: 10_000 });

    // A third node, not yet hearing the others, gets both from the hash as it starts.
    const late = await c.add(fast, false);
    expect(shown(late.boards)).toEqual(['Anna Andersen:7', 'Bo Berg:-']);
    late.listening = true;

    // Node A dies: no cleanup, no more refreshes or messages.
    a.alive = false;
    await a.presence.close().catch(() => {});
    await client.hSet(keys.presence, `${a.presence.node}:s1`, JSON.stringify({ userId: 'u-anna', username: 'u-anna', name: 'Anna Andersen', caseId: '7', seenAt: Date.now() }));
    await vi.waitFor(() => expect(shown(b.boards)).toEqual(['Bo Berg:-']), { timeout: 5_000 });
    await vi.waitFor(async () => expect(Object.keys(await client.hGetAll(keys.presence))).toEqual([`${b.presence.node}:s2`]), { timeout: 5_000 });

    // Bo leaves: every live node's boards lose him.
    b.presence.leave('s2');
    await vi.waitFor(() => expect(shown(late.boards)).toEqual([]), { timeout: 5_000 });
    for (const n of c.nodes) await n.presence.close();
  });
});
