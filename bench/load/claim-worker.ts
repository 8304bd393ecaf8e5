// Members on socket.io boards who claim cases: one at a time for the round-trip time, and
// all at once on the same case for the race, where exactly one may win.
import { io, type Socket } from 'socket.io-client';
import { nowMs, within } from '../lib/clock.ts';
import { Histogram } from '../lib/histogram.ts';
import { serveIpc } from '../lib/ipc.ts';

type Ack = { ok: true; case: { assignee: { id: string } | null } } | { ok: false; error: { code: string; message: string } };
interface Member {
  socket: Socket;
  userId: string;
}

const members: Member[] = [];

function connect(baseUrl: string, cookie: string, userId: string): Promise<Member> {
  const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie }, auth: {} });
  return within(
    new Promise<Member>((resolve, reject) => {
      socket.once('sync:ready', () => resolve({ socket, userId }));
      socket.once('connect_error', reject);
    }),
    20_000,
    'claimer sync',
  ).catch((err) => {
    socket.disconnect();
    throw err;
  });
}

function claim(m: Member, caseId: string, timeoutMs: number): Promise<Ack | { ok: false; error: { code: 'timeout'; message: string } }> {
  return new Promise((resolve) => {
    m.socket.timeout(timeoutMs).emit('case:claim', { caseId }, (err: Error | null, ack: Ack) => {
      resolve(err ? { ok: false, error: { code: 'timeout', message: err.message } } : ack);
    });
  });
}

serveIpc(
  {
    async connect(msg) {
      const { baseUrl, users, perUser } = msg as { baseUrl: string; users: { cookie: string; id: string }[]; perUser: number };
      const jobs = users.flatMap((u) => Array.from({ length: perUser }, () => u));
      for (let i = 0; i < jobs.length; i += 25) {
        members.push(...(await Promise.all(jobs.slice(i, i + 25).map((u) => connect(baseUrl, u.cookie, u.id)))));
      }
      return members.length;
    },
    async roundtrip(msg) {
      const ids = msg.caseIds as string[];
      const h = new Histogram();
      const codes: Record<string, number> = {};
      for (const id of ids) {
        const t = nowMs();
        const ack = await claim(members[0], id, 10_000);
        h.add(nowMs() - t);
        const code = ack.ok ? 'ok' : ack.error.code;
        codes[code] = (codes[code] ?? 0) + 1;
      }
      return { hist: h.toJSON(), codes };
    },
    async race(msg) {
      const { caseIds, concurrency } = msg as { caseIds: string[]; concurrency: number };
      const results: { caseId: string; winners: string[]; codes: Record<string, number>; ms: number }[] = [];
      const settle = new Histogram();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < caseIds.length) {
            const caseId = caseIds[next++];
            const t = nowMs();
            // Every member's claim leaves in the same tick: they reach the server together.
            const acks = await Promise.all(members.map((m) => claim(m, caseId, 15_000).then((ack) => ({ m, ack }))));
            const ms = nowMs() - t;
            settle.add(ms);
            const codes: Record<string, number> = {};
            const winners: string[] = [];
            for (const { m, ack } of acks) {
              const code = ack.ok ? 'ok' : ack.error.code;
              codes[code] = (codes[code] ?? 0) + 1;
              if (ack.ok) winners.push(m.userId);
            }
            results.push({ caseId, winners, codes, ms });
          }
        }),
      );
      return { results, settle: settle.toJSON() };
    },
    close() {
      for (const m of members.splice(0)) m.socket.disconnect();
      return true;
    },
  },
  Number(process.env.BENCH_MAX_LIFETIME_MS ?? 15 * 60_000),
);
