#!lua name=konsil_booking_v1
--[[
Konsil's booking as Redis Functions: every change of who has a slot is one of these calls, so it is one atomic step.

Cluster: every function takes exactly one key, KEYS[1] = a hospital's root "konsil:{h:CODE}", and touches only keys
that begin with it. The hash tag {h:CODE} puts them all in one hash slot: each call runs on one shard, never CROSSSLOT.
Keys under a root (docs/operations.md, "Redis key schema — scheduler"):
  ROOT                          hash   hospital facts: maxSlotMillis (the longest slot, bounds overlap checks)
  ROOT:slot:ID                  hash   a slot (fields as SlotHash.java writes them)
  ROOT:offerings                hash   offering id -> JSON {specialty, region, mode, languages}: what a search filters on
  ROOT:open:OFFERING            zset   the offering's free and held slots, score = start (epoch SECONDS), member = id;
                                       equal scores sort by id in byte order, which is the search's (start, id) order
  ROOT:open                     zset   the same for all the hospital's offerings together
  ROOT:held                     zset   slots held here, score = when the hold runs out (epoch ms); entries of holds
                                       that ran out are ignored by readers and pruned by the next hold
  ROOT:slots:CLINICIAN          zset   all the clinician's slots here, score = start (epoch ms)
  ROOT:appointment:ID           hash   an appointment (fields as AppointmentHash.java writes them)
  ROOT:agenda:CLINICIAN         zset   the clinician's appointments here, score = start (epoch ms)
  ROOT:referred                 set    appointments here that were booked for a referral

Rules mirrored from Java (booking/Slot.java, booking/memory/MemoryBookingStore.java): a hold whose expiry has passed
counts as free; a slot can be taken when it is free, or held by the same caller (with the same hold id when one is
given), and has not started yet. A slot's version grows by one with every change of who has it (a lapsed hold
freed, held, booked, freed); an appointment carries the version at which it took its slot (a fencing token).

Times are epoch milliseconds. "now" is always an argument, from the calling node's clock (never the server's): the
rules must agree with the embedded store and with tests that move time by hand. Empty strings stand for absent values.

Outcomes are replies, never errors ({'created', ...}, {'slot-unavailable'}, ...): the gateway turns every error reply
into 503 store-unavailable, which must mean "Redis could not answer" and nothing else. Status rules of appointments
stay in Java: a caller reads the status, decides, and passes it as 'expected'; the function answers {'changed'} when
it is no longer so, and the caller reads again.
]]

local function key(root, kind, id)
  return root .. ':' .. kind .. ':' .. id
end

-- A whole hash as a table, or nil when the key does not exist.
local function load(k)
  local flat = redis.call('HGETALL', k)
  if #flat == 0 then
    return nil
  end
  local t = {}
  for i = 1, #flat, 2 do
    t[flat[i]] = flat[i + 1]
  end
  return t
end

-- A Lua number as Redis reads an integer argument (tostring would switch to exponent notation above 14 digits).
local function int(x)
  return string.format('%.0f', x)
end

local function seconds(ms)
  return int(math.floor(tonumber(ms) / 1000))
end

-- The reply {outcome, field1, value1, ...} for a hash.
local function reply(outcome, k)
  local r = redis.call('HGETALL', k)
  table.insert(r, 1, outcome)
  return r
end

-- Slot.statusAt: what a reader at `now` sees.
local function status_at(s, now)
  if s.status == 'held' and tonumber(s.holdExpiresAt) <= now then
    return 'free'
  end
  return s.status
end

-- What bookable_by needs of a slot, read without the rest: most attempts on a raced slot lose, and lose cheaply.
local function claim_state(k)
  local f = redis.call('HMGET', k, 'status', 'start', 'holdExpiresAt', 'holderId', 'holdId', 'appointmentId')
  if not f[1] then
    return nil
  end
  return {status = f[1], start = f[2], holdExpiresAt = f[3], holderId = f[4], holdId = f[5], appointmentId = f[6]}
end

-- Slot.isBookableBy.
local function bookable_by(s, hold_id, caller, now)
  if tonumber(s.start) <= now then
    return false
  end
  local status = status_at(s, now)
  if status == 'free' then
    return true
  end
  return status == 'held' and s.holderId == caller and (hold_id == '' or hold_id == s.holdId)
