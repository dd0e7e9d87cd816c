-- A run's transcript begins, empty and running.
-- KEYS: 1 meta, 2 events, 3 order, 4 the session's runs, 5 sessions, 6 sizes
-- ARGV: 1 execution id, 2 session id, 3 language, 4 started (ms), 5 the latest the run can end (ms),
--       6 how long its keys live unless it ends (ms)
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[1], 'session', ARGV[2], 'language', ARGV[3], 'started', ARGV[4], 'status', 'running')
redis.call('PEXPIRE', KEYS[1], ARGV[6])
-- a live run sorts by the latest it can end: never evicted before that, gone after it if its instance died
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
if redis.call('PTTL', KEYS[4]) < tonumber(ARGV[6]) then
  redis.call('PEXPIRE', KEYS[4], ARGV[6])
end
redis.call('HSET', KEYS[5], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[6], ARGV[1], 0)
return 1
