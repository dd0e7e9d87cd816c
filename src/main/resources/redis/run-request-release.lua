-- Deletes a request id's entry only if it still names this run (KEYS[1], ARGV[1] the execution id):
-- a client may have named a later run, on another instance, with the same request id.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
