#!lua name=konsil_audit_v1

--[[
The audit trail's hash chain (docs/security.md, "Audit trail"). Every key carries the hash tag {audit}, so the whole
trail is in one hash slot and these functions are atomic on a Redis Cluster too.

  KEYS[1] konsil:{audit}:head       hash {seq, hash}: the last entry
  KEYS[2] konsil:{audit}:entries    hash seq -> stored entry (JSON, hash included)
  KEYS[3..] the index sorted sets of this entry (patient, actor, hospital), score and member = seq

Hashing (SHA-256) is done by the node; this function only refuses an entry that does not follow the head the node
expected, so two nodes appending at once never fork the chain: the loser re-reads the head and seals again.
]]

--[[ append(head, entries, index...; expectedSeq, seq, hash, stored) -> {1} | {0, headSeq, headHash} ]]
local function append(keys, args)
  local head = redis.call('HMGET', keys[1], 'seq', 'hash')
  local seq = head[1] or '0'
  if seq ~= args[1] then
    return {0, seq, head[2] or ''}
  end
  redis.call('HSET', keys[2], args[2], args[4])
  for i = 3, #keys do
    redis.call('ZADD', keys[i], args[2], args[2])
  end
  redis.call('HSET', keys[1], 'seq', args[2], 'hash', args[3])
  return {1}
end

redis.register_function('konsil_audit_v1_append', append)
