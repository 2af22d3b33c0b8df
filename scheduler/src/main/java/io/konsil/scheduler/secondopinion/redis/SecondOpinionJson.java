package io.konsil.scheduler.secondopinion.redis;

import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/** A second opinion as the JSON stored in Redis, both ways. */
final class SecondOpinionJson {
  private SecondOpinionJson() {}

  static String encode(SecondOpinion so) {
    return new JsonObject().put("id", so.id()).put("requesterId", so.requesterId())
        .put("requesterName", so.requesterName()).put("requesterHospital", so.requesterHospital())
        .put("specialty", so.specialty()).put("question", so.question()).put("patientId", so.patientId())
        .put("hospitals", new JsonArray(so.hospitals())).put("status", so.status().wire())
        .put("createdAt", so.createdAt().toString()).put("acceptedBy", so.acceptedBy())
        .put("acceptedByName", so.acceptedByName()).put("room", so.room()).put("appointmentId", so.appointmentId())
        .put("start", time(so.start())).put("end", time(so.end())).encode();
  }

  static SecondOpinion decode(String json) {
    JsonObject o = new JsonObject(json);
    return new SecondOpinion(o.getString("id"), o.getString("requesterId"), o.getString("requesterName"),
        o.getString("requesterHospital"), o.getString("specialty"), o.getString("question"), o.getString("patientId"),
        o.getJsonArray("hospitals").stream().map(String.class::cast).toList(),
        SecondOpinionStatus.valueOf(o.getString("status").toUpperCase(Locale.ROOT)),
        Instant.parse(o.getString("createdAt")), o.getString("acceptedBy"), o.getString("acceptedByName"),
        o.getString("room"), o.getString("appointmentId"), instant(o.getString("start")), instant(o.getString("end")));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
