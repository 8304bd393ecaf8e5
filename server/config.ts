// Configuration comes from the environment, checked once at start-up: a wrong value
// stops the server with a message that says which variable to fix.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { checkSettings, slaPolicy, wipLimitFor, type RolloutSettings } from '../shared/settings.ts';

export interface Config {
  port: number;
  host: string;
  redisUrl: string | null;
  dataDir: string;
  rolloutConfigPath: string;
  runWorkers: boolean;
  /** How many web processes `npm start` runs on this machine behind its one port. */
  webProcesses: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  publicOrigin: string | null;
  /** Which proxies' X-Forwarded-For is believed: none, the nearest N hops, or these addresses and ranges. */
  trustProxy: TrustProxy;
  logLevel: string;
  clientDir: string;
  rollout: RolloutConfig;
  /** How far back the intake looks for "probably the same as …". */
  similarityWindowHours: number;
  limits: RateLimits;
  /** Cases and their events are purged this many days after the rollout's end. */
  retentionDaysAfterRollout: number;
  timeouts: Timeouts;
  /** The audit trail keeps entries this long (it is trimmed by age, not by count). */
  auditRetentionDays: number;
  /** With it, GET /metrics answers a scrape that brings it as a bearer token; without it, 404. */
  metricsToken: string | null;
}

export type TrustProxy = false | number | string[];

/** How long the server waits for a client, in ms; 0 turns one off. */
export interface Timeouts {
  /** The whole request, headers and body, from the first byte on. */
  requestMs: number;
  /** The request line and headers. */
  headersMs: number;
  /** A connection that sends nothing at all for this long is closed. */
  connectionMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
}

/** Request budgets; per minute unless named otherwise. See server/security/. */
export interface RateLimits {
  loginPerIp: number;
  /** Per username and IP: guessing one password is slowed without letting anyone lock a colleague out from elsewhere. */
  loginPerUser: number;
  intakePerUser: number;
  socketBurst: number;
  socketPerSecond: number;
  /** Board connections (socket.io) one session may hold open at once, on each node. */
  boardsPerSession: number;
}

export type RolloutConfig = RolloutSettings;
export { slaPolicy, wipLimitFor };

export class ConfigError extends Error {}

const root = path.resolve(import.meta.dirname, '..');

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: a hop count ("1" for one load balancer) or the proxies' addresses and CIDR
 * ranges, comma-separated. "true" is refused: it would believe every X-Forwarded-For hop, so
 * any client could pick the address its login budget and audit entries are counted under.
 */
function trustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    throw new ConfigError(
      `TRUST_PROXY=${raw} would believe every X-Forwarded-For hop, so a client could choose its own address; give the number of proxies in front of the server (1 for one load balancer) or their addresses, e.g. 10.0.0.5 or 10.0.0.0/8`,
    );
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError(`TRUST_PROXY must be a hop count from 0 to 10 or a list of proxy addresses (got "${raw}")`);
    return hops === 0 ? false : hops;
  }
  const list = raw.split(',').map((a) => a.trim()).filter((a) => a !== '');
  for (const entry of list) {
    const [address, bits, more] = entry.split('/');
    const family = isIP(address);
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.has(entry) && (family === 0 || !bitsOk || more !== undefined)) {
      throw new ConfigError(`TRUST_PROXY must be a hop count or proxy addresses and CIDR ranges such as 10.0.0.5,10.1.0.0/16 (got "${entry}")`);
    }
  }
  return list;
}

