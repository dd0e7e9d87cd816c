-- After a write to what Ghost remembers of a session: keeps its keys alive for another idle
-- timeout and returns the bytes their values hold, which the budget of every session counts, with
-- the number of this measure ('_v' in the hash, 1 for a memory made anew): of two instances
-- measuring one session at once, the budget keeps the later measure, never a stale one.
-- KEYS[1] the session's memory hash, KEYS[2] its list of saved file names, KEYS[3] its chat turns
-- ARGV: 1 lifetime in ms
-- Returns {bytes, measure}.
local measure = redis.call('HINCRBY', KEYS[1], '_v', 1)
local bytes = 0
for _, value in ipairs(redis.call('HVALS', KEYS[1])) do
  bytes = bytes + #value
end
for i = 2, 3 do
  for _, value in ipairs(redis.call('LRANGE', KEYS[i], 0, -1)) do
    bytes = bytes + #value
  end
end
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ARGV[1])
end
return {bytes, measure}
