-- Every live instance's connection counts: for one session when ARGV[3] names it, else all.
-- KEYS[1] the sorted set of nodes; ARGV: 1 node key prefix, 2 how long a report lasts in ms,
-- 3 a session id or ''
-- Returns {node, total, [session, count]...} per live node, flattened as {node, n, fields...};
-- n is how many field/value pairs follow.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local result = {}
for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[2]), '+inf')) do
  local key = ARGV[1] .. node
  local fields
  if ARGV[3] ~= '' then
    local count = redis.call('HGET', key, 's:' .. ARGV[3])
    local total = redis.call('HGET', key, 'total')
    if total then
      fields = {'total', total, 's:' .. ARGV[3], count or '0'}
    end
  else
    fields = redis.call('HGETALL', key)
    if #fields == 0 then
      fields = nil
    end
  end
  -- a node whose report expired has died even if the set still names it
  if fields then
    table.insert(result, node)
    table.insert(result, #fields / 2)
    for _, value in ipairs(fields) do
      table.insert(result, value)
    end
  end
end
return result
