// The stack the stored-size phases run on: their own redis-server and server, started once
// the live phases are done, so that a store of 20,000 cases and a case of 151 notes are
// measured on a store that holds only them, and their seeding cannot slow the live numbers.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startBenchRedis, type BenchRedis } from '../lib/redis-proc.ts';
import { startBenchServer, type BenchServer } from '../lib/server-proc.ts';
import { createUsers, type BenchUser } from '../lib/users.ts';
import type { Ctx } from './context.ts';

export interface StoreStack {
  redis: BenchRedis;
  server: BenchServer;
  /** Takes the template cases in, as the intake would. */
  intake: BenchUser;
  /** The team member who reads the board and writes the notes. */
  member: BenchUser;
  stop(): Promise<void>;
}

export async function startStoreStack(ctx: Ctx, maxLifetimeMs: number): Promise<StoreStack> {
  const dir = path.join(ctx.tmpDir, 'store');
  mkdirSync(dir, { recursive: true });
  const redis = await startBenchRedis(dir);
  let server: BenchServer | null = null;
  try {
    server = await startBenchServer({ redisUrl: redis.url, clientDir: ctx.clientDir, tmpDir: dir, maxLifetimeMs });
    const [intake, member] = await createUsers(redis.url, server.baseUrl, [
      { username: 'store-intake', role: 'member', name: 'Bench Intake' },
      { username: 'store-member', role: 'member', name: 'Bench Member' },
    ]);
    ctx.log(`stored-size stack: redis-server pid ${redis.pid} at ${redis.url}; server pid ${server.pid} at ${server.baseUrl}`);
    const s = server;
    return {
      redis,
      server: s,
      intake,
      member,
      async stop() {
        await s.stop();
        await redis.stop();
      },
    };
  } catch (err) {
    await server?.stop().catch(() => {});
    await redis.stop().catch(() => {});
    throw err;
  }
}
