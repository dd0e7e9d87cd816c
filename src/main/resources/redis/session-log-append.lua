-- Appends one envelope to a session's log, atomically: the next seq, the stream entry, the
-- expiries and the PUBLISH happen as one step, so seq order, history order and pub/sub order
-- are one order on every instance.
-- KEYS[1] the session's meta hash (epoch, seq, bytes, at), KEYS[2] its stream (entry id = seq-0)
-- ARGV: 1 envelope JSON up to "seq":, 2 the JSON after the seq, 3 most entries kept, 4 most bytes
-- kept, 5 history age in ms, 6 how long the counter outlives its last use in ms, 7 the epoch to
-- start if the session has none, 8 the channel
-- Returns {seq, epoch}; publishes "seq:epoch:envelope".
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
return {seq, epoch}
