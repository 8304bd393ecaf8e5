// Configuration comes from the environment, checked once at start-up: a wrong value
// stops the server with a message that says which variable to fix.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { Priority } from '../shared/case.ts';
import type { SlaPolicy, SlaTargets } from '../shared/sla.ts';

export interface Config {
  port: number;
  host: string;
  redisUrl: string | null;
  dataDir: string;
  rolloutConfigPath: string;
  runWorkers: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  publicOrigin: string | null;
  trustProxy: boolean;
  logLevel: string;
  clientDir: string;
  rollout: RolloutConfig;
}

const CategoryConfig = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  da: Type.String({ minLength: 1 }),
  en: Type.String({ minLength: 1 }),
  keywords: Type.Array(Type.String()),
});
const Minutes = Type.Number({ exclusiveMinimum: 0, maximum: 60 * 24 * 30 });
const SlaTargetConfig = Type.Object(
  { claimMinutes: Type.Optional(Minutes), resolveMinutes: Type.Optional(Minutes) },
  { additionalProperties: false },
);
const RolloutSchema = Type.Object({
  municipality: Type.String({ minLength: 1 }),
  rollout: Type.Object({ name: Type.String(), start: Type.String(), end: Type.String() }),
  institutions: Type.Array(Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), name: Type.String({ minLength: 1 }) }), {
    minItems: 1,
  }),
  categories: Type.Array(CategoryConfig, { minItems: 1 }),
  /** Time to claim and to resolve per priority, in minutes (fractions allowed); a priority left out has no SLA. */
  sla: Type.Optional(
    Type.Object(
      { low: Type.Optional(SlaTargetConfig), normal: Type.Optional(SlaTargetConfig), high: Type.Optional(SlaTargetConfig), urgent: Type.Optional(SlaTargetConfig) },
      { additionalProperties: false },
    ),
  ),
  /** How many cases one member may have in progress at once; per-username exceptions. */
  wip: Type.Optional(
    Type.Object(
      { default: Type.Integer({ minimum: 1, maximum: 1000 }), members: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 1000 }))) },
      { additionalProperties: false },
    ),
  ),
});
export type RolloutConfig = Static<typeof RolloutSchema>;

export class ConfigError extends Error {}

export function slaPolicy(rollout: RolloutConfig): SlaPolicy {
  const targets = (p: Priority): SlaTargets => {
    const t = rollout.sla?.[p];
    return { claimMs: t?.claimMinutes ? Math.round(t.claimMinutes * 60_000) : null, resolveMs: t?.resolveMinutes ? Math.round(t.resolveMinutes * 60_000) : null };
  };
  return { low: targets('low'), normal: targets('normal'), high: targets('high'), urgent: targets('urgent') };
}

/** The member's limit on cases in progress; null when the rollout sets none. */
export function wipLimitFor(rollout: RolloutConfig, username: string): number | null {
  return rollout.wip?.members?.[username] ?? rollout.wip?.default ?? null;
}

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

export function loadRollout(file: string): RolloutConfig {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Cannot read the rollout config ${file}: ${(err as Error).message}`);
  }
  const errors = [...Value.Errors(RolloutSchema, data)];
  if (errors.length > 0) {
    const first = errors.slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new ConfigError(`The rollout config ${file} is not valid: ${first.join('; ')}`);
  }
  const cfg = data as RolloutConfig;
  const dupe = cfg.institutions.find((i, n) => cfg.institutions.findIndex((j) => j.id === i.id) !== n);
  if (dupe) throw new ConfigError(`The rollout config ${file} lists institution id "${dupe.id}" twice`);
  return cfg;
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
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 8 * 60, 1, 7 * 24 * 60),
    sessionMaxHours: int(env, 'SESSION_MAX_HOURS', 7 * 24, 1, 31 * 24),
    publicOrigin,
    trustProxy: bool(env, 'TRUST_PROXY', false),
    logLevel: env.LOG_LEVEL || 'info',
    clientDir: path.resolve(env.CLIENT_DIR || path.join(root, 'dist/client')),
    rollout: loadRollout(rolloutConfigPath),
  };
}
