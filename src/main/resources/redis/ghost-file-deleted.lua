-- Forgets a deleted file of a session, and the current code when it is still the value the
-- caller found to be that file (a save or run since then is kept).
-- KEYS[1] the session's memory hash, KEYS[2] its list of saved file names
-- ARGV: 1 file name, 2 the current code as found when it was that file, else empty
redis.call('HDEL', KEYS[1], 'f:' .. ARGV[1])
redis.call('LREM', KEYS[2], 0, ARGV[1])
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'current') == ARGV[2] then
  redis.call('HDEL', KEYS[1], 'current')
end
return 1
