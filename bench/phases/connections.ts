// 4. Connections: server heap (after a full GC) and RSS per idle board, measured from
// outside the server's code: heap over IPC from the wrapper, RSS from /proc.
import { sleep } from '../lib/clock.ts';
import { connectAcross } from './clients.ts';
import type { Ctx } from './context.ts';

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export async function connections(ctx: Ctx) {
  const cookies = ctx.users.members.map((u) => u.cookie);
  await sleep(1_000);
  const before = await ctx.server.memory();
  const steps: {
    boards: number;
    connectMs: number;
    connectPerSec: number;
    failed: number;
    heapUsedMB: number;
    heapPerBoardKB: number;
    externalPerBoardKB: number;
    rssMB: number;
    rssPerBoardKB: number | null;
  }[] = [];
  let connected = 0;
  for (const target of ctx.params.connections.steps) {
    ctx.log(`connections: ${target} idle boards`);
    const add = await connectAcross(ctx.clients, 'board', ctx.server.baseUrl, cookies, target - connected, { realClient: ctx.realClients });
    if (add.failed > 0) ctx.notes.push(`connections: ${add.failed} of ${target - connected} boards failed to connect (${add.errors.join('; ')})`);
    connected += add.connected;
    // Idle means idle: let handshakes, catch-up reads and their garbage settle first.
    await sleep(2_000);
    const m = await ctx.server.memory();
    steps.push({
      boards: connected,
      connectMs: add.ms,
      connectPerSec: Math.round((add.connected / add.ms) * 1000),
      failed: add.failed,
      heapUsedMB: Math.round((m.heapUsed / 2 ** 20) * 10) / 10,
      heapPerBoardKB: kb((m.heapUsed - before.heapUsed) / connected),
      externalPerBoardKB: kb((m.external - before.external) / connected),
      rssMB: Math.round(((m.vmRss ?? m.rss) / 2 ** 20) * 10) / 10,
      rssPerBoardKB: m.vmRss !== null && before.vmRss !== null ? kb((m.vmRss - before.vmRss) / connected) : null,
    });
  }
  return {
    idle: { heapUsedMB: Math.round((before.heapUsed / 2 ** 20) * 10) / 10, rssMB: Math.round(((before.vmRss ?? before.rss) / 2 ** 20) * 10) / 10 },
    steps,
    connected,
  };
}
