-- Forgets a gone instance's life token once none of its entries remain, so reaping stops
-- looking for them; kept when the instance reports again or has started a new life meanwhile.
-- KEYS[1] the instance's node report, KEYS[2] its life token; ARGV[1] the token seen gone
if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('GET', KEYS[2]) == ARGV[1] then
  return redis.call('DEL', KEYS[2])
end
return 0
