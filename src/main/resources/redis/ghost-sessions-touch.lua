-- Marks a session of Ghost's memory used now, with the bytes it holds, and picks the sessions to
-- forget: those idle past the lifetime (their keys have expired already, only their count is
-- left), then the least recently used while more than the most sessions or bytes are remembered.
-- The picked sessions leave the counts here; the caller deletes their keys (each on its own shard).
-- KEYS[1] sorted set session -> last use (ms), KEYS[2] hash session -> bytes, KEYS[3] total bytes,
-- KEYS[4] hash session -> the number of the measure its bytes come from
-- ARGV: 1 session id, 2 its bytes now, 3 lifetime in ms, 4 most sessions, 5 most bytes, 6 the number of
-- the measure (see ghost-session-touch.lua): an older measure than the one counted changes no count,
-- so two instances writing one session at once cannot leave a stale, smaller size counted.
-- Returns the session ids to forget (never the one marked).
local sessions, sizes, total, measures = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, bytes, measure = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[6])
local maxSessions, maxBytes = tonumber(ARGV[4]), tonumber(ARGV[5])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function drop(session)
  redis.call('ZREM', sessions, session)
  redis.call('DECRBY', total, tonumber(redis.call('HGET', sizes, session) or '0'))
  redis.call('HDEL', sizes, session)
  redis.call('HDEL', measures, session)
end
if measure == 1 or measure > tonumber(redis.call('HGET', measures, id) or '0') then
  redis.call('INCRBY', total, bytes - tonumber(redis.call('HGET', sizes, id) or '0'))
  redis.call('HSET', sizes, id, bytes)
  redis.call('HSET', measures, id, measure)
end
redis.call('ZADD', sessions, now, id)
for _, expired in ipairs(redis.call('ZRANGEBYSCORE', sessions, '-inf', now - tonumber(ARGV[3]))) do
  if expired ~= id then
    drop(expired)
  end
end
local forgotten = {}
while redis.call('ZCARD', sessions) > maxSessions or tonumber(redis.call('GET', total) or '0') > maxBytes do
  local oldest = redis.call('ZRANGE', sessions, 0, 1)
  local victim = oldest[1] ~= id and oldest[1] or oldest[2]
  if not victim then
    break
  end
  drop(victim)
  table.insert(forgotten, victim)
end
return forgotten
