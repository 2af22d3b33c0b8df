package io.konsil.scheduler.network.redis;

import io.konsil.common.token.Role;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.Specialty;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The network directory's records as the JSON stored in Redis, both ways. */
final class NetworkJson {
  private NetworkJson() {}

  static String hospital(Hospital h) {
    JsonObject o = new JsonObject().put("code", h.code()).put("name", h.name()).put("region", h.region())
        .put("trust", h.trust());
    if (h.orgNumber() != null) {
      o.put("orgNumber", h.orgNumber());
    }
    return o.encode();
  }

  static Hospital hospital(String json) {
    JsonObject o = new JsonObject(json);
    return new Hospital(o.getString("code"), o.getString("name"), o.getString("region"), o.getString("trust"),
        o.getString("orgNumber"));
  }

  static String specialty(Specialty s) {
    return new JsonObject().put("code", s.code()).put("name", s.name()).put("nameNb", s.nameNb()).encode();
  }

  static Specialty specialty(String json) {
    JsonObject o = new JsonObject(json);
    return new Specialty(o.getString("code"), o.getString("name"), o.getString("nameNb"));
  }

  static String clinician(Clinician c) {
    return new JsonObject().put("id", c.id()).put("name", c.name()).put("role", c.role().wire()).put("hpr", c.hpr())
        .put("hospital", c.hospital()).put("specialties", new JsonArray(c.specialties()))
        .put("languages", new JsonArray(c.languages())).encode();
  }

  static Clinician clinician(String json) {
    JsonObject o = new JsonObject(json);
    return new Clinician(o.getString("id"), o.getString("name"), Role.fromClaim(o.getString("role")),
        o.getString("hpr"), o.getString("hospital"), strings(o.getJsonArray("specialties")),
        strings(o.getJsonArray("languages")));
  }

  private static List<String> strings(JsonArray a) {
    return a == null ? List.of() : a.stream().map(String.class::cast).toList();
  }
}
