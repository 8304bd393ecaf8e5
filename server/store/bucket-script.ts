// The change budget's token bucket as a piece of Lua, shared by the budget's own script
// (security/move-budget.ts) and the commit script (scripts.ts), which takes from it in the
// same atomic step as the write it pays for: one rule, whichever script spends the token.

/**
 * Expects the locals `bucketKey`, `burst` and `rate` (tokens per second); sets `allowed`
 * (1 or 0) and `wait` (ms until a token is back, 0 when allowed). Redis's own clock: the
 * nodes' clocks may differ. The bucket expires once it would be full again, so an idle
 * account leaves nothing behind.
 */
export const TAKE_TOKEN_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', bucketKey, 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local last = tonumber(state[2]) or now
if now > last then tokens = math.min(burst, tokens + (now - last) * rate / 1000) end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', bucketKey, 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', bucketKey, math.ceil((burst - tokens) * 1000 / rate) + 1000)
local wait = 0
if allowed == 0 then wait = math.ceil((1 - tokens) * 1000 / rate) end
`;

/** Where an account's budget is kept and how it refills: what a script needs to take from it. */
export interface Bucket {
  key: string;
  burst: number;
  perSecond: number;
}
