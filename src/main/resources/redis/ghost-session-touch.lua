-- After a write to what Ghost remembers of a session: keeps its keys alive for another idle
-- timeout and returns the bytes their values hold, which the budget of every session counts.
-- KEYS[1] the session's memory hash, KEYS[2] its list of saved file names, KEYS[3] its chat turns
-- ARGV: 1 lifetime in ms
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
return bytes
