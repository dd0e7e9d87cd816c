-- Saves one session file if every limit allows it, in one step: no other save, on this instance
-- or another, can slip between the checks and the write.
-- KEYS[1] usage hash (session -> bytes), KEYS[2] total bytes counter, KEYS[3] the session's meta
-- hash (name -> description), KEYS[4] its data hash (name -> content)
-- ARGV: 1 session id, 2 file name, 3 content, 4 description, 5 most files per session,
-- 6 most bytes per session, 7 most bytes in all, 8 most sessions holding files
-- Returns {0, created (1 or 0)} when saved, else {1} too many files, {2, bytes after} session
-- full, {3} store full, {4} too many sessions.
local usage, total, meta, data = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local session, name, content = ARGV[1], ARGV[2], ARGV[3]
local exists = redis.call('HEXISTS', data, name) == 1
if not exists and redis.call('HLEN', data) >= tonumber(ARGV[5]) then
  return {1}
end
local old = redis.call('HSTRLEN', data, name)
local current = redis.call('HGET', usage, session)
local after = tonumber(current or '0') - old + #content
if after > tonumber(ARGV[6]) then
  return {2, after}
end
local delta = #content - old
if delta > 0 and tonumber(redis.call('GET', total) or '0') + delta > tonumber(ARGV[7]) then
  return {3}
end
if not current and redis.call('HLEN', usage) >= tonumber(ARGV[8]) then
  return {4}
end
redis.call('HSET', data, name, content)
redis.call('HSET', meta, name, ARGV[4])
redis.call('HSET', usage, session, after)
redis.call('INCRBY', total, delta)
if exists then
  return {0, 0}
end
return {0, 1}
