#!lua name=konsil_rooms_v1
-- Konsil signaling rooms. Every key and channel of one room carries the hash tag {room:KEY}, so each call touches
-- one hash slot (Redis Cluster safe). Version 1; a new release with other semantics ships konsil_rooms_v2 beside it.

-- konsil_room_commit_v1: optimistic commit of a room's next state.
-- KEYS[1]  the room's state hash (fields v = version, s = state JSON)
-- ARGV[1]  the version the change was computed from ('0' for a room never stored)
-- ARGV[2]  the new version
-- ARGV[3]  the new state JSON
-- ARGV[4]  the event to publish (state + deliveries)
-- ARGV[5]  the room's sharded channel (same hash slot as KEYS[1])
-- ARGV[6]  time to live of the state, in milliseconds
-- Returns 1 when stored and published, 0 when the room changed since ARGV[1] (the caller reloads and retries).
-- Publishing inside the function gives every subscriber the room's events in commit order.
redis.register_function('konsil_room_commit_v1', function(keys, args)
  local current = redis.call('HGET', keys[1], 'v')
  if (current or '0') ~= args[1] then
    return 0
  end
  redis.call('HSET', keys[1], 'v', args[2], 's', args[3])
  redis.call('PEXPIRE', keys[1], args[6])
  redis.call('SPUBLISH', args[5], args[4])
  return 1
end)
