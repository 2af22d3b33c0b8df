package io.konsil.scheduler.booking.redis;

import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.booking.SlotStatus;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A slot as the hash {@code konsil:{h:H}:slot:ID} holds it, and as the booking functions take it. Id and hospital are
 * in the key, not repeated in the hash. Times are epoch milliseconds (the functions compare them).
 */
final class SlotHash {
  private SlotHash() {}

  /** The arguments of {@code write_slot} in konsil_booking_v1.lua, in its order. */
  static List<String> args(Slot s) {
    return List.of(s.id(), s.clinicianId(), s.region(), s.specialty(), s.mode().wire(),
        new JsonArray(s.languages()).encode(), millis(s.start()), millis(s.end()), Offering.id(s), Offering.json(s),
        s.status().wire(), Long.toString(s.version()));
  }

  /** Null when the hash is empty (no such slot). */
  static Slot read(String id, String hospital, Map<String, String> f) {
    if (f == null || f.isEmpty()) {
      return null;
    }
    return new Slot(id, f.get("clinicianId"), hospital, f.get("region"), f.get("specialty"),
        SlotMode.fromWire(f.get("mode")), new JsonArray(f.get("languages")).stream().map(String.class::cast).toList(),
        instant(f.get("start")), instant(f.get("end")),
        SlotStatus.valueOf(f.get("status").toUpperCase(Locale.ROOT)), f.get("holdId"), f.get("holderId"),
        instant(f.get("holdExpiresAt")), f.get("appointmentId"), Long.parseLong(f.getOrDefault("version", "0")));
  }

  static String millis(Instant t) {
    return Long.toString(t.toEpochMilli());
  }

  static Instant instant(String millis) {
    return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
  }
}
