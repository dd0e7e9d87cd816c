-- Records a connection as present, and which life of its instance holds it.
-- KEYS[1] the session's presence hash, KEYS[2] the instance's life token
-- ARGV: 1 connection id, 2 the entry, 3 the token
-- Returns 1 when added, 0 when the connection was present already.
redis.call('SET', KEYS[2], ARGV[3])
return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
