package io.konsil.scheduler.room;

import static io.konsil.scheduler.Responses.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.konsil.common.room.RoomDetails;
import io.konsil.scheduler.Fixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the waiting room learns about a room from the scheduler (common's RoomDirectory port). */
@ExtendWith(VertxExtension.class)
class ConsultationDirectoryTest {

  @Test
  void aBookedRoomNamesItsClinicianHospitalAndTimesAndAnUnknownRoomNothing(Vertx vertx, VertxTestContext ctx) {
    Fixture.start(vertx).compose(f -> f.book(f.patient("kari"), "k", new JsonObject().put("slotId", "card-2-3"))
        .compose(booked -> {
          JsonObject a = json(booked);
          return f.feature.roomDirectory().details(a.getString("room")).compose(details -> {
            ctx.verify(() -> {
              assertEquals(new RoomDetails(a.getString("room"), "card-2", "Erik Lie", "H2", "Hospital Two",
                  Fixture.T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(3)).plus(Duration.ofMinutes(10)),
                  Fixture.T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(3)).plus(Duration.ofMinutes(40)),
                  "specialist-consultation"), details);
            });
            return f.feature.roomDirectory().details(a.getString("room").toUpperCase());
          }).compose(sameRoom -> {
            ctx.verify(() -> assertEquals("card-2", sameRoom.clinicianId(), "room names ignore case"));
            return f.feature.roomDirectory().details("konsil-nobodysroom");
          });
        }).compose(unknown -> {
          ctx.verify(() -> assertNull(unknown));
          return f.stop();
        })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anAdHocSecondOpinionsRoomNamesTheAcceptingSpecialistWithoutTimes(Vertx vertx, VertxTestContext ctx) {
    Fixture.start(vertx).compose(f -> f.post("/api/v1/second-opinions", f.token("gp-1", "gp"),
            new JsonObject().put("specialty", "cardiology").put("question", "Pacemaker?"))
        .compose(created -> f.post("/api/v1/second-opinions/" + json(created).getString("id") + "/accept",
            f.token("card-1", "specialist"), new JsonObject()))
        .compose(accepted -> f.feature.roomDirectory().details(json(accepted).getString("room")).compose(details -> {
          ctx.verify(() -> assertEquals(new RoomDetails(json(accepted).getString("room"), "card-1", "Anne Berg", "H1",
              "Hospital One", null, null, "second-opinion"), details));
          return f.stop();
        }))).onComplete(ctx.succeedingThenComplete());
  }
}
