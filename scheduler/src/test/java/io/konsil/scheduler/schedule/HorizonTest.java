package io.konsil.scheduler.schedule;

import static io.konsil.scheduler.Responses.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.scheduler.Fixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HorizonTest {

  @Test
  void theHorizonRollsForwardAndUnattendedAppointmentsBecomeNoShows(Vertx vertx, VertxTestContext ctx) {
    Fixture.start(vertx).compose(f -> {
      String admin = f.token("admin-1", "admin");
      JsonObject everyDay = new JsonObject().put("weekly", new JsonArray(List.of("monday", "tuesday", "wednesday",
          "thursday", "friday", "saturday", "sunday").stream()
          .map(d -> new JsonObject().put("day", d).put("start", "06:00").put("end", "06:30").put("slotMinutes", 30))
          .toList()));
      return f.book(f.patient("kari"), "k", new JsonObject().put("slotId", "gp-1-0")).compose(booked -> f
          .put("/api/v1/clinicians/gp-1/schedule", admin, everyDay).map(r -> {
            // 14 days from Monday 2030-03-04 (the 06:00 Oslo slot of that day is already past at 07:00Z).
            assertEquals(13, json(r).getInteger("freeSlots"), r.bodyAsString());
            return booked;
          })).compose(booked -> {
        f.clock.advance(Duration.ofDays(3));
        return f.feature.rollHorizon().compose(added -> {
          assertEquals(3, added);
          return f.get("/api/v1/appointments/" + json(booked).getString("id"), f.patient("kari"));
        });
      }).compose(r -> {
        assertEquals("no-show", json(r).getString("status"));
        return f.get("/api/v1/slots?specialty=general-practice&limit=100", f.patient("kari"));
      }).compose(r -> {
        List<String> ids = io.konsil.scheduler.Responses.ids(r);
        assertTrue(ids.contains("gp-1-20300320T0600"), ids.toString());
        return f.stop();
      });
    }).onComplete(ctx.succeedingThenComplete());
  }
}
