package io.konsil.scheduler.secondopinion;

import static io.konsil.scheduler.http.Json.time;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A second opinion as the JSON of the OpenAPI document. */
final class SecondOpinionViews {
  private SecondOpinionViews() {}

  static JsonObject secondOpinion(SecondOpinion so) {
    return new JsonObject().put("id", so.id()).put("requesterId", so.requesterId())
        .put("requesterName", so.requesterName()).put("requesterHospital", so.requesterHospital())
        .put("specialty", so.specialty()).put("question", so.question()).put("patientId", so.patientId())
        .put("hospitals", new JsonArray(so.hospitals())).put("status", so.status().wire())
        .put("createdAt", time(so.createdAt())).put("acceptedBy", so.acceptedBy())
        .put("acceptedByName", so.acceptedByName()).put("room", so.room()).put("appointmentId", so.appointmentId())
        .put("start", time(so.start())).put("end", time(so.end()));
  }
}
