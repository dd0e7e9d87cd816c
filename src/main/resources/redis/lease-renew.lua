-- Renews the places one instance holds, so that they outlive another lease time. A place that
-- lapsed meanwhile (Redis was away, or restarted empty) is taken again: it is still held.
-- KEYS the sorted sets, one per place; ARGV: 1 how long a place lasts unrenewed in ms, then the
-- holders, in the order of KEYS
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + ttl, ARGV[i + 1])
  redis.call('PEXPIRE', key, ttl)
end
return #KEYS
