-- Removes from a session's presence the entries of instances that are gone (see presence-lives.lua).
-- KEYS[1] the session's presence hash. Returns the number of dead entries still too young to
-- remove, then the value of each entry removed: each is removed, and returned, once.
local _, dead, young = presence_sort(KEYS[1])
local removed = { young }
for i = 1, #dead, 2 do
  redis.call('HDEL', KEYS[1], dead[i])
  table.insert(removed, dead[i + 1])
end
return removed
