package io.konsil.scheduler.referral.redis;

import io.konsil.scheduler.referral.Priority;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;

/** A referral as the JSON stored in Redis, both ways. */
final class ReferralJson {
  private ReferralJson() {}

  static String encode(Referral r) {
    return new JsonObject().put("id", r.id()).put("patientId", r.patientId()).put("patientName", r.patientName())
        .put("gpId", r.gpId()).put("gpName", r.gpName()).put("specialty", r.specialty())
        .put("priority", r.priority().wire()).put("clinicalQuestion", r.clinicalQuestion())
        .put("deadline", r.deadline().toString()).put("cancerPathway", r.cancerPathway()).put("hospital", r.hospital())
        .put("status", r.status().wire()).put("receivedAt", r.receivedAt().toString())
        .put("assessedBy", r.assessedBy()).put("note", r.note()).put("appointmentId", r.appointmentId()).encode();
  }

  static Referral decode(String json) {
    JsonObject o = new JsonObject(json);
    return new Referral(o.getString("id"), o.getString("patientId"), o.getString("patientName"), o.getString("gpId"),
        o.getString("gpName"), o.getString("specialty"), Priority.fromWire(o.getString("priority")),
        o.getString("clinicalQuestion"), LocalDate.parse(o.getString("deadline")), o.getBoolean("cancerPathway"),
        o.getString("hospital"), ReferralStatus.fromWire(o.getString("status")),
        Instant.parse(o.getString("receivedAt")), o.getString("assessedBy"), o.getString("note"),
        o.getString("appointmentId"));
  }
}
