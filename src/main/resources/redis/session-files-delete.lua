-- Deletes one session file and counts its bytes out, in one step.
-- KEYS as session-files-save.lua; ARGV: 1 session id, 2 file name
-- Returns the bytes the file held, or -1 when there was no such file.
local usage, total, meta, data = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local session, name = ARGV[1], ARGV[2]
if redis.call('HEXISTS', data, name) == 0 then
  return -1
end
local size = redis.call('HSTRLEN', data, name)
redis.call('HDEL', data, name)
redis.call('HDEL', meta, name)
redis.call('DECRBY', total, size)
if redis.call('HLEN', data) == 0 then
  -- a session without files no longer counts against the number of sessions
  redis.call('HDEL', usage, session)
elseif size > 0 then
  -- (not for 0: Lua writes -0, which Redis does not take as an integer)
  redis.call('HINCRBY', usage, session, -size)
end
return size
