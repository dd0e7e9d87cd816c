-- Remembers a saved file for Ghost: it becomes the current code and the most recently saved
-- file; the least recently saved files past the cap are forgotten.
-- KEYS[1] the session's memory hash, KEYS[2] its list of saved file names, oldest first
-- ARGV: 1 file name, 2 the file as remembered (JSON), 3 most files remembered, 4 lifetime in ms
redis.call('HSET', KEYS[1], 'f:' .. ARGV[1], ARGV[2], 'current', ARGV[2])
redis.call('LREM', KEYS[2], 0, ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
while redis.call('LLEN', KEYS[2]) > tonumber(ARGV[3]) do
  redis.call('HDEL', KEYS[1], 'f:' .. redis.call('LPOP', KEYS[2]))
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1
