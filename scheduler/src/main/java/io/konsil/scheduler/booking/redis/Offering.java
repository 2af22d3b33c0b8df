package io.konsil.scheduler.booking.redis;

import io.konsil.scheduler.booking.Slot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a search filters on apart from time, shared by all of one clinician's slots with the same specialty, mode,
 * region and languages (as in the embedded store's index). Each offering has its own sorted set of open slots; its id
 * is readable and the same on every node, so nodes agree without coordination.
 */
final class Offering {
  private Offering() {}

  static String id(Slot s) {
    return s.clinicianId() + "|" + s.specialty() + "|" + s.mode().wire() + "|" + s.region() + "|"
        + String.join(",", s.languages());
  }

  /** What the search function decodes to match filters. */
  static String json(Slot s) {
    return new JsonObject().put("specialty", s.specialty()).put("region", s.region()).put("mode", s.mode().wire())
        .put("languages", new JsonArray(s.languages())).encode();
  }
}
