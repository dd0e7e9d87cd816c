-- The connections present in a session, without those of instances that are gone (see
-- presence-lives.lua). KEYS[1] the session's presence hash (connection id -> "node\ntoken\njoined ms\n...")
-- Dead entries are only left out: presence-reap.lua removes them and tells who left.
local live = presence_sort(KEYS[1])
return live