end

-- Slot.freedIfLapsed: a hold that has run out is cleared first, so the next change starts from free.
local function clear_lapsed_hold(root, id, s, now)
  if s.status == 'held' and status_at(s, now) == 'free' then
    local k = key(root, 'slot', id)
    redis.call('HDEL', k, 'holdId', 'holderId', 'holdExpiresAt')
    redis.call('HSET', k, 'status', 'free')
    redis.call('HINCRBY', k, 'version', 1)
    redis.call('ZREM', root .. ':held', id)
  end
end

-- Books the slot for the appointment and takes it out of the search; returns the slot's new version.
local function take(root, id, s, appointment_id)
  local k = key(root, 'slot', id)
  redis.call('HDEL', k, 'holdId', 'holderId', 'holdExpiresAt')
  redis.call('HSET', k, 'status', 'booked', 'appointmentId', appointment_id)
  redis.call('ZREM', key(root, 'open', s.offering), id)
  redis.call('ZREM', root .. ':open', id)
  redis.call('ZREM', root .. ':held', id)
  return redis.call('HINCRBY', k, 'version', 1)
end

-- Frees the slot if this appointment has it, and offers it to searches again.
local function release(root, id, appointment_id)
  local k = key(root, 'slot', id)
  local s = load(k)
  if not s or s.appointmentId ~= appointment_id then
    return
  end
  redis.call('HDEL', k, 'appointmentId')
  redis.call('HSET', k, 'status', 'free')
  redis.call('HINCRBY', k, 'version', 1)
  redis.call('ZADD', key(root, 'open', s.offering), seconds(s.start), id)
  redis.call('ZADD', root .. ':open', seconds(s.start), id)
end

-- Sets the fields given as name/value pairs from args[first..], skipping empty values; deletes the others' old values.
local function set_fields(k, args, first, last)
  for i = first, last, 2 do
    if args[i + 1] == '' then
      redis.call('HDEL', k, args[i])
    else
      redis.call('HSET', k, args[i], args[i + 1])
    end
  end
end

-- The same for fields given as one JSON object (absent and '' values are left out).
local function set_json_fields(k, json)
  for name, value in pairs(cjson.decode(json)) do
    if value ~= '' and value ~= cjson.null then
      redis.call('HSET', k, name, value)
    end
  end
end

-- The appointment's place in its clinician's agenda and among referred appointments.
local function index_appointment(root, id, clinician, start, referral)
  redis.call('ZADD', key(root, 'agenda', clinician), start, id)
  if referral and referral ~= '' then
    redis.call('SADD', root .. ':referred', id)
  end
end

local function unindex_appointment(root, id, a)
  redis.call('ZREM', key(root, 'agenda', a.clinicianId), id)
  redis.call('SREM', root .. ':referred', id)
end

-- Deletes a slot and every index entry of it.
local function forget(root, id, s)
  redis.call('DEL', key(root, 'slot', id))
  redis.call('ZREM', key(root, 'open', s.offering), id)
  redis.call('ZREM', root .. ':open', id)
  redis.call('ZREM', root .. ':held', id)
  redis.call('ZREM', key(root, 'slots', s.clinicianId), id)
end

-- Writes a new slot (free unless its fields say otherwise) with its offering and indexes.
-- f = {id, clinicianId, region, specialty, mode, languages, start, end, offering, offeringJson, status, version}
local function write_slot(root, f)
  local k = key(root, 'slot', f[1])
  redis.call('HSET', k, 'clinicianId', f[2], 'region', f[3], 'specialty', f[4], 'mode', f[5], 'languages', f[6],
    'start', f[7], 'end', f[8], 'offering', f[9], 'status', f[11], 'version', f[12])
  redis.call('HSETNX', root .. ':offerings', f[9], f[10])
  redis.call('ZADD', key(root, 'slots', f[2]), f[7], f[1])
  if f[11] ~= 'booked' then
    redis.call('ZADD', key(root, 'open', f[9]), seconds(f[7]), f[1])
    redis.call('ZADD', root .. ':open', seconds(f[7]), f[1])
  end
  local length = tonumber(f[8]) - tonumber(f[7])
  if length > tonumber(redis.call('HGET', root, 'maxSlotMillis') or '0') then
    redis.call('HSET', root, 'maxSlotMillis', int(length))
  end
