-- Drops the oldest entries of a session's history until at least the given bytes are freed or
-- none is left, for the budget of every history together. The stream stays (empty), so the
-- session keeps its epoch: a resume from before what is left is told recovered:false.
-- KEYS[1] the session's meta hash, KEYS[2] its stream
-- ARGV: 1 bytes wanted
-- Returns the bytes the history holds after.
local meta, stream = KEYS[1], KEYS[2]
local wanted = tonumber(ARGV[1])
local freed = 0
while freed < wanted do
  local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
  if not oldest then
    break
  end
  freed = freed + #oldest[2][2]
  redis.call('XDEL', stream, oldest[1])
end
if redis.call('EXISTS', meta) == 0 then
  return 0
end
return redis.call('HINCRBY', meta, 'bytes', -freed)
