// The budget for an account's changes, over HTTP and from its boards alike: a token bucket (a
// burst, then a steady rate) per account kept in Redis, so a script calling the API from many
// connections or against several nodes, or sending commands from many boards, gets one budget.
import type { Redis } from '../redis/connect.ts';
import { TAKE_TOKEN_LUA, type Bucket } from '../store/bucket-script.ts';
import { runScript } from '../store/scripts.ts';
import { RATE_KEY_PREFIX } from './redis-rate-store.ts';

/**
 * One script per hit, so two nodes taking from the same bucket at once cannot both spend its
 * last token (the bucket itself: store/bucket-script.ts).
 * KEYS: the bucket. ARGV: burst, tokens per second. Replies {1 allowed | 0 refused, ms until a token is back}.
 */
const TAKE = `
local bucketKey = KEYS[1]
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
${TAKE_TOKEN_LUA}
return {allowed, wait}
`;

export type { Bucket };

export type Spent = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface MoveBudget {
  /** Spends one move of the account's budget; when none is left, how long until one is back. */
  take(userId: string): Promise<Spent>;
  /** The account's bucket, for a write that takes its token in the same round trip. */
  bucket(userId: string): Bucket;
}

/** Whole seconds to wait for a token that is back in `ms`; at least one. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function moveBudget(redis: Redis, opts: { burst: number; perSecond: number }): MoveBudget {
  const bucket = (userId: string): Bucket => ({ key: `${RATE_KEY_PREFIX}moves:${userId}`, burst: opts.burst, perSecond: opts.perSecond });
  return {
    bucket,
    async take(userId) {
      const reply = (await runScript(redis, TAKE, [bucket(userId).key], [String(opts.burst), String(opts.perSecond)])) as [number, number];
      if (Number(reply[0]) === 1) return { allowed: true };
      return { allowed: false, retryAfterSeconds: retryAfterSeconds(Number(reply[1])) };
    },
  };
}
