package io.konsil.scheduler.schedule;

import static io.konsil.scheduler.http.ApiRouter.BASE;
import static io.konsil.scheduler.http.ApiRouter.json;

import io.konsil.common.error.KonsilException;
import io.konsil.common.token.Role;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.http.ApiRouter;
import io.konsil.scheduler.http.Input;
import io.konsil.scheduler.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Clinicians' schedules: read by clinicians and admins, set by admins (free slots follow). */
public final class ScheduleRoutes implements ApiRouter.Routes {
  private final ScheduleService schedules;
  private final Clock clock;

  public ScheduleRoutes(ScheduleService schedules, Clock clock) {
    this.schedules = schedules;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get(BASE + "/clinicians/:id/schedule").handler(ctx -> json(ctx, 200, c -> {
      Input.requireRole(c, Role.ADMIN, Role.GP, Role.SPECIALIST, Role.NURSE);
      return schedules.get(c.pathParam("id")).map(ScheduleViews::schedule);
    }));
    router.put(BASE + "/clinicians/:id/schedule").handler(ctx -> json(ctx, 200, this::putSchedule));
  }

  private Future<JsonObject> putSchedule(RoutingContext ctx) {
    Input.requireRole(ctx, Role.ADMIN);
    Input in = Input.body(ctx);
    String clinicianId = ctx.pathParam("id");
    List<WeeklyHours> weekly = new ArrayList<>();
    JsonArray weeklyJson = array(in, "weekly");
    for (int i = 0; i < weeklyJson.size(); i++) {
      String field = "weekly[" + i + "]";
      JsonObject w = object(in, weeklyJson.getValue(i), field);
      DayOfWeek day = w == null ? null : day(in, w.getValue("day"), field + ".day");
      Block block = w == null ? null : block(in, w, field);
      if (day != null && block != null) {
        weekly.add(new WeeklyHours(day, block));
      }
    }
    List<ScheduleException> exceptions = new ArrayList<>();
    JsonArray exceptionsJson = array(in, "exceptions");
    LocalDate today = LocalDate.now(clock.withZone(Json.ZONE));
    Set<LocalDate> seen = new HashSet<>();
    for (int i = 0; i < exceptionsJson.size(); i++) {
      String field = "exceptions[" + i + "]";
      JsonObject e = object(in, exceptionsJson.getValue(i), field);
      if (e == null) {
        continue;
      }
      LocalDate date = null;
      try {
        date = LocalDate.parse(String.valueOf(e.getValue("date")));
        if (date.isBefore(today)) {
          in.problem(field + ".date", "must not be in the past");
        } else if (!seen.add(date)) {
          in.problem(field + ".date", "appears twice");
        }
      } catch (DateTimeParseException ex) {
        in.problem(field + ".date", "must be a date (YYYY-MM-DD)");
      }
      List<Block> blocks = new ArrayList<>();
      Object blocksValue = e.getValue("blocks");
      if (blocksValue != null && !(blocksValue instanceof JsonArray)) {
        in.problem(field + ".blocks", "must be an array");
      } else if (blocksValue != null) {
        JsonArray blocksJson = (JsonArray) blocksValue;
        for (int j = 0; j < blocksJson.size(); j++) {
          JsonObject b = object(in, blocksJson.getValue(j), field + ".blocks[" + j + "]");
          Block block = b == null ? null : block(in, b, field + ".blocks[" + j + "]");
          if (block != null) {
            blocks.add(block);
          }
        }
      }
      if (date != null) {
        exceptions.add(new ScheduleException(date, blocks));
      }
    }
    in.check();
    List<KonsilException.FieldProblem> overlaps = overlaps(weekly, exceptions);
    if (!overlaps.isEmpty()) {
      throw SchedulerError.SCHEDULE_OVERLAP.error("Working hours overlap", overlaps);
    }
    return schedules.apply(new Schedule(clinicianId, weekly, exceptions))
        .map(applied -> ScheduleViews.schedule(applied.schedule()).put("freeSlots", applied.freeSlots()));
  }

  private static List<KonsilException.FieldProblem> overlaps(List<WeeklyHours> weekly, List<ScheduleException> exceptions) {
    List<KonsilException.FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < weekly.size(); i++) {
      for (int j = i + 1; j < weekly.size(); j++) {
        if (weekly.get(i).day() == weekly.get(j).day() && weekly.get(i).block().overlaps(weekly.get(j).block())) {
          problems.add(new KonsilException.FieldProblem("weekly[" + j + "]", "overlaps weekly[" + i + "]"));
        }
      }
    }
    for (int e = 0; e < exceptions.size(); e++) {
      List<Block> blocks = exceptions.get(e).blocks();
      for (int i = 0; i < blocks.size(); i++) {
        for (int j = i + 1; j < blocks.size(); j++) {
          if (blocks.get(i).overlaps(blocks.get(j))) {
            problems.add(new KonsilException.FieldProblem("exceptions[" + e + "].blocks[" + j + "]",
                "overlaps exceptions[" + e + "].blocks[" + i + "]"));
          }
        }
      }
    }
    return problems;
  }

  private static JsonArray array(Input in, String name) {
    Object v = in.json().getValue(name);
    if (v == null) {
      return new JsonArray();
    }
    if (v instanceof JsonArray a && a.size() <= 200) {
      return a;
    }
    in.problem(name, "must be an array of at most 200 entries");
    return new JsonArray();
  }

  private static JsonObject object(Input in, Object v, String field) {
    if (v instanceof JsonObject o) {
      return o;
    }
    in.problem(field, "must be an object");
    return null;
  }

  private static DayOfWeek day(Input in, Object v, String field) {
    try {
      return DayOfWeek.valueOf(String.valueOf(v).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      in.problem(field, "must be a weekday name such as monday");
      return null;
    }
  }

  private static Block block(Input in, JsonObject b, String field) {
    LocalTime start = time(in, b.getValue("start"), field + ".start");
    LocalTime end = time(in, b.getValue("end"), field + ".end");
    Object modeValue = b.getValue("mode", "video");
    SlotMode mode = modeValue instanceof String s ? SlotMode.fromWire(s) : null;
    if (mode == null) {
      in.problem(field + ".mode", "must be video or in-person");
    }
    Object minutesValue = b.getValue("slotMinutes", 20);
    int minutes = minutesValue instanceof Integer m ? m : -1;
    if (minutes < 5 || minutes > 240) {
      in.problem(field + ".slotMinutes", "must be an integer from 5 to 240");
    }
    if (start != null && end != null && !end.isAfter(start)) {
      in.problem(field + ".end", "must be after start");
      return null;
    }
    return start == null || end == null || mode == null || minutes < 5 || minutes > 240 ? null
        : new Block(start, end, mode, minutes);
  }

  private static LocalTime time(Input in, Object v, String field) {
    try {
      return LocalTime.parse(String.valueOf(v));
    } catch (DateTimeParseException e) {
      in.problem(field, "must be a time (HH:MM)");
      return null;
    }
  }
}
