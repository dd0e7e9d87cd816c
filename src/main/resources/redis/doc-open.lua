-- Opens a shared document and reads it with the session's position, in one step: a push takes
-- its version, its text and its seq in one step too (doc-push.lua), so the text is the one at
-- the version, and every doc_update with a greater seq has a greater version.
-- KEYS[1] the document hash (t text, v version), KEYS[2] the session's set of open documents,
-- KEYS[3] the session's files data hash, KEYS[4] the session log's meta hash
-- ARGV: 1 file name, 2 most documents open per session
-- Returns {version, text, seq, 1 if the file exists else 0}, or {-1} when the session has as many documents open as it may.
local doc = KEYS[1]
if redis.call('EXISTS', doc) == 0 then
  if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then
    return {-1}
  end
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('HSET', doc, 't', redis.call('HGET', KEYS[3], ARGV[1]) or '', 'v', 0)
end
local d = redis.call('HMGET', doc, 'v', 't')
return {tonumber(d[1]), d[2], tonumber(redis.call('HGET', KEYS[4], 'seq') or '0'),
  redis.call('HEXISTS', KEYS[3], ARGV[1])}
