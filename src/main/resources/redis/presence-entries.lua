-- The connections present in a session, without those of instances that are gone.
-- KEYS[1] the session's presence hash (connection id -> "node\ntoken\njoined ms\n...")
-- ARGV: 1 the prefix of node report keys, 2 the prefix of life token keys, 3 this node's id,
-- 4 this node's token, 5 how long a report lasts in ms
-- An entry is live while its node reports and the node's token is the entry's (a node restarted
-- under the same id has a new token, so the entries of its previous life are gone). Returns the
-- values of the live entries; a dead entry older than a report's lifetime is deleted, a younger
-- one only left out, as its node may not have reported yet.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lifetime = tonumber(ARGV[5])
local alive = {}
local result = {}
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local value = fields[i + 1]
  local node, token, joined = string.match(value, '^([^\n]*)\n([^\n]*)\n(%d+)\n')
  if node then
    local life = node .. '\n' .. token
    local live = alive[life]
    if live == nil then
      if node == ARGV[3] then
        live = token == ARGV[4]
      else
        live = redis.call('EXISTS', ARGV[1] .. node) == 1 and redis.call('GET', ARGV[2] .. node) == token
      end
      alive[life] = live
    end
    if live then
      table.insert(result, value)
    elseif now - tonumber(joined) > lifetime then
      redis.call('HDEL', KEYS[1], fields[i])
    end
  end
end
return result
