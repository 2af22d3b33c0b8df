#!lua name=konsil_records_v1
--[[
Compare-and-set on single string keys, for the scheduler's records that are stored whole as JSON (referrals, second
opinions) and for idempotency claims. Redis has no conditional SET on a value, and WATCH/MULTI cannot be used: the
node shares one multiplexed connection among all its requests, and WATCH belongs to a connection.

Each function touches only KEYS[1] (any hash slot). Status rules stay in Java: a caller reads the record, decides
the next one and swaps it in only if nobody changed it meanwhile; on 0 it reads again.
]]

--[[ swap(KEY; expected, next) -> 1 | 0
Sets KEY to `next` if it still holds exactly `expected`. ]]
local function swap(keys, args)
  if redis.call('GET', keys[1]) ~= args[1] then
    return 0
  end
  redis.call('SET', keys[1], args[2], 'KEEPTTL')
  return 1
end

--[[ release(KEY; expected) -> 1 | 0
Deletes KEY if it still holds exactly `expected` (a claim given up by the one who made it). ]]
local function release(keys, args)
  if redis.call('GET', keys[1]) ~= args[1] then
    return 0
  end
  return redis.call('DEL', keys[1])
end

redis.register_function('konsil_records_v1_swap', swap)
redis.register_function('konsil_records_v1_release', release)
