package io.konsil.scheduler.booking.redis;

import static io.konsil.scheduler.booking.redis.SlotHash.millis;

import io.konsil.common.redis.Library;
import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.Slot;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The booking functions of {@code redis/konsil_booking_v1.lua}, one typed method each; every call goes to the hospital
 * the data lives at (its root key). The library is versioned in its name: a release that changes a function's contract
 * ships {@code konsil_booking_v2} beside it, so nodes of both releases can share one Redis during an upgrade.
 */
final class BookingFunctions {
  static final Library LIBRARY = Library.fromResource("redis/konsil_booking_v1.lua");
  private static final String PREFIX = "konsil_booking_v1_";

  private final RedisGateway gateway;

  BookingFunctions(RedisGateway gateway) {
    this.gateway = gateway;
  }

  Future<Long> addSlots(String hospital, List<Slot> slots) {
    List<String> args = new ArrayList<>();
    slots.forEach(s -> args.addAll(SlotHash.args(s)));
    return call(hospital, "add_slots", ScriptOutputType.INTEGER, args);
  }

  Future<Long> replaceFreeSlots(String hospital, String clinicianId, Instant from, List<Slot> slots) {
    List<String> args = new ArrayList<>(List.of(clinicianId, millis(from)));
    slots.forEach(s -> args.addAll(SlotHash.args(s)));
    return call(hospital, "replace_free_slots", ScriptOutputType.INTEGER, args);
  }

  Future<Reply> hold(String hospital, String slotId, String holdId, String holderId, Instant expiresAt, Instant now) {
    return reply(hospital, "hold", List.of(slotId, holdId, holderId, millis(expiresAt), millis(now)));
  }

  Future<Reply> releaseHold(String hospital, String slotId, String holdId, String holderId, Instant now) {
    return reply(hospital, "release_hold", List.of(slotId, orEmpty(holdId), holderId, millis(now)));
  }

  /** {@code fresh}: the appointment id was made for this request (no earlier attempt can have written it). */
  Future<Reply> book(String hospital, String slotId, String holdId, String callerId, Instant now,
                     String appointmentId, boolean fresh, List<String> fields) {
    JsonObject given = new JsonObject();
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      given.put(fields.get(i), fields.get(i + 1));
    }
    return reply(hospital, "book", List.of(slotId, orEmpty(holdId), callerId, millis(now), appointmentId,
        fresh ? "1" : "0", given.encode()));
  }

  Future<Reply> cancel(String hospital, String appointmentId, String expectedStatus) {
    return reply(hospital, "cancel", List.of(appointmentId, expectedStatus));
  }

  Future<Reply> transition(String hospital, String appointmentId, String expectedStatus, String nextStatus) {
    return reply(hospital, "transition", List.of(appointmentId, expectedStatus, nextStatus));
  }

  Future<Reply> reschedule(String hospital, String appointmentId, String expectedStatus, String slotId, String holdId,
                           String holderId, Instant now) {
    return reply(hospital, "reschedule",
        List.of(appointmentId, expectedStatus, slotId, orEmpty(holdId), holderId, millis(now)));
  }

  Future<Reply> moveIn(String hospital, String appointmentId, String slotId, String holdId, String holderId,
                       Instant now, String fromHospital, List<String> fields) {
    List<String> args = new ArrayList<>(List.of(appointmentId, slotId, orEmpty(holdId), holderId, millis(now),
        fromHospital));
    args.addAll(fields);
    return reply(hospital, "move_in", args);
  }

  Future<Reply> moveOut(String hospital, String appointmentId, String expectedStatus, String toHospital) {
    return reply(hospital, "move_out", List.of(appointmentId, expectedStatus, toHospital));
  }

  Future<Reply> moveUndo(String hospital, String appointmentId) {
    return reply(hospital, "move_undo", List.of(appointmentId));
  }

  Future<Long> moveConfirm(String hospital, String appointmentId) {
    return call(hospital, "move_confirm", ScriptOutputType.INTEGER, List.of(appointmentId));
  }

  Future<Void> restore(Slot bookedSlot, Appointment a) {
    List<String> args = new ArrayList<>(SlotHash.args(bookedSlot));
    args.add(a.id());
    args.addAll(AppointmentHash.all(a));
    return call(bookedSlot.hospital(), "restore", ScriptOutputType.INTEGER, args).mapEmpty();
  }

  /** Flat {id, start second, id, start second, ...}: this hospital's first {@code wanted} matches. */
  Future<List<Object>> search(String hospital, List<String> args) {
    return call(hospital, "search", ScriptOutputType.MULTI, args);
  }

  private Future<Reply> reply(String hospital, String function, List<String> args) {
    return this.<List<Object>>call(hospital, function, ScriptOutputType.MULTI, args).map(raw -> Reply.of(hospital, raw));
  }

  private <T> Future<T> call(String hospital, String function, ScriptOutputType type, List<String> args) {
    return gateway.fcall(LIBRARY, PREFIX + function, type, new String[] {BookingKeys.root(hospital)},
        args.toArray(String[]::new));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
