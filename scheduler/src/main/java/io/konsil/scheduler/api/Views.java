package io.konsil.scheduler.api;

import io.konsil.scheduler.agenda.AgendaEntry;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.Hold;
import io.konsil.scheduler.booking.JoinToken;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.schedule.Block;
import io.konsil.scheduler.schedule.Schedule;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.waiting.WaitingTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Domain objects as the JSON of the OpenAPI document. Times are ISO-8601 with the Norwegian offset. */
final class Views {
  static final ZoneId ZONE = ZoneId.of("Europe/Oslo");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  private Views() {}

  static String time(Instant instant) {
    return instant == null ? null : TIME.format(instant.atZone(ZONE));
  }

  static JsonObject slot(Slot s, Instant now) {
    return new JsonObject().put("id", s.id()).put("start", time(s.start())).put("end", time(s.end()))
        .put("status", s.statusAt(now).wire()).put("mode", s.mode().wire()).put("specialty", s.specialty())
        .put("hospital", s.hospital()).put("region", s.region()).put("clinicianId", s.clinicianId())
        .put("languages", new JsonArray(s.languages()));
  }

  static JsonObject hold(Hold h) {
    return new JsonObject().put("holdId", h.holdId()).put("slotId", h.slotId()).put("expiresAt", time(h.expiresAt()));
  }

  static JsonObject appointment(Appointment a, Map<String, Clinician> clinicians) {
    Clinician c = clinicians.get(a.clinicianId());
    return new JsonObject().put("id", a.id()).put("slotId", a.slotId()).put("patientId", a.patientId())
        .put("patientName", a.patientName()).put("clinicianId", a.clinicianId())
        .put("clinicianName", c == null ? null : c.name()).put("hospital", a.hospital())
        .put("specialty", a.specialty()).put("mode", a.mode().wire()).put("start", time(a.start()))
        .put("end", time(a.end())).put("kind", a.kind().wire()).put("status", a.status().wire()).put("room", a.room())
        .put("referralId", a.referralId()).put("createdAt", time(a.createdAt()));
  }

  static JsonObject agendaEntry(AgendaEntry e, Map<String, Clinician> clinicians) {
    return appointment(e.appointment(), clinicians).put("presence", e.presence().wire());
  }

  static JsonObject join(JoinToken t) {
    return new JsonObject().put("room", t.room()).put("jwt", t.jwt()).put("url", t.url())
        .put("expiresAt", time(t.expiresAt()));
  }

  static JsonObject hospital(Hospital h) {
    return new JsonObject().put("code", h.code()).put("name", h.name()).put("region", h.region()).put("trust", h.trust());
  }

  static JsonObject specialty(Specialty s) {
    return new JsonObject().put("code", s.code()).put("name", s.name()).put("nameNb", s.nameNb());
  }

  static JsonObject clinician(Clinician c) {
    return new JsonObject().put("id", c.id()).put("name", c.name()).put("role", c.role().wire()).put("hpr", c.hpr())
        .put("hospital", c.hospital()).put("specialties", new JsonArray(c.specialties()))
        .put("languages", new JsonArray(c.languages()));
  }

  static JsonObject referral(Referral r) {
    return new JsonObject().put("id", r.id()).put("patientId", r.patientId()).put("patientName", r.patientName())
        .put("gpId", r.gpId()).put("gpName", r.gpName()).put("specialty", r.specialty())
        .put("priority", r.priority().wire()).put("clinicalQuestion", r.clinicalQuestion())
        .put("deadline", r.deadline().toString()).put("cancerPathway", r.cancerPathway()).put("hospital", r.hospital())
        .put("status", r.status().wire()).put("receivedAt", time(r.receivedAt())).put("assessedBy", r.assessedBy())
        .put("note", r.note()).put("appointmentId", r.appointmentId());
  }

  static JsonObject secondOpinion(SecondOpinion so) {
    return new JsonObject().put("id", so.id()).put("requesterId", so.requesterId())
        .put("requesterName", so.requesterName()).put("requesterHospital", so.requesterHospital())
        .put("specialty", so.specialty()).put("question", so.question()).put("patientId", so.patientId())
        .put("hospitals", new JsonArray(so.hospitals())).put("status", so.status().wire())
        .put("createdAt", time(so.createdAt())).put("acceptedBy", so.acceptedBy())
        .put("acceptedByName", so.acceptedByName()).put("room", so.room()).put("appointmentId", so.appointmentId())
        .put("start", time(so.start())).put("end", time(so.end()));
  }

  static JsonObject waitingTime(WaitingTime w) {
    return new JsonObject().put("hospital", w.hospital()).put("hospitalName", w.hospitalName())
        .put("region", w.region()).put("specialty", w.specialty())
        .put("nextAvailable", w.nextAvailable() == null ? null : w.nextAvailable().toString())
        .put("medianDays", w.medianDays()).put("sampleSize", w.sampleSize());
  }

  static JsonObject schedule(Schedule s) {
    JsonArray weekly = new JsonArray();
    s.weekly().forEach(w -> weekly.add(block(w.block()).put("day", w.day().name().toLowerCase(java.util.Locale.ROOT))));
    JsonArray exceptions = new JsonArray();
    s.exceptions().forEach(e -> {
      JsonArray blocks = new JsonArray();
      e.blocks().forEach(b -> blocks.add(block(b)));
      exceptions.add(new JsonObject().put("date", e.date().toString()).put("blocks", blocks));
    });
    return new JsonObject().put("clinicianId", s.clinicianId()).put("weekly", weekly).put("exceptions", exceptions);
  }

  private static JsonObject block(Block b) {
    return new JsonObject().put("start", b.start().toString()).put("end", b.end().toString())
        .put("mode", b.mode().wire()).put("slotMinutes", b.slotMinutes());
  }

  static JsonObject items(Iterable<JsonObject> items) {
    JsonArray a = new JsonArray();
    items.forEach(a::add);
    return new JsonObject().put("items", a);
  }
}
