// Lua scripts run atomically inside Redis: a case and its events are written together
// or not at all, and only if nobody changed the case since it was loaded.
import { createHash } from 'node:crypto';
import type { Redis } from '../redis/connect.ts';
import { TAKE_TOKEN_LUA } from './bucket-script.ts';

/**
 * KEYS: case hash, event stream, case index, idempotency key (or the case key again when none),
 *       the case's list of event ids, the previous holder's set of cases in progress, the
 *       next holder's set (each the case key again when there is none), then the indexes
 *       (case-store.ts indexKeys): open, resolved, the institution's open and resolved, the
 *       problem before and after, the answer before and after, and the cases it is similar to.
 * ARGV: expected version, final case JSON, final version, index score, use-idempotency flag,
 *       case id, the next holder's limit on cases in progress ('0': not checked), '1' when the
 *       case ends in progress, 'open' or 'resolved', the resolution time, '1' when this commit
 *       resolves it, the account's change budget to take a token from ('0': none; then its
 *       refill rate per second, and its key is the last of KEYS), what the state the move was
 *       decided on knew of erasures (an erasure rewrites a case's texts under the same version,
 *       so the version check alone would let a move decided before it write the old texts
 *       back): 'none' for a state held in memory (refused as stale once the case was ever
 *       erased), the erasure count read with the state (refused when it has changed), or 'any'
 *       (not checked: a new case, or a state read some other way), then 6 fields per
 *       event: type, caseId, at, actor, data, the case's version after it (see event-format.ts:
 *       no copy of the case, so an entry's size does not grow with the case's history).
 * The budget is taken before the version is checked, in the same step as the write: a move
 * costs one token whether it is stored or found stale (the caller retries without a budget).
 * Replies {'ok', id...}, {'stale', currentVersion}, {'idem', existingCaseId}, {'wip', count} or
 * {'rate', ms until a token is back}.
 */
export const COMMIT_CASE = `
if ARGV[5] == '1' then
  local existing = redis.call('GET', KEYS[4])
  if existing then return {'idem', existing} end
end
local lastKey = #KEYS
if ARGV[12] ~= '0' then
  local bucketKey = KEYS[lastKey]
  local burst = tonumber(ARGV[12])
  local rate = tonumber(ARGV[13])
  ${TAKE_TOKEN_LUA}
  if allowed == 0 then return {'rate', tostring(wait)} end
  lastKey = lastKey - 1
end
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= tonumber(ARGV[1]) then return {'stale', tostring(current)} end
if ARGV[14] ~= 'any' then
  local erased = redis.call('HGET', KEYS[1], 'erased') or '0'
  if (ARGV[14] == 'none' and erased ~= '0') or (ARGV[14] ~= 'none' and erased ~= ARGV[14]) then return {'stale', tostring(current)} end
end
if ARGV[7] ~= '0' and redis.call('SISMEMBER', KEYS[7], ARGV[6]) == 0 then
  local held = redis.call('SCARD', KEYS[7])
  if held >= tonumber(ARGV[7]) then return {'wip', tostring(held)} end
end
if KEYS[6] ~= KEYS[1] then redis.call('SREM', KEYS[6], ARGV[6]) end
if ARGV[8] == '1' then redis.call('SADD', KEYS[7], ARGV[6]) end
local reply = {'ok'}
local i = 15
while i <= #ARGV do
  local id = redis.call('XADD', KEYS[2], '*',
    'f', '2', 'type', ARGV[i], 'caseId', ARGV[i + 1], 'at', ARGV[i + 2],
    'actor', ARGV[i + 3], 'data', ARGV[i + 4], 'v', ARGV[i + 5])
  reply[#reply + 1] = id
  redis.call('RPUSH', KEYS[5], id)
  i = i + 6
end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'json', ARGV[2])
redis.call('ZADD', KEYS[3], 'NX', ARGV[4], ARGV[6])
if ARGV[5] == '1' then redis.call('SET', KEYS[4], ARGV[6]) end
-- Indexes: open or resolved (overall and per institution), per problem and answer, similar.
if ARGV[9] == 'open' then
  redis.call('ZADD', KEYS[8], ARGV[4], ARGV[6])
  redis.call('ZADD', KEYS[10], ARGV[4], ARGV[6])
  redis.call('ZREM', KEYS[9], ARGV[6])
  redis.call('ZREM', KEYS[11], ARGV[6])
else
  redis.call('ZREM', KEYS[8], ARGV[6])
  redis.call('ZREM', KEYS[10], ARGV[6])
  if ARGV[11] == '1' then
    redis.call('ZADD', KEYS[9], ARGV[10], ARGV[6])
    redis.call('ZADD', KEYS[11], ARGV[10], ARGV[6])
  else
    redis.call('ZADD', KEYS[9], 'NX', ARGV[10], ARGV[6])
    redis.call('ZADD', KEYS[11], 'NX', ARGV[10], ARGV[6])
  end
end
for k = 12, 14, 2 do
  if KEYS[k] ~= KEYS[k + 1] then
    if KEYS[k] ~= KEYS[1] then redis.call('SREM', KEYS[k], ARGV[6]) end
    if KEYS[k + 1] ~= KEYS[1] then redis.call('SADD', KEYS[k + 1], ARGV[6]) end
  end
end
for k = 16, lastKey do redis.call('SADD', KEYS[k], ARGV[6]) end
return reply
`;

const shaOf = (script: string) => createHash('sha1').update(script).digest('hex');

/** EVALSHA with a fallback to EVAL the first time a Redis has not seen the script. */
export async function runScript(redis: Redis, script: string, keys: string[], args: string[]): Promise<unknown> {
  try {
    return await redis.evalSha(shaOf(script), { keys, arguments: args });
  } catch (err) {
    if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
    return redis.eval(script, { keys, arguments: args });
  }
}