end

local SLOT_ARGS = 12

local function slot_fields(args, at)
  local f = {}
  for i = 0, SLOT_ARGS - 1 do
    f[i + 1] = args[at + i]
  end
  return f
end

-- The clinician's slots here that overlap [start, finish) and pass `keep(id)`.
local function overlapping(root, clinician, start, finish, keep)
  local longest = tonumber(redis.call('HGET', root, 'maxSlotMillis') or '0')
  local ids = redis.call('ZRANGE', key(root, 'slots', clinician), int(start - longest), '(' .. int(finish), 'BYSCORE')
  for _, id in ipairs(ids) do
    local s = redis.call('HMGET', key(root, 'slot', id), 'status', 'end')
    if s[2] and tonumber(s[2]) > start and keep(id, s[1]) then
      return true
    end
  end
  return false
end

--[[ add_slots(ROOT; slot...) -> number added
Each slot is SLOT_ARGS arguments (see write_slot). A slot is added unless its id is known or it overlaps a held or
booked slot of the same clinician here (a lapsed hold still counts, as in the embedded store). ]]
local function add_slots(keys, args)
  local root = keys[1]
  local added = 0
  for at = 1, #args, SLOT_ARGS do
    local f = slot_fields(args, at)
    local start, finish = tonumber(f[7]), tonumber(f[8])
    local taken = function(_, status) return status ~= 'free' end
    if redis.call('EXISTS', key(root, 'slot', f[1])) == 0 and not overlapping(root, f[2], start, finish, taken) then
      write_slot(root, f)
      added = added + 1
    end
  end
  return added
end

--[[ replace_free_slots(ROOT; clinician, from, slot...) -> free slots of the clinician here from `from` afterwards
The clinician's slots here that start at or after `from` and are free at `from` are deleted; held, booked and earlier
slots stay. Then each new slot is added unless its id is known or it overlaps a slot that stayed. ]]
local function replace_free_slots(keys, args)
  local root, clinician, from = keys[1], args[1], tonumber(args[2])
  local stayed = {}
  for _, id in ipairs(redis.call('ZRANGE', key(root, 'slots', clinician), 0, -1)) do
    local s = load(key(root, 'slot', id))
    if s then
      if tonumber(s.start) < from or status_at(s, from) ~= 'free' then
        stayed[id] = true
      else
        forget(root, id, s)
      end
    end
  end
  local kept = function(id) return stayed[id] end
  for at = 3, #args, SLOT_ARGS do
    local f = slot_fields(args, at)
    if redis.call('EXISTS', key(root, 'slot', f[1])) == 0
        and not overlapping(root, f[2], tonumber(f[7]), tonumber(f[8]), kept) then
      write_slot(root, f)
    end
  end
  local free = 0
  for _, id in ipairs(redis.call('ZRANGE', key(root, 'slots', clinician), args[2], '+inf', 'BYSCORE')) do
    local s = load(key(root, 'slot', id))
    if s and status_at(s, from) == 'free' then
      free = free + 1
    end
  end
  return free
end

--[[ hold(ROOT; slot, holdId, holder, expiresAt, now) -> {'held', version} | {'not-found'} | {'slot-unavailable'}
A free slot that has not started is held for `holder` until `expiresAt`. It stays in the search index: readers skip
it until the hold runs out, so an expired hold needs no sweep. ]]
local function hold(keys, args)
  local root, id, hold_id, holder, expires, now = keys[1], args[1], args[2], args[3], args[4], tonumber(args[5])
  local k = key(root, 'slot', id)
  local s = load(k)
  if not s then
    return {'not-found'}
  end
  if tonumber(s.start) <= now or status_at(s, now) ~= 'free' then
    return {'slot-unavailable'}
  end
  clear_lapsed_hold(root, id, s, now)
  redis.call('HSET', k, 'status', 'held', 'holdId', hold_id, 'holderId', holder, 'holdExpiresAt', expires)
  redis.call('ZREMRANGEBYSCORE', root .. ':held', '-inf', int(now))
  redis.call('ZADD', root .. ':held', expires, id)
  return {'held', redis.call('HINCRBY', k, 'version', 1)}
end

