#!lua name=konsil_audit_v2

--[[
The audit trail's hash chain (docs/security.md, "Audit trail"). Every key carries the hash tag {audit}, so the whole
trail is in one hash slot and these functions are atomic on a Redis Cluster too.

  KEYS[1] konsil:{audit}:head       hash {seq, hash}: the last entry; {turn, turnAt}: who appends next (below)
  KEYS[2] konsil:{audit}:entries    hash seq -> stored entry (JSON, hash included)
  KEYS[3..] the index sorted sets of this entry (patient, actor, hospital), score and member = seq

Hashing (SHA-256) is done by the node; this function only refuses an entry that does not follow the head the node
expected, so two nodes appending at once never fork the chain: the loser takes the head from the reply and seals
again.

Turns (v2): a node whose entry lost the race gets the next turn, unless another node holds it: for TURN_MS (or until
that node appends) every other node's entry is refused with 'wait'. Without turns a busy node that had just won kept
winning (it seals against a head it already knows while the loser waits for its reply) and a loser could be refused
64 times in a row (bench/run.sh audit: 70 of 58,000 appends from three nodes). A turn whose node died runs out.
]]

local TURN_MS = 250

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

--[[ append(head, entries, index...; expectedSeq, seq, hash, stored, node) -> {1} | {0, headSeq, headHash, 'lost'|'wait'} ]]
local function append(keys, args)
  local head = redis.call('HMGET', keys[1], 'seq', 'hash', 'turn', 'turnAt')
  local seq = head[1] or '0'
  local node = args[5]
  local turn = head[3]
  local held = turn ~= false and turn ~= node and (now_ms() - tonumber(head[4] or '0')) < TURN_MS
  if held then
    return {0, seq, head[2] or '', 'wait'}
  end
  if seq ~= args[1] then
    redis.call('HSET', keys[1], 'turn', node, 'turnAt', now_ms())
    return {0, seq, head[2] or '', 'lost'}
  end
  redis.call('HSET', keys[2], args[2], args[4])
  for i = 3, #keys do
    redis.call('ZADD', keys[i], args[2], args[2])
  end
  redis.call('HSET', keys[1], 'seq', args[2], 'hash', args[3])
  if turn ~= false then
    redis.call('HDEL', keys[1], 'turn', 'turnAt')
  end
  return {1}
end

redis.register_function('konsil_audit_v2_append', append)
