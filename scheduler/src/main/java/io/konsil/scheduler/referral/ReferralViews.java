package io.konsil.scheduler.referral;

import static io.konsil.scheduler.http.Json.time;

import io.vertx.core.json.JsonObject;

/** A referral as the JSON of the OpenAPI document. */
final class ReferralViews {
  private ReferralViews() {}

  static JsonObject referral(Referral r) {
    return new JsonObject().put("id", r.id()).put("patientId", r.patientId()).put("patientName", r.patientName())
        .put("gpId", r.gpId()).put("gpName", r.gpName()).put("specialty", r.specialty())
        .put("priority", r.priority().wire()).put("clinicalQuestion", r.clinicalQuestion())
        .put("deadline", r.deadline().toString()).put("cancerPathway", r.cancerPathway()).put("hospital", r.hospital())
        .put("status", r.status().wire()).put("receivedAt", time(r.receivedAt())).put("assessedBy", r.assessedBy())
        .put("note", r.note()).put("appointmentId", r.appointmentId());
  }
}
