package io.konsil.scheduler.schedule.redis;

import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.schedule.Block;
import io.konsil.scheduler.schedule.Schedule;
import io.konsil.scheduler.schedule.ScheduleException;
import io.konsil.scheduler.schedule.WeeklyHours;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** A schedule as the JSON stored in Redis, both ways. */
final class ScheduleJson {
  private ScheduleJson() {}

  static String encode(Schedule s) {
    JsonArray weekly = new JsonArray();
    s.weekly().forEach(w -> weekly.add(block(w.block()).put("day", w.day().name())));
    JsonArray exceptions = new JsonArray();
    s.exceptions().forEach(e -> exceptions.add(new JsonObject().put("date", e.date().toString())
        .put("blocks", new JsonArray(e.blocks().stream().map(ScheduleJson::block).toList()))));
    return new JsonObject().put("clinicianId", s.clinicianId()).put("weekly", weekly).put("exceptions", exceptions)
        .encode();
  }

  static Schedule decode(String json) {
    JsonObject o = new JsonObject(json);
    List<WeeklyHours> weekly = o.getJsonArray("weekly").stream().map(JsonObject.class::cast)
        .map(w -> new WeeklyHours(DayOfWeek.valueOf(w.getString("day")), block(w))).toList();
    List<ScheduleException> exceptions = o.getJsonArray("exceptions").stream().map(JsonObject.class::cast)
        .map(e -> new ScheduleException(LocalDate.parse(e.getString("date")), e.getJsonArray("blocks").stream()
            .map(JsonObject.class::cast).map(ScheduleJson::block).toList()))
        .toList();
    return new Schedule(o.getString("clinicianId"), weekly, exceptions);
  }

  private static JsonObject block(Block b) {
    return new JsonObject().put("start", b.start().toString()).put("end", b.end().toString())
        .put("mode", b.mode().wire()).put("slotMinutes", b.slotMinutes());
  }

  private static Block block(JsonObject b) {
    return new Block(LocalTime.parse(b.getString("start")), LocalTime.parse(b.getString("end")),
        SlotMode.fromWire(b.getString("mode")), b.getInteger("slotMinutes"));
  }
}
