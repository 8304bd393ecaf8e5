// Bench accounts. They are created with the same UserStore the CLI (`npx warroom user add`)
// uses, in one process: a CLI process per account costs 1.5-5 s of start-up on this machine.
// Cookies then come from POST /api/session, as a browser gets them.
import path from 'node:path';
import type { Role } from '../../shared/case.ts';
import { loadRollout } from '../../server/config.ts';
import { connectRedis } from '../../server/redis/connect.ts';
import { UserStore } from '../../server/store/user-store.ts';
import { login, mapLimit } from './http.ts';

export interface BenchUser {
  username: string;
  role: Role;
  id: string;
  cookie: string;
}

export const BENCH_PASSWORD = 'bench-password-1';
const ROLLOUT = path.resolve(import.meta.dirname, '../../config/rollout.example.json');

export function institutions(): string[] {
  return loadRollout(ROLLOUT).institutions.map((i) => i.id);
}

export async function createUsers(redisUrl: string, baseUrl: string, specs: { username: string; role: Role; name?: string }[]): Promise<BenchUser[]> {
  const valid = new Set(institutions());
  const redis = await connectRedis({ url: redisUrl });
  let created: { username: string; role: Role; id: string }[];
  try {
    const store = new UserStore(redis);
    // argon2 runs on libuv's thread pool: a few at a time keeps both cores busy.
    created = await mapLimit(specs, 4, async (s) => {
      const u = await store.add({ username: s.username, password: BENCH_PASSWORD, role: s.role, name: s.name }, valid);
      return { username: u.username, role: u.role as Role, id: u.id };
    });
  } finally {
    await redis.close();
  }
  return mapLimit(created, 4, async (u) => ({ ...u, cookie: await login(baseUrl, u.username, BENCH_PASSWORD) }));
}
