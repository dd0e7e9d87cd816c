-- Adds events at the end of a running run's transcript; each ARGV from 3 on is a kind letter and the text.
-- ARGV[2] is the index of the first: events an earlier attempt wrote (its reply lost) are not added twice.
-- KEYS: 1 meta, 2 events, 3 sizes, 4 total; ARGV: 1 execution id, 2 first index, 3.. events
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then
  -- forgotten, or ended: nothing is added after the end
  return 0
end
local from = 3 + math.max(0, redis.call('LLEN', KEYS[2]) - tonumber(ARGV[2]))
if from > #ARGV then
  return 0
end
local bytes = 0
for i = from, #ARGV do
  bytes = bytes + #ARGV[i] - 1
end
redis.call('RPUSH', KEYS[2], unpack(ARGV, from))
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[2], ttl)
end
redis.call('HINCRBY', KEYS[1], 'bytes', bytes)
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[3], ARGV[1], bytes)
  redis.call('INCRBY', KEYS[4], bytes)
end
return #ARGV - from + 1
