-- Takes a place under a cap counted by every instance: drops the places whose holder stopped
-- renewing them (an instance that died), then adds the holder unless the cap is full, in one step,
-- so two instances can never both take the last place.
-- KEYS[1] the sorted set holder -> when its place lapses (ms)
-- ARGV: 1 holder, 2 most places, 3 how long a place lasts unrenewed in ms
-- Returns 1 when the holder has the place, 0 when the cap is full.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
