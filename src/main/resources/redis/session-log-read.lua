-- A session's position, and the entries after a resume point when the history still holds them.
-- KEYS[1] the session's meta hash, KEYS[2] its stream
-- ARGV: 1 the epoch to start if the session has none, 2 how long the counter lasts unused in ms,
-- 3 the resume point's seq, or -1 for none
-- KEYS[3] the sorted set of sessions with a counter by last activity, KEYS[4..6] the budget of every
-- history (session -> bytes, session -> last publish, total); ARGV: 4 the most sessions with a
-- counter, 5 the key prefix, 6 the session id (see session-counters.lua, which this script follows)
-- Returns {epoch, seq, first seq held (seq + 1 when none), entries after the point...}
local meta, stream = KEYS[1], KEYS[2]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
admitSession(KEYS[3], ARGV[6], now, tonumber(ARGV[2]), tonumber(ARGV[4]), ARGV[5], KEYS[4], KEYS[5], KEYS[6])
local epoch = redis.call('HGET', meta, 'epoch')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', meta, 'epoch', epoch, 'seq', 0, 'bytes', 0)
end
redis.call('PEXPIRE', meta, tonumber(ARGV[2]))
local seq = tonumber(redis.call('HGET', meta, 'seq') or '0')
local first = seq + 1
local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
if oldest then
  first = tonumber(string.match(oldest[1], '^(%d+)'))
end
local result = {epoch, seq, first}
local since = tonumber(ARGV[3])
if since >= 0 and since < seq and since >= first - 1 then
  for _, entry in ipairs(redis.call('XRANGE', stream, (since + 1) .. '-0', seq .. '-0')) do
    table.insert(result, entry[2][2])
  end
end
return result
