-- Shared by the scripts that make a session's seq counter (publish, read): counts the session among
-- those with a counter and keeps at most the most of them, as the in-process log does.
-- counters: the sorted set session -> last activity (ms); sizes, order, total: the budget of every
-- history (the session's bytes there are given back with it); prefix: the key prefix.
-- Counters unused past their lifetime have expired already and leave the set. Past the most, down
-- to 90 % of it (so that this is paid once per tenth), the least recently active sessions without
-- connections are forgotten: counter, epoch and history deleted, so they start again in a new
-- epoch and a resume there is told recovered:false. A session with a presence entry (connections on
-- some instance) stays and counts as active now; with every counter in use the cap is passed, as in
-- the in-process log (connections are bounded on their own). At most 64 sessions are looked at
-- beyond those forgotten, so the script stays short.
-- Returns how many were forgotten.
local function admitSession(counters, id, now, lifetime, maxSessions, prefix, sizes, order, total)
  redis.call('ZREMRANGEBYSCORE', counters, '-inf', now - lifetime)
  redis.call('ZADD', counters, now, id)
  local count = redis.call('ZCARD', counters)
  if count <= maxSessions then
    return 0
  end
  local excess = count - (maxSessions - math.floor(maxSessions / 10))
  local forgotten = 0
  for _, victim in ipairs(redis.call('ZRANGE', counters, 0, excess + 63)) do
    if excess <= 0 then
      break
    end
    if victim ~= id then
      if redis.call('EXISTS', prefix .. 'presence:{' .. victim .. '}') == 1 then
        redis.call('ZADD', counters, now, victim)
      else
        redis.call('DEL', prefix .. 'session:{' .. victim .. '}:meta', prefix .. 'session:{' .. victim .. '}:log')
        redis.call('DECRBY', total, tonumber(redis.call('HGET', sizes, victim) or '0'))
        redis.call('HDEL', sizes, victim)
        redis.call('ZREM', order, victim)
        redis.call('ZREM', counters, victim)
        forgotten = forgotten + 1
        excess = excess - 1
      end
    end
  end
  return forgotten
end
