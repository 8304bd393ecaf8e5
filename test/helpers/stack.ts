// A real stack for tests: redis-server plus the real server listening on a free port.
import path from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import type { Role } from '../../shared/case.ts';
import { buildApp, type App } from '../../server/app.ts';
import { loadConfig, type Config, type RolloutConfig } from '../../server/config.ts';
import { startTestRedis, type TestRedis } from './redis.ts';

/** This run's build of the board (see test/global-setup.ts). */
export const TEST_CLIENT_DIR = process.env.WARROOM_TEST_CLIENT_DIR ?? path.resolve(import.meta.dirname, '../../dist/test-client');

export interface Stack {
  baseUrl: string;
  redisUrl: string;
  redis: TestRedis;
  app: App;
  config: Config;
  addUser(username: string, password: string, role: Role, opts?: { name?: string; institution?: string }): Promise<void>;
  /** Stops the server only; Redis keeps its data, so a new server can start on it. */
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string>;
  redis?: TestRedis;
  runWorkers?: boolean;
  /** Listen on this port (e.g. to restart a server where its clients expect it). */
  port?: number;
  /**
   * Changes to the example rollout config. Its WIP limit is left out unless given here:
   * most tests have one member take many cases, and the WIP tests set their own limit.
   */
  rollout?: Partial<RolloutConfig>;
  /** Instead of the warn-level console logger (e.g. to read what the server logs). */
  logger?: FastifyServerOptions['logger'];
}

// Test files log in and act far faster than people; the rate-limit tests set their own limits.
const GENEROUS_LIMITS = {
  LOGIN_LIMIT_PER_IP: '1000000',
  LOGIN_LIMIT_PER_USER: '1000000',
  INTAKE_LIMIT_PER_USER: '1000000',
  SOCKET_COMMAND_BURST: '1000000',
  SOCKET_COMMANDS_PER_SECOND: '1000000',
  BOARDS_PER_SESSION: '10000',
};

export async function startServer(redis: TestRedis, opts: StackOptions = {}) {
  const loaded = loadConfig({ PORT: '0', LOG_LEVEL: 'warn', CLIENT_DIR: TEST_CLIENT_DIR, ...GENEROUS_LIMITS, ...opts.env });
  const { wip: _exampleLimit, ...rollout } = loaded.rollout;
  const config: Config = { ...loaded, rollout: { ...rollout, ...opts.rollout } };
  const app = await buildApp({ config, redisUrl: redis.url, logger: opts.logger ?? { level: opts.env?.LOG_LEVEL ?? 'warn' }, runWorkers: opts.runWorkers });
  await app.app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const { port } = app.app.server.address() as { port: number };
  return { app, config, baseUrl: `http://127.0.0.1:${port}` };
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const redis = opts.redis ?? (await startTestRedis());
  const { app, config, baseUrl } = await startServer(redis, opts);
  const institutions = new Set(config.rollout.institutions.map((i) => i.id));
  let serverStopped = false;
  const stack: Stack = {
    baseUrl,
    redisUrl: redis.url,
    redis,
    app,
    config,
    async addUser(username, password, role, o = {}) {
      await app.services.users.add({ username, password, role, name: o.name, institution: o.institution }, institutions);
    },
    async stopServer() {
      if (serverStopped) return;
      serverStopped = true;
      await app.app.close();
    },
    async close() {
      await stack.stopServer();
      await redis.stop();
    },
  };
  return stack;
}
