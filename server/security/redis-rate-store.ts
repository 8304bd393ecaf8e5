// A store for @fastify/rate-limit over node-redis (the plugin's own Redis store needs ioredis),
// so a budget holds across every server node on the same Redis.
import type { Redis } from '../redis/connect.ts';
import { runScript } from '../store/scripts.ts';

export const RATE_KEY_PREFIX = 'wr:rate:';

/**
 * A fixed window: the first hit starts it. One script, so two nodes counting the same key
 * at once can neither lose a hit nor leave a counter without its expiry.
 * KEYS: the counter. ARGV: the window in ms. Replies {count, ms left}.
 */
const HIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

interface StoreOptions {
  /** Set per limit (see rate-limits.ts); keys of different limits never collide. */
  limitName?: string;
}

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;

/** The plugin instantiates the store itself (`new Store(options)`), so the client comes in through a closure. */
export function redisRateStore(redis: Redis) {
  return class RedisRateStore {
    constructor(private readonly options: StoreOptions = {}) {}

    incr(key: string, cb: Callback, timeWindow: number, _max: number): void {
      const counter = `${RATE_KEY_PREFIX}${this.options.limitName ?? 'default'}:${key}`;
      runScript(redis, HIT, [counter], [String(Math.max(1, Math.trunc(timeWindow)))])
        .then((reply) => {
          const [current, ttl] = reply as [number, number];
          cb(null, { current: Number(current), ttl: Number(ttl) });
        })
        .catch((err: Error) => cb(err));
    }

    child(routeOptions: StoreOptions): RedisRateStore {
      return new RedisRateStore({ ...this.options, ...routeOptions });
    }
  };
}
