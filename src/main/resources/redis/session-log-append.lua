-- Appends one envelope to a session's log, atomically: the next seq, the stream entry, the
-- expiries and the PUBLISH happen as one step, so seq order, history order and pub/sub order
-- are one order on every instance.
-- KEYS[1] the session's meta hash (epoch, seq, bytes, at), KEYS[2] its stream (entry id = seq-0)
-- ARGV: 1 envelope JSON up to "seq":, 2 the JSON after the seq, 3 most entries kept, 4 most bytes
-- kept, 5 history age in ms, 6 how long the counter outlives its last use in ms, 7 the epoch to
-- start if the session has none, 8 the channel
-- KEYS[3..5] the budget of every session's history together: the hash session -> bytes, the
-- sorted set session -> last publish (ms), the total
-- ARGV: 9 the most bytes of every history together, 10 the session id
-- KEYS[6] the sorted set of sessions with a counter by last activity; ARGV: 11 the most sessions
-- with a counter, 12 the key prefix (see session-counters.lua, which this script follows)
-- Returns {seq, epoch, then pairs of session id and bytes to free}: past the total, the least
-- recently published sessions whose histories the caller trims (their keys are on other
-- shards); publishes
-- "seq:epoch:envelope".
local meta, stream = KEYS[1], KEYS[2]
local maxEntries, maxBytes = tonumber(ARGV[3]), tonumber(ARGV[4])
local historyTtl, retention = tonumber(ARGV[5]), tonumber(ARGV[6])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local epoch = redis.call('HGET', meta, 'epoch')
local last = tonumber(redis.call('HGET', meta, 'seq') or '0')
local streamExists = redis.call('EXISTS', stream) == 1
if epoch and last > 0 and maxEntries > 0 and not streamExists then
  -- a history younger than its age bound that is gone was lost (evicted), not aged out:
  -- its counter must start over in a new epoch
  local lastAt = tonumber(redis.call('HGET', meta, 'at') or '0')
  if now - lastAt < historyTtl then
    epoch = false
  end
end
if not epoch then
  epoch = ARGV[7]
  redis.call('DEL', stream)
  redis.call('HSET', meta, 'epoch', epoch, 'seq', 0, 'bytes', 0)
  last = 0
elseif not streamExists then
  redis.call('HSET', meta, 'bytes', 0)
end
local seq = last + 1
local envelope = ARGV[1] .. seq .. ARGV[2]
redis.call('HSET', meta, 'seq', seq, 'at', now)
if maxEntries > 0 then
  redis.call('XADD', stream, seq .. '-0', 'e', envelope)
  local bytes = redis.call('HINCRBY', meta, 'bytes', #envelope)
  local length = redis.call('XLEN', stream)
  -- the newest entry always stays, however large
  while length > 1 and (length > maxEntries or bytes > maxBytes) do
    local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
    bytes = redis.call('HINCRBY', meta, 'bytes', -#oldest[2][2])
    redis.call('XDEL', stream, oldest[1])
    length = length - 1
  end
  redis.call('PEXPIRE', stream, historyTtl)
end
redis.call('PEXPIRE', meta, math.max(retention, historyTtl))
redis.call('PUBLISH', ARGV[8], seq .. ':' .. epoch .. ':' .. envelope)
-- the budget: this session's bytes now, then every history younger than its age bound
local sizes, order, total = KEYS[3], KEYS[4], KEYS[5]
local id, budget = ARGV[10], tonumber(ARGV[9])
local held = tonumber(redis.call('HGET', meta, 'bytes') or '0')
redis.call('INCRBY', total, held - tonumber(redis.call('HGET', sizes, id) or '0'))
redis.call('HSET', sizes, id, held)
redis.call('ZADD', order, now, id)
-- a history past its age has expired with its stream; only its count is left
for _, expired in ipairs(redis.call('ZRANGEBYSCORE', order, '-inf', now - historyTtl)) do
  redis.call('DECRBY', total, tonumber(redis.call('HGET', sizes, expired) or '0'))
  redis.call('HDEL', sizes, expired)
  redis.call('ZREM', order, expired)
end
admitSession(KEYS[6], id, now, retention, tonumber(ARGV[11]), ARGV[12], sizes, order, total)
local result = {seq, epoch}
local excess = tonumber(redis.call('GET', total) or '0') - (budget - math.floor(budget / 10))
if tonumber(redis.call('GET', total) or '0') > budget then
  -- down to 90 % of the budget, so that trimming is paid once per tenth of it
  for _, oldest in ipairs(redis.call('ZRANGE', order, 0, 99)) do
    if excess <= 0 then
      break
    end
    if oldest ~= id then
      local wanted = math.min(excess, tonumber(redis.call('HGET', sizes, oldest) or '0'))
      table.insert(result, oldest)
      table.insert(result, wanted)
      excess = excess - wanted
    end
  end
end
return result
