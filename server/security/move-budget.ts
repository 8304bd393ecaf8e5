// The budget for an account's changes, over HTTP and from its boards alike: a token bucket (a
// burst, then a steady rate) per account kept in Redis, so a script calling the API from many
// connections or against several nodes, or sending commands from many boards, gets one budget.
import type { Redis } from '../redis/connect.ts';
import { runScript } from '../store/scripts.ts';
import { RATE_KEY_PREFIX } from './redis-rate-store.ts';

/**
 * One script per hit, so two nodes taking from the same bucket at once cannot both spend its
 * last token. Redis's own clock: the nodes' clocks may differ. The bucket expires once it would
 * be full again, so an idle account leaves nothing behind.
 * KEYS: the bucket. ARGV: burst, tokens per second. Replies {1 allowed | 0 refused, ms until a token is back}.
 */
const TAKE = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local last = tonumber(state[2]) or now
if now > last then tokens = math.min(burst, tokens + (now - last) * rate / 1000) end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
local wait = 0
if allowed == 0 then wait = math.ceil((1 - tokens) * 1000 / rate) end
return {allowed, wait}
`;

export interface MoveBudget {
  /** Spends one move of the account's budget; when none is left, how long until one is back. */
  take(userId: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

export function moveBudget(redis: Redis, opts: { burst: number; perSecond: number }): MoveBudget {
  return {
    async take(userId) {
      const reply = (await runScript(redis, TAKE, [`${RATE_KEY_PREFIX}moves:${userId}`], [String(opts.burst), String(opts.perSecond)])) as [number, number];
      if (Number(reply[0]) === 1) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(reply[1]) / 1000)) };
    },
  };
}
