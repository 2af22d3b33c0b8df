package io.konsil.scheduler.waiting;

import static io.konsil.scheduler.Responses.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.referral.Priority;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WaitingTimesTest {

  /** A referral received {@code leadDays} before its appointment (on T0 - 30 days + leadDays). */
  private static Future<Void> referred(Fixture f, String id, String clinician, String hospital, long leadDays,
                                       AppointmentStatus status) {
    Instant received = Fixture.T0.minus(Duration.ofDays(30));
    Instant start = received.plus(Duration.ofDays(leadDays));
    Slot slot = Slot.free("hist-" + id, clinician, hospital, "east", "cardiology", SlotMode.VIDEO, List.of("nb"), start,
        start.plus(Duration.ofMinutes(30)));
    Appointment a = new Appointment("a-" + id, slot.id(), "p-" + id, null, clinician, hospital, "cardiology",
        SlotMode.VIDEO, start, slot.end(), AppointmentKind.SPECIALIST_CONSULTATION, status, "room-" + id, "r-" + id,
        received, 1);
    return f.stores.referrals().put(new Referral("r-" + id, "p-" + id, null, "gp-1", null, "cardiology",
            Priority.NORMAL, "q", LocalDate.of(2030, 6, 1), false, null, ReferralStatus.COMPLETED, received, null, null,
            a.id()))
        .compose(v -> f.stores.booking().restore(slot.booked(a.id()), a));
  }

  @Test
  void waitingTimesAreTheNextFreeDateAndTheMedianDaysFromReferralToAppointment(Vertx vertx, VertxTestContext ctx) {
    Fixture.start(vertx).compose(f -> {
      List<Future<Void>> history = new ArrayList<>();
      history.add(referred(f, "1", "card-1", "H1", 10, AppointmentStatus.FULFILLED));
      history.add(referred(f, "2", "card-1", "H1", 20, AppointmentStatus.FULFILLED));
      history.add(referred(f, "3", "card-1", "H1", 4, AppointmentStatus.FULFILLED));
      history.add(referred(f, "4", "card-1", "H1", 2, AppointmentStatus.CANCELLED));
      history.add(referred(f, "5", "card-2", "H2", 7, AppointmentStatus.FULFILLED));
      history.add(referred(f, "6", "card-2", "H2", 9, AppointmentStatus.FULFILLED));
      return Future.all(history)
          .compose(v -> f.get("/api/v1/waiting-times?specialty=cardiology", f.patient("kari")))
          .compose(r -> {
            List<JsonObject> rows = json(r).getJsonArray("items").stream().map(JsonObject.class::cast).toList();
            ctx.verify(() -> {
              assertEquals(2, rows.size(), r.bodyAsString());
              JsonObject h1 = rows.stream().filter(x -> x.getString("hospital").equals("H1")).findFirst().orElseThrow();
              JsonObject h2 = rows.stream().filter(x -> x.getString("hospital").equals("H2")).findFirst().orElseThrow();
              assertEquals(10.0, h1.getDouble("medianDays"));
              assertEquals(3, h1.getInteger("sampleSize"));
              assertEquals(8.0, h2.getDouble("medianDays"));
              assertEquals("2030-03-05", h1.getString("nextAvailable"));
              assertEquals("Hospital One", h1.getString("hospitalName"));
            });
            return f.get("/api/v1/waiting-times?region=east&specialty=general-practice", f.patient("kari"));
          })
          .compose(r -> {
            ctx.verify(() -> {
              JsonObject gp = json(r).getJsonArray("items").getJsonObject(0);
              assertEquals("H1", gp.getString("hospital"));
              assertNull(gp.getValue("medianDays"));
            });
            return f.stop();
          });
    }).onComplete(ctx.succeedingThenComplete());
  }
}
