-- Keeps the counter of a session with connections on the calling instance for another lifetime,
-- and counts the session as active now among those with a counter (so it is the last forgotten).
-- KEYS[1] the session's meta hash, KEYS[2] the sorted set of sessions with a counter by last activity
-- ARGV: 1 lifetime in ms, 2 the session id
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then
  return 0
end
local time = redis.call('TIME')
redis.call('ZADD', KEYS[2], tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000), ARGV[2])
return 1