/** The rollout config file: it seeds the settings of a new install (see server/settings/). */
export function loadRollout(file: string): RolloutConfig {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Cannot read the rollout config ${file}: ${(err as Error).message}`);
  }
  const checked = checkSettings(data);
  if (!checked.ok) throw new ConfigError(`The rollout config ${file} is not valid: ${checked.message}`);
  return checked.settings;
}

/**
 * A client that dribbles its request is cut off: the headers must be in within HEADERS_TIMEOUT_MS,
 * the whole request within REQUEST_TIMEOUT_MS. Bodies are at most 512 KB, so 30 s is ample on a
 * slow phone line and bounds what a slow sender can hold open.
 */
function timeouts(env: NodeJS.ProcessEnv): Timeouts {
  const requestMs = int(env, 'REQUEST_TIMEOUT_MS', 30_000, 0, 3_600_000);
  const headersMs = int(env, 'HEADERS_TIMEOUT_MS', 10_000, 1, 3_600_000);
  if (requestMs > 0 && headersMs > requestMs) {
    throw new ConfigError(`HEADERS_TIMEOUT_MS (${headersMs}) must not be longer than REQUEST_TIMEOUT_MS (${requestMs})`);
  }
  return {
    requestMs,
    headersMs,
    // Longer than a load balancer keeps an idle connection open (often 60 s): were the server to
    // close first, a request the balancer sends at that moment would be lost. Fastify's 72 s.
    connectionMs: int(env, 'CONNECTION_TIMEOUT_MS', 120_000, 0, 3_600_000),
    keepAliveMs: int(env, 'KEEP_ALIVE_TIMEOUT_MS', 72_000, 1, 3_600_000),
  };
}

/** METRICS_TOKEN: long enough not to be guessed, and sendable as it is in an Authorization header. */
function metricsToken(env: NodeJS.ProcessEnv): string | null {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (raw.length < 16 || raw.length > 512 || !/^[\x21-\x7e]+$/.test(raw)) {
    throw new ConfigError('METRICS_TOKEN must be 16 to 512 printable ASCII characters without spaces (e.g. from `openssl rand -hex 32`)');
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss:// (got "${redisUrl}")`);
  }
  const publicOrigin = env.PUBLIC_ORIGIN || null;
  if (publicOrigin && !/^https?:\/\/[^/]+$/.test(publicOrigin)) {
    throw new ConfigError(`PUBLIC_ORIGIN must be an origin like https://warroom.example.dk, without a path (got "${publicOrigin}")`);
  }
  const rolloutConfigPath = path.resolve(env.ROLLOUT_CONFIG || path.join(root, 'config/rollout.example.json'));
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    redisUrl,
    dataDir: path.resolve(env.DATA_DIR || path.join(root, 'data')),
    rolloutConfigPath,
    runWorkers: bool(env, 'RUN_WORKERS', true),
    // One per core by default; past four, one machine gains little and Redis becomes the limit.
    webProcesses: int(env, 'WEB_PROCESSES', Math.min(os.availableParallelism(), 4), 1, 32),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 8 * 60, 1, 7 * 24 * 60),
    sessionMaxHours: int(env, 'SESSION_MAX_HOURS', 7 * 24, 1, 31 * 24),
    publicOrigin,
    trustProxy: trustProxy(env),
    logLevel: env.LOG_LEVEL || 'info',
    clientDir: path.resolve(env.CLIENT_DIR || path.join(root, 'dist/client')),
    rollout: loadRollout(rolloutConfigPath),
    similarityWindowHours: int(env, 'SIMILARITY_WINDOW_HOURS', 48, 1, 24 * 31),
    limits: {
      loginPerIp: int(env, 'LOGIN_LIMIT_PER_IP', 60, 1, 1_000_000),
      loginPerUser: int(env, 'LOGIN_LIMIT_PER_USER', 10, 1, 1_000_000),
      intakePerUser: int(env, 'INTAKE_LIMIT_PER_USER', 30, 1, 1_000_000),
      socketBurst: int(env, 'SOCKET_COMMAND_BURST', 20, 1, 1_000_000),
      socketPerSecond: int(env, 'SOCKET_COMMANDS_PER_SECOND', 10, 1, 1_000_000),
      boardsPerSession: int(env, 'BOARDS_PER_SESSION', 10, 1, 10_000),
    },
    retentionDaysAfterRollout: int(env, 'RETENTION_DAYS_AFTER_ROLLOUT', 90, 0, 3650),
    timeouts: timeouts(env),
    auditRetentionDays: int(env, 'AUDIT_RETENTION_DAYS', 180, 1, 3650),
    metricsToken: metricsToken(env),
  };
}