--[[ release_hold(ROOT; slot, holdId, holder, now) -> {'released', version} | {'kept'} | {'not-found'}
Gives a hold back at once ("choose another time"): the slot is free again if `holder` holds it with `holdId` at
`now`; anything else (a lapsed hold, a booked slot, someone else's hold) is left as it is. ]]
local function release_hold(keys, args)
  local root, id, hold_id, holder, now = keys[1], args[1], args[2], args[3], tonumber(args[4])
  local k = key(root, 'slot', id)
  local s = claim_state(k)
  if not s then
    return {'not-found'}
  end
  if status_at(s, now) ~= 'held' or s.holdId ~= hold_id or s.holderId ~= holder then
    return {'kept'}
  end
  redis.call('HDEL', k, 'holdId', 'holderId', 'holdExpiresAt')
  redis.call('HSET', k, 'status', 'free')
  redis.call('ZREM', root .. ':held', id)
  return {'released', redis.call('HINCRBY', k, 'version', 1)}
end

--[[ book(ROOT; slot, holdId, caller, now, appointment, fresh, fields) ->
       {'created', appointment...} | {'replayed', appointment...} | {'not-found'} | {'slot-unavailable'}
Takes the slot for the appointment: it must be bookable by `caller` (holdId '' = no hold given). The appointment is
written with `fields` (JSON: patientId, patientName, kind, room, referralId, createdAt) plus those of the slot and the
slot's new version. When the appointment already exists (a retry of the same booking), it is returned as it is: a
retry never books twice. `fresh` '1' says the appointment id was just made for this request: when the slot is not
bookable it cannot exist unless it has this very slot, so the loser of a race is answered after one read. ]]
local function book(keys, args)
  local root, id, hold_id, caller, now, appointment_id = keys[1], args[1], args[2], args[3], tonumber(args[4]), args[5]
  local ak = key(root, 'appointment', appointment_id)
  local k = key(root, 'slot', id)
  local state = claim_state(k)
  if state and state.appointmentId == appointment_id then
    return reply('replayed', ak)
  end
  local bookable = state and bookable_by(state, hold_id, caller, now)
  if (bookable or args[6] ~= '1') and redis.call('EXISTS', ak) == 1 then
    return reply('replayed', ak)
  end
  if not state then
    return {'not-found'}
  end
  if not bookable then
    return {'slot-unavailable'}
  end
  local s = load(k)
  clear_lapsed_hold(root, id, s, now)
  local version = take(root, id, s, appointment_id)
  redis.call('HSET', ak, 'slotId', id, 'clinicianId', s.clinicianId, 'specialty', s.specialty, 'mode', s.mode,
    'start', s.start, 'end', s['end'], 'status', 'booked', 'version', version)
  set_json_fields(ak, args[7])
  index_appointment(root, appointment_id, s.clinicianId, s.start, redis.call('HGET', ak, 'referralId'))
  return reply('created', ak)
end

-- The appointment if it lives here with status `expected`, else the reply to give instead.
local function expect(root, id, expected)
  local a = load(key(root, 'appointment', id))
  if not a then
    return nil, {'not-found', 'Appointment'}
  end
  if a.movedTo or a.status ~= expected then
    return nil, {'changed'}
  end
  return a
end

--[[ cancel(ROOT; appointment, expected) -> {'cancelled', appointment...} | {'changed'} | {'not-found', what}
The appointment becomes cancelled and its slot free again, in one step. ]]
local function cancel(keys, args)
  local root, id = keys[1], args[1]
  local a, refused = expect(root, id, args[2])
  if not a then
    return refused
  end
  redis.call('HSET', key(root, 'appointment', id), 'status', 'cancelled')
  release(root, a.slotId, id)
  return reply('cancelled', key(root, 'appointment', id))
end

--[[ transition(ROOT; appointment, expected, next) -> {'moved', appointment...} | {'changed'} | {'not-found', what}
Compare-and-set of the status; whether `expected` may move to `next` is decided in Java (AppointmentStatus). ]]
local function transition(keys, args)
  local root, id = keys[1], args[1]
  local a, refused = expect(root, id, args[2])
  if not a then
    return refused
  end
  redis.call('HSET', key(root, 'appointment', id), 'status', args[3])
  return reply('moved', key(root, 'appointment', id))
end

-- Points the appointment at slot `s` (taken at `version`) and back to booked.
local function point_at(ak, id, s, version)
  redis.call('HSET', ak, 'slotId', id, 'clinicianId', s.clinicianId, 'specialty', s.specialty, 'mode', s.mode,
    'start', s.start, 'end', s['end'], 'status', 'booked', 'version', version)
end

-- The target slot of a reschedule if the holder may take it for the appointment, else the reply to give instead.
local function target(root, id, current_slot, hold_id, holder, now)
  local t = load(key(root, 'slot', id))
  if not t then
    return nil, {'not-found', 'Slot'}
  end
  if id == current_slot or not bookable_by(t, hold_id, holder, now) then
    return nil, {'slot-unavailable'}
  end
  return t
end

--[[ reschedule(ROOT; appointment, expected, slot, holdId, holder, now)
       -> {'moved', appointment...} | {'changed'} | {'not-found', what} | {'slot-unavailable'}
Within one hospital: frees the old slot, takes the new one and moves the appointment to it (same id, same room,
status booked, the new slot's version), in one step. ]]
local function reschedule(keys, args)
  local root, id, slot_id, hold_id, holder, now = keys[1], args[1], args[3], args[4], args[5], tonumber(args[6])
  local a, refused = expect(root, id, args[2])
  if not a then
    return refused
  end
  local t, unavailable = target(root, slot_id, a.slotId, hold_id, holder, now)
  if not t then
    return unavailable
  end
  release(root, a.slotId, id)
  clear_lapsed_hold(root, slot_id, t, now)
  local version = take(root, slot_id, t, id)
  local ak = key(root, 'appointment', id)
  unindex_appointment(root, id, a)
  point_at(ak, slot_id, t, version)
  index_appointment(root, id, t.clinicianId, t.start, a.referralId)
  return reply('moved', ak)
end

--[[ Rescheduling to another hospital is a saga of three calls on two roots (booking/redis/CrossHospitalMove.java):
  1. move_in  at the new hospital: takes the new slot and writes a copy of the appointment marked from=OLD;
  2. move_out at the old hospital: if the appointment is still as the caller read it, frees the old slot and marks the
     old copy movedTo=NEW (a tombstone readers follow); otherwise the caller undoes step 1 with move_undo;
  3. the appointment's home index points to NEW, and move_confirm clears the mark.
A copy marked from=OLD counts only once OLD's copy says movedTo=NEW; until then readers skip it. ]]

-- A copy from an interrupted move is stale after this long; a younger one belongs to a move still in progress.
local STALE_MOVE_MILLIS = 60000

--[[ move_in(ROOT; appointment, slot, holdId, holder, now, from, field, value, ...)
       -> {'moved-in', appointment...} | {'not-found', what} | {'slot-unavailable'} | {'changed'}
The fields are those of the appointment that stay (patientId, patientName, kind, room, referralId, createdAt). A
tombstone of an earlier move away from here is overwritten; so is a copy left by a move interrupted more than
STALE_MOVE_MILLIS ago (its slot is freed). A live appointment here, or a younger copy (another move of the same
appointment in progress), answers {'changed'}. ]]
local function move_in(keys, args)
  local root, id, slot_id, hold_id, holder, now, from = keys[1], args[1], args[2], args[3], args[4], tonumber(args[5]),
    args[6]
  local ak = key(root, 'appointment', id)
  local existing = load(ak)
  if existing and not existing.movedTo
      and not (existing.from and tonumber(existing.movingSince) + STALE_MOVE_MILLIS < now) then
    return {'changed'}
  end
  if existing and existing.from then
    release(root, existing.slotId, id)
    unindex_appointment(root, id, existing)
    redis.call('DEL', ak)
  end
  local t, unavailable = target(root, slot_id, '', hold_id, holder, now)
  if not t then
    return unavailable
  end
  clear_lapsed_hold(root, slot_id, t, now)
  local version = take(root, slot_id, t, id)
  redis.call('DEL', ak)
  point_at(ak, slot_id, t, version)
  redis.call('HSET', ak, 'from', from, 'movingSince', args[5])
  set_fields(ak, args, 7, #args)
  index_appointment(root, id, t.clinicianId, t.start, redis.call('HGET', ak, 'referralId'))
  return reply('moved-in', ak)
end

--[[ move_out(ROOT; appointment, expected, to) -> {'moved-out'} | {'changed'} | {'not-found', what}
The old copy becomes a tombstone pointing at `to`; its slot is free again and it leaves the agenda here. ]]
local function move_out(keys, args)
  local root, id = keys[1], args[1]
  local a, refused = expect(root, id, args[2])
  if not a then
    return refused
  end
  redis.call('HSET', key(root, 'appointment', id), 'movedTo', args[3])
  release(root, a.slotId, id)
  unindex_appointment(root, id, a)
  return {'moved-out'}
end

--[[ move_undo(ROOT; appointment) -> {'undone'} | {'gone'}
Removes a copy written by move_in that was not confirmed, and frees its slot. ]]
local function move_undo(keys, args)
  local root, id = keys[1], args[1]
  local ak = key(root, 'appointment', id)
  local a = load(ak)
  if not a or not a.from then
    return {'gone'}
  end
  release(root, a.slotId, id)
  unindex_appointment(root, id, a)
  redis.call('DEL', ak)
  return {'undone'}
end

--[[ move_confirm(ROOT; appointment) -> 1 | 0
Clears the from mark once the home index points here. ]]
local function move_confirm(keys, args)
  return redis.call('HDEL', key(keys[1], 'appointment', args[1]), 'from', 'movingSince')
end

--[[ restore(ROOT; slot..., appointment, field, value, ...) -> 1
Writes a slot (SLOT_ARGS arguments) and the appointment that has it, as they are, without checks: for history (demo
data, imports), never for live booking. ]]
local function restore(keys, args)
  local root = keys[1]
  local f = slot_fields(args, 1)
  local old = load(key(root, 'slot', f[1]))
  if old then
    forget(root, f[1], old)
  end
  write_slot(root, f)
  local appointment_id = args[SLOT_ARGS + 1]
  redis.call('HSET', key(root, 'slot', f[1]), 'appointmentId', appointment_id)
  local ak = key(root, 'appointment', appointment_id)
  redis.call('DEL', ak)
  set_fields(ak, args, SLOT_ARGS + 2, #args)
  index_appointment(root, appointment_id, redis.call('HGET', ak, 'clinicianId'), redis.call('HGET', ak, 'start'),
    redis.call('HGET', ak, 'referralId'))
  return 1
end

-- Byte order, as Redis orders zset members and Java orders ASCII ids (Lua's own < follows the C library's collation).
local function bytes_before(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then
      return x < y
    end
  end
  return #a < #b
end

local function offering_matches(o, specialty, region, mode, language)
  if (specialty ~= '' and o.specialty ~= specialty) or (region ~= '' and o.region ~= region)
      or (mode ~= '' and o.mode ~= mode) then
    return false
  end
  if language == '' then
    return true
  end
  for _, l in ipairs(o.languages) do
    if l == language then
      return true
    end
  end
  return false
end

-- Up to this many matching offerings are merged at once; with more, the hospital's whole index is probed first.
local MERGE_AT_ONCE = 8

--[[ search(ROOT; wanted, score, id, inclusive, to, now, specialty, region, mode, language) -> {id, score, ...}
Up to `wanted` slots of this hospital that are free at `now`, in (start second, id) order, starting at (score, id)
(inclusive '1': at it; '0': strictly after it) and starting before `to` (epoch seconds, exclusive; '+inf' for none).
Filters ('' = any) pick the matching offerings first. When every offering here matches, the hospital's index is read
straight; a few matching offerings are merged (a few slots at a time from each); for many, a bounded probe of the
hospital's index comes first. The work is bounded by the matching offerings and the page, never by the slots that do
not match. Slots held at `now` are skipped. The node merges the pages of all hospitals. ]]
local function search(keys, args)
  local root, wanted, score, after, inclusive = keys[1], tonumber(args[1]), tonumber(args[2]), args[3], args[4] == '1'
  local to, now = args[5], tonumber(args[6])
  local max = to == '+inf' and '+inf' or '(' .. to
  local held = {}
  for _, id in ipairs(redis.call('ZRANGE', root .. ':held', '(' .. int(now), '+inf', 'BYSCORE')) do
    held[id] = true
  end
  local function admissible(id, s)
    if held[id] then
      return false
    end
    return s ~= score or (inclusive and id == after) or bytes_before(after, id)
  end

  -- A cursor over one sorted set of open slots, keeping to entries that pass `accept`.
  local function head(k, batch, accept)
    local h = {key = k, offset = 0, buffer = {}, at = 1, done = false, read = 0}
    -- Moves to the next admissible slot; false when there is none (or `budget` entries were read).
    function h.advance(budget)
      while true do
        if h.at > #h.buffer then
          if h.done then
            return false
          end
          h.buffer = redis.call('ZRANGE', h.key, int(score), max, 'BYSCORE', 'LIMIT', h.offset, batch, 'WITHSCORES')
          h.offset = h.offset + batch
          h.at = 1
          h.done = #h.buffer < 2 * batch
          if #h.buffer == 0 then
            return false
          end
        end
        if budget and h.read >= budget then
          return false
        end
        local id, s = h.buffer[h.at], tonumber(h.buffer[h.at + 1])
        h.at = h.at + 2
        h.read = h.read + 1
        if admissible(id, s) and (not accept or accept(id)) then
          h.id, h.score = id, s
          return true
        end
      end
    end
    return h
  end

  local function reply(found)
    local flat = {}
    for _, h in ipairs(found) do
      flat[#flat + 1] = h[1]
      flat[#flat + 1] = int(h[2])
    end
    return flat
  end

  -- Walks one index to the end of the page; nil when the budget ran out first (the answer is then unknown).
  local function walk(k, accept, budget)
    local h = head(k, wanted + 2, accept)
    local found = {}
    while #found < wanted do
      if not h.advance(budget) then
        if budget and h.read >= budget then
          return nil
        end
        break
      end
      found[#found + 1] = {h.id, h.score}
    end
    return found
  end

  local filtered = args[7] ~= '' or args[8] ~= '' or args[9] ~= '' or args[10] ~= ''
  local matching, total = {}, 0
  if filtered then
    local offerings = redis.call('HGETALL', root .. ':offerings')
    for i = 1, #offerings, 2 do
      total = total + 1
      if offering_matches(cjson.decode(offerings[i + 1]), args[7], args[8], args[9], args[10]) then
        matching[#matching + 1] = offerings[i]
      end
    end
    if #matching == 0 then
      return {}
    end
  end
  if not filtered or #matching == total then
    return reply(walk(root .. ':open', nil, nil))
  end
  if #matching > MERGE_AT_ONCE then
    local wanted_offering = {}
    for _, o in ipairs(matching) do
      wanted_offering[o] = true
    end
    local probed = walk(root .. ':open', function(id)
      return wanted_offering[redis.call('HGET', key(root, 'slot', id), 'offering')]
    end, 2 * #matching + 4 * wanted)
    if probed then
      return reply(probed)
    end
  end
  local live = {}
  for _, o in ipairs(matching) do
    local h = head(key(root, 'open', o), math.min(wanted, 8), nil)
    if h.advance() then
      live[#live + 1] = h
    end
  end
  local found = {}
  while #found < wanted and #live > 0 do
    local best = 1
    for i = 2, #live do
      local h, b = live[i], live[best]
      if h.score < b.score or (h.score == b.score and bytes_before(h.id, b.id)) then
        best = i
      end
    end
    local h = live[best]
    found[#found + 1] = {h.id, h.score}
    if not h.advance() then
      table.remove(live, best)
    end
  end
  return reply(found)
end

redis.register_function('konsil_booking_v1_add_slots', add_slots)
redis.register_function('konsil_booking_v1_replace_free_slots', replace_free_slots)
redis.register_function('konsil_booking_v1_hold', hold)
redis.register_function('konsil_booking_v1_release_hold', release_hold)
redis.register_function('konsil_booking_v1_book', book)
redis.register_function('konsil_booking_v1_cancel', cancel)
redis.register_function('konsil_booking_v1_transition', transition)
redis.register_function('konsil_booking_v1_reschedule', reschedule)
redis.register_function('konsil_booking_v1_move_in', move_in)
redis.register_function('konsil_booking_v1_move_out', move_out)
redis.register_function('konsil_booking_v1_move_undo', move_undo)
redis.register_function('konsil_booking_v1_move_confirm', move_confirm)
redis.register_function('konsil_booking_v1_restore', restore)
redis.register_function{function_name = 'konsil_booking_v1_search', callback = search, flags = {'no-writes'}}
