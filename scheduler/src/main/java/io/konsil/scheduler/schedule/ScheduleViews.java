package io.konsil.scheduler.schedule;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** A schedule as the JSON of the OpenAPI document. */
final class ScheduleViews {
  private ScheduleViews() {}

  static JsonObject schedule(Schedule s) {
    JsonArray weekly = new JsonArray();
    s.weekly().forEach(w -> weekly.add(block(w.block()).put("day", w.day().name().toLowerCase(Locale.ROOT))));
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
}
