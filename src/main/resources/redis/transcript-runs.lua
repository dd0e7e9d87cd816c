-- A session's retained runs, newest first: for each, id, status, language, started, ended ('' while running),
-- events held. KEYS: 1 the session's runs; ARGV: 1 key prefix of one run's keys
local reply = {}
for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
  local meta = redis.call('HMGET', ARGV[1] .. 'meta:' .. id, 'status', 'language', 'started', 'ended')
  if meta[1] then
    reply[#reply + 1] = id
    reply[#reply + 1] = meta[1]
    reply[#reply + 1] = meta[2]
    reply[#reply + 1] = meta[3]
    reply[#reply + 1] = meta[4] or ''
    reply[#reply + 1] = redis.call('LLEN', ARGV[1] .. 'events:' .. id)
  else
    -- expired: its transcript is gone
    redis.call('ZREM', KEYS[1], id)
  end
end
return reply
