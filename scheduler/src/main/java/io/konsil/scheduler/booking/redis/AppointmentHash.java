package io.konsil.scheduler.booking.redis;

import static io.konsil.scheduler.booking.redis.SlotHash.instant;
import static io.konsil.scheduler.booking.redis.SlotHash.millis;

import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.SlotMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An appointment as the hash {@code konsil:{h:H}:appointment:ID} holds it, both ways. Id and hospital are in the key;
 * absent fields are null values; times are epoch milliseconds.
 */
final class AppointmentHash {
  private AppointmentHash() {}

  /**
   * The fields a booking or a move gives the function, as name/value pairs ('' for null); the rest (slot, clinician,
   * specialty, mode, times, status, version) the function takes from the slot it books.
   */
  static List<String> given(String patientId, String patientName, AppointmentKind kind, String room, String referralId,
                            java.time.Instant createdAt, String bookedBy) {
    return pairs("patientId", patientId, "patientName", patientName, "kind", kind.wire(), "room", room,
        "referralId", referralId, "createdAt", millis(createdAt), "bookedBy", bookedBy);
  }

  /** Every field, for writing an appointment as it is (restore). */
  static List<String> all(Appointment a) {
    List<String> f = new ArrayList<>(given(a.patientId(), a.patientName(), a.kind(), a.room(), a.referralId(),
        a.createdAt(), a.bookedBy()));
    f.addAll(pairs("slotId", a.slotId(), "clinicianId", a.clinicianId(), "specialty", a.specialty(),
        "mode", a.mode().wire(), "start", millis(a.start()), "end", millis(a.end()), "status", a.status().wire(),
        "version", Long.toString(a.version())));
    return f;
  }

  static StoredAppointment read(String id, String hospital, Map<String, String> f) {
    if (f == null || f.isEmpty()) {
      return null;
    }
    Appointment a = new Appointment(id, f.get("slotId"), f.get("patientId"), f.get("patientName"),
        f.get("clinicianId"), hospital, f.get("specialty"), SlotMode.fromWire(f.get("mode")), instant(f.get("start")),
        instant(f.get("end")), AppointmentKind.fromWire(f.get("kind")), AppointmentStatus.fromWire(f.get("status")),
        f.get("room"), f.get("referralId"), instant(f.get("createdAt")),
        Long.parseLong(f.getOrDefault("version", "0")), f.get("bookedBy"));
    return new StoredAppointment(a, f.get("movedTo"), f.get("from"));
  }

  /** From a function's reply {outcome, field, value, ...}. */
  static StoredAppointment read(String id, String hospital, List<Object> reply) {
    Map<String, String> f = new HashMap<>();
    for (int i = 1; i + 1 < reply.size(); i += 2) {
      f.put((String) reply.get(i), (String) reply.get(i + 1));
    }
    return read(id, hospital, f);
  }

  private static List<String> pairs(String... namesAndValues) {
    List<String> out = new ArrayList<>(namesAndValues.length);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.add(namesAndValues[i]);
      out.add(namesAndValues[i + 1] == null ? "" : namesAndValues[i + 1]);
    }
    return out;
  }
}
