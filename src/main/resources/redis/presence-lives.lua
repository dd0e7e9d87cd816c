-- Sorts the entries of a session's presence hash by whether the instance that holds each is
-- still there; shared by presence-entries.lua and presence-reap.lua.
-- ARGV: 1 the prefix of node report keys, 2 the prefix of life token keys, 3 this node's id,
-- 4 this node's token, 5 how long a report lasts in ms
-- An entry is live while its node reports and the node's token is the entry's (a node restarted
-- under the same id has a new token, so the entries of its previous life are gone). A dead entry
-- younger than a report's lifetime is only "young": its node may not have reported yet.
-- Returns the live values, the dead entries as field, value, field, value..., and the number young.
local function presence_sort(key)
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local lifetime = tonumber(ARGV[5])
  local alive = {}
  local live, dead, young = {}, {}, 0
  local fields = redis.call('HGETALL', key)
  for i = 1, #fields, 2 do
    local value = fields[i + 1]
    local node, token, joined = string.match(value, '^([^\n]*)\n([^\n]*)\n(%d+)\n')
    if node then
      local life = node .. '\n' .. token
      local is_live = alive[life]
      if is_live == nil then
        if node == ARGV[3] then
          is_live = token == ARGV[4]
        else
          is_live = redis.call('EXISTS', ARGV[1] .. node) == 1 and redis.call('GET', ARGV[2] .. node) == token
        end
        alive[life] = is_live
      end
      if is_live then
        table.insert(live, value)
      elseif now - tonumber(joined) > lifetime then
        table.insert(dead, fields[i])
        table.insert(dead, value)
      else
        young = young + 1
      end
    end
  end
  return live, dead, young
end
