package io.konsil.scheduler.booking;

import static io.konsil.scheduler.http.Json.time;

import io.konsil.scheduler.network.Clinician;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** Slots, holds, appointments and join tokens as the JSON of the OpenAPI document. */
public final class BookingViews {
  private BookingViews() {}

  public static JsonObject slot(Slot s, Instant now) {
    return new JsonObject().put("id", s.id()).put("start", time(s.start())).put("end", time(s.end()))
        .put("status", s.statusAt(now).wire()).put("mode", s.mode().wire()).put("specialty", s.specialty())
        .put("hospital", s.hospital()).put("region", s.region()).put("clinicianId", s.clinicianId())
        .put("languages", new JsonArray(s.languages()));
  }

  public static JsonObject hold(Hold h) {
    return new JsonObject().put("holdId", h.holdId()).put("slotId", h.slotId()).put("expiresAt", time(h.expiresAt()));
  }

  /** With the clinician's name when {@code clinicians} knows them. */
  public static JsonObject appointment(Appointment a, Map<String, Clinician> clinicians) {
    Clinician c = clinicians.get(a.clinicianId());
    return new JsonObject().put("id", a.id()).put("slotId", a.slotId()).put("patientId", a.patientId())
        .put("patientName", a.patientName()).put("clinicianId", a.clinicianId())
        .put("clinicianName", c == null ? null : c.name()).put("hospital", a.hospital())
        .put("specialty", a.specialty()).put("mode", a.mode().wire()).put("start", time(a.start()))
        .put("end", time(a.end())).put("kind", a.kind().wire()).put("status", a.status().wire()).put("room", a.room())
        .put("referralId", a.referralId()).put("createdAt", time(a.createdAt())).put("version", a.version())
        .put("bookedBy", a.bookedBy());
  }

  public static JsonObject join(JoinToken t) {
    return new JsonObject().put("room", t.room()).put("jwt", t.jwt()).put("url", t.url())
        .put("expiresAt", time(t.expiresAt()));
  }
}
