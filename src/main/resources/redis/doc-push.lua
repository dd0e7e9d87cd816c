-- The guard of a document's update, run in the same script before session-log-append.lua
-- (whose KEYS[1..6] and ARGV[1..12] it leaves alone): the version check, the document's new
-- text and version, the session file and the doc_update's seq are one atomic step, so two
-- instances never both take an update for one version, and seq order is version order.
-- KEYS[7] the document hash (t text, v version), KEYS[8..11] as session-files-save.lua (usage
-- hash, total bytes, the session's files meta hash, its data hash)
-- ARGV: 13 the version the update was made on, 14 the version after, 15 the text after, 16 file
-- name, 17 session id, 18 what to do with the file ('w' store the text, 'd' delete it), 19 the
-- time in epoch ms, 20 most files per session, 21 most bytes per session, 22 most bytes in all,
-- 23 most sessions holding files
-- Returns (without appending) {-1, current version} when the version is not the current one,
-- {-2, 1} too many files, {-2, 2, bytes after} session full, {-2, 3} store full, {-2, 4} too many
-- sessions; else what session-log-append.lua returns.
local doc = KEYS[7]
local current = tonumber(redis.call('HGET', doc, 'v') or '-1')
if current ~= tonumber(ARGV[13]) then
  return {-1, math.max(current, 0)}
end
local usage, total, meta, data = KEYS[8], KEYS[9], KEYS[10], KEYS[11]
local name, session, content = ARGV[16], ARGV[17], ARGV[15]
if ARGV[18] == 'w' then
  local exists = redis.call('HEXISTS', data, name) == 1
  if not exists and redis.call('HLEN', data) >= tonumber(ARGV[20]) then
    return {-2, 1}
  end
  local old = redis.call('HSTRLEN', data, name)
  local held = redis.call('HGET', usage, session)
  local after = tonumber(held or '0') - old + #content
  if after > tonumber(ARGV[21]) then
    return {-2, 2, after}
  end
  local delta = #content - old
  if delta > 0 and tonumber(redis.call('GET', total) or '0') + delta > tonumber(ARGV[22]) then
    return {-2, 3}
  end
  if not held and redis.call('HLEN', usage) >= tonumber(ARGV[23]) then
    return {-2, 4}
  end
  -- the explicit language a save gave stays (description "size:saved at:language")
  local language = string.match(redis.call('HGET', meta, name) or '', '^[^:]*:[^:]*:(.*)$') or ''
  redis.call('HSET', data, name, content)
  redis.call('HSET', meta, name, #content .. ':' .. ARGV[19] .. ':' .. language)
  redis.call('HSET', usage, session, after)
  if delta ~= 0 then
    redis.call('INCRBY', total, delta)
  end
elseif ARGV[18] == 'd' and redis.call('HEXISTS', data, name) == 1 then
  -- as session-files-delete.lua
  local size = redis.call('HSTRLEN', data, name)
  redis.call('HDEL', data, name)
  redis.call('HDEL', meta, name)
  redis.call('DECRBY', total, size)
  if redis.call('HLEN', data) == 0 then
    redis.call('HDEL', usage, session)
  elseif size > 0 then
    redis.call('HINCRBY', usage, session, -size)
  end
end
redis.call('HSET', doc, 't', content, 'v', ARGV[14])
