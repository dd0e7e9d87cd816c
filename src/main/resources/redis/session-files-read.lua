-- One session file's description and content, read together.
-- KEYS[1] the session's meta hash, KEYS[2] its data hash; ARGV[1] the file name
-- Returns {description, content}, or an empty list when there is no such file.
local description = redis.call('HGET', KEYS[1], ARGV[1])
local content = redis.call('HGET', KEYS[2], ARGV[1])
if not description or not content then
  return {}
end
return {description, content}
