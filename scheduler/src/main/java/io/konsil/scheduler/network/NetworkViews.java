package io.konsil.scheduler.network;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Hospitals, specialties and clinicians as the JSON of the OpenAPI document. */
final class NetworkViews {
  private NetworkViews() {}

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
}
