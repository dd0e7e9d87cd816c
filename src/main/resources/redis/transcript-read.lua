-- Part of a transcript: session, language, status, ended ('' while running), events held, then the events.
-- KEYS: 1 meta, 2 events; ARGV: 1 from, 2 most events
local meta = redis.call('HMGET', KEYS[1], 'session', 'language', 'status', 'ended')
if not meta[1] then
  return {}
end
local reply = { meta[1], meta[2], meta[3], meta[4] or '', redis.call('LLEN', KEYS[2]) }
local from = tonumber(ARGV[1])
local most = tonumber(ARGV[2])
if most > 0 then
  for _, event in ipairs(redis.call('LRANGE', KEYS[2], from, from + most - 1)) do
    reply[#reply + 1] = event
  end
end
return reply
