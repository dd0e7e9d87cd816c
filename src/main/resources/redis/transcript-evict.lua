-- Forgets the transcripts past their retention, then, while all of them hold more than the bounds,
-- those that ended longest ago. A live run's transcript stays (its run's limits bound it).
-- KEYS: 1 order, 2 sizes, 3 sessions, 4 total
-- ARGV: 1 now (ms), 2 retention (ms), 3 most bytes in all, 4 most transcripts, 5 key prefix of one run's keys
local now = tonumber(ARGV[1])
local prefix = ARGV[5]

local function forget(id)
  local size = tonumber(redis.call('HGET', KEYS[2], id) or '0')
  local session = redis.call('HGET', KEYS[3], id)
  if session then
    redis.call('ZREM', prefix .. 'session:' .. session, id)
  end
  redis.call('DEL', prefix .. 'meta:' .. id, prefix .. 'events:' .. id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('DECRBY', KEYS[4], size)
end

-- their keys have expired already; this settles the totals
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]), 'LIMIT', 0, 1000)) do
  forget(id)
end
local forgotten = 0
while tonumber(redis.call('GET', KEYS[4]) or '0') > tonumber(ARGV[3]) or redis.call('ZCARD', KEYS[1]) > tonumber(ARGV[4]) do
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if #oldest == 0 or tonumber(oldest[2]) > now then
    break
  end
  forget(oldest[1])
  forgotten = forgotten + 1
end
return forgotten
