// Erasure in the event log. Stream entries cannot be edited, so the stream is rebuilt: every
// entry is copied, under its own id, to a temporary key — the erased case's entries with
// their redacted fields — and the copy is renamed over wr:events. One script: no event can be
// stored in between, and a reader following the stream (XREAD from its last id) goes on
// where it was, since every id is the same. The stream's counters (last id, entries added,
// largest deleted id) are carried over, so new ids stay ascending and a board that last saw
// a trimmed event is still told to reload.
//
// Redis is busy for the length of the copy (tens of milliseconds per ten thousand events on
// a small machine): acceptable for a rare act by the lead; the log of a rollout week is small.

/**
 * KEYS: event stream, temporary key, case hash, the case's list of event ids, the rewrite counter.
 * ARGV: expected case version, redacted case JSON, number of the case's events, then per
 *       event: id, redacted data JSON, redacted case JSON (entries of the first format hold a
 *       copy of the case; today's have no case field, and their value is left unused).
 * Replies {'ok', copied}, {'stale'} (the case changed since it was read: read it again) or {'gone'}.
 */
export const ERASE_CASE_TEXTS = `
local v = redis.call('HGET', KEYS[3], 'v')
if not v then return {'gone'} end
if v ~= ARGV[1] or redis.call('LLEN', KEYS[4]) ~= tonumber(ARGV[3]) then return {'stale'} end
local replace = {}
for i = 4, #ARGV, 3 do replace[ARGV[i]] = i end
redis.call('DEL', KEYS[2])
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local meta = {}
for i = 1, #info, 2 do meta[info[i]] = info[i + 1] end
local copied = 0
local start = '-'
while true do
  local rows = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', 1000)
  for _, row in ipairs(rows) do
    local fields = row[2]
    local j = replace[row[1]]
    if j then
      for k = 1, #fields, 2 do
        if fields[k] == 'data' then fields[k + 1] = ARGV[j + 1]
        elseif fields[k] == 'case' then fields[k + 1] = ARGV[j + 2] end
      end
    end
    redis.call('XADD', KEYS[2], row[1], unpack(fields))
    copied = copied + 1
  end
  if #rows < 1000 then break end
  start = '(' .. rows[#rows][1]
end
if copied == 0 then return {'gone'} end
redis.call('XSETID', KEYS[2], meta['last-generated-id'], 'ENTRIESADDED', meta['entries-added'], 'MAXDELETEDID', meta['max-deleted-entry-id'])
redis.call('RENAME', KEYS[2], KEYS[1])
-- Counted, so a commit decided on a state from before (read, or held in memory) is refused as stale.
redis.call('HSET', KEYS[3], 'json', ARGV[2])
redis.call('HINCRBY', KEYS[3], 'erased', 1)
redis.call('INCR', KEYS[5])
return {'ok', tostring(copied)}
`;

/**
 * Removes one case for good: its hash, its list of event ids, its place in the index and its
 * entries in the stream. The rest (cases in progress, idempotency keys) is swept by the caller.
 * KEYS: case hash, the case's list of event ids, case index, event stream, the rewrite counter. ARGV: case id.
 * Replies the number of stream entries removed.
 */
export const PURGE_CASE = `
local ids = redis.call('LRANGE', KEYS[2], 0, -1)
local removed = 0
for i = 1, #ids, 500 do
  removed = removed + redis.call('XDEL', KEYS[4], unpack(ids, i, math.min(i + 499, #ids)))
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('INCR', KEYS[5])
return removed
`;
