-- A run ended: its transcript keeps its status and is kept for the retention from now.
-- KEYS: 1 meta, 2 events, 3 order, 4 the session's runs; ARGV: 1 execution id, 2 status, 3 ended (ms), 4 retention (ms)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'ended', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[3], 'XX', ARGV[3], ARGV[1])
if redis.call('PTTL', KEYS[4]) < tonumber(ARGV[4]) then
  redis.call('PEXPIRE', KEYS[4], ARGV[4])
end
return 1
