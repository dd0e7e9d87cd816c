-- Records the bytes a trimmed session's history holds now in the budget of every history.
-- KEYS[1] the hash session -> bytes, KEYS[2] the total, KEYS[3] the sorted set by last publish
-- ARGV: 1 session id, 2 its bytes now
local sizes, total, order = KEYS[1], KEYS[2], KEYS[3]
local id, held = ARGV[1], tonumber(ARGV[2])
local before = redis.call('HGET', sizes, id)
if not before then
  -- forgotten meanwhile (expired); nothing to settle
  return 0
end
redis.call('INCRBY', total, held - tonumber(before))
if held > 0 then
  redis.call('HSET', sizes, id, held)
else
  redis.call('HDEL', sizes, id)
  redis.call('ZREM', order, id)
end
return 1
