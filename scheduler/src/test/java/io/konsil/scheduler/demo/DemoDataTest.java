package io.konsil.scheduler.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.scheduler.MutableClock;
import io.konsil.scheduler.SchedulerFeature;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.schedule.Horizon;
import io.konsil.scheduler.booking.SlotPage;
import io.konsil.scheduler.booking.SlotQuery;
import io.konsil.scheduler.Stores;
import io.vertx.core.Future;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DemoDataTest {
  /** Tuesday 09:02 in Oslo: inside every clinician's weekly hours, so "starting soon" lands among generated slots. */
  private static final Instant LOADED_AT = Instant.parse("2030-03-05T08:02:00Z");

  /** A time interval someone can be booked for: a free slot, or the slot of an appointment. */
  private record Busy(String what, Instant start, Instant end) {}

  @Test
  void noClinicianHasTwoOverlappingSlotsOrAppointmentsInTheDemo(VertxTestContext ctx) {
    Stores stores = Stores.inMemory();
    MutableClock clock = new MutableClock(LOADED_AT);
    Map<String, List<Busy>> byClinician = new HashMap<>();
    new DemoData(stores.network(), stores.schedules(), stores.booking(), stores.referrals(), stores.secondOpinions())
        .load(clock, SchedulerFeature.ZONE, 14)
        // As a node starts: the horizon rolls right after loading (and must not re-add what the demo carved out).
        .compose(v -> new Horizon(stores.network(), stores.schedules(), stores.booking(), clock, SchedulerFeature.ZONE,
            14, Duration.ofMinutes(30)).roll())
        .compose(v -> freeSlots(stores, LOADED_AT, null, byClinician))
        .compose(v -> {
          List<Future<List<Appointment>>> agendas = DemoData.clinicians().stream().map(c -> stores.booking()
              .appointmentsOfClinician(c.id(), LOADED_AT.minus(Duration.ofDays(30)), LOADED_AT.plus(Duration.ofDays(20))))
              .toList();
          return Future.all(agendas).map(all -> {
            agendas.forEach(f -> f.result().stream().filter(a -> a.status() != io.konsil.scheduler.booking
                .AppointmentStatus.CANCELLED).forEach(a -> byClinician.computeIfAbsent(a.clinicianId(),
                    k -> new ArrayList<>()).add(new Busy("appointment " + a.id(), a.start(), a.end()))));
            return null;
          });
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertTrue(byClinician.get("gp-hansen").stream().anyMatch(b -> b.what().contains("a-demo-kari-now")),
              "the demo's joinable-now appointment is there");
          List<String> clashes = new ArrayList<>();
          byClinician.forEach((clinician, busy) -> {
            busy.sort(Comparator.comparing(Busy::start));
            for (int i = 1; i < busy.size(); i++) {
              if (busy.get(i).start().isBefore(busy.get(i - 1).end())) {
                clashes.add(clinician + ": " + busy.get(i - 1) + " / " + busy.get(i));
              }
            }
          });
          assertEquals(List.of(), clashes);
          ctx.completeNow();
        })));
  }

  /** Every free slot of the network, page by page. */
  private static Future<Void> freeSlots(Stores stores, Instant now, SlotQuery.SlotKey after,
                                        Map<String, List<Busy>> byClinician) {
    return stores.booking().search(new SlotQuery(null, null, null, null, null, now, null, 100, after), now)
        .compose((SlotPage page) -> {
          for (Slot s : page.items()) {
            byClinician.computeIfAbsent(s.clinicianId(), k -> new ArrayList<>()).add(new Busy("slot " + s.id(),
                s.start(), s.end()));
          }
          return page.next() == null ? Future.succeededFuture() : freeSlots(stores, now, page.next(), byClinician);
        });
  }
}
