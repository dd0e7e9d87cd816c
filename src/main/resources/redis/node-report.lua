-- Replaces one instance's report of its connections and marks it alive.
-- KEYS[1] the node's hash (total, s:<session> -> count), KEYS[2] the sorted set of nodes by last report
-- ARGV: 1 node id, 2 how long a report lasts in ms, then total, then session id / count pairs
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'total', ARGV[3])
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[1], 's:' .. ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
return now
