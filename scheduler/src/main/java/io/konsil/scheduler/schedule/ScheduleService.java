package io.konsil.scheduler.schedule;

import io.konsil.scheduler.store.Failures;
import io.konsil.scheduler.store.Stores;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** Sets a clinician's schedule and regenerates their free slots for the rolling horizon. */
public final class ScheduleService {
  private final Stores stores;
  private final Clock clock;
  private final ZoneId zone;
  private final int horizonDays;

  public ScheduleService(Stores stores, Clock clock, ZoneId zone, int horizonDays) {
    this.stores = stores;
    this.clock = clock;
    this.zone = zone;
    this.horizonDays = horizonDays;
  }

  public record Applied(Schedule schedule, int freeSlots) {}

  /** Replaces the schedule; booked and held slots stay, free ones follow the new hours. */
  public Future<Applied> apply(Schedule schedule) {
    return stores.network().clinician(schedule.clinicianId()).compose(c -> {
      if (c == null) {
        return Future.failedFuture(Failures.notFound("Clinician"));
      }
      return stores.network().hospital(c.hospital()).compose(h -> {
        if (h == null) {
          return Future.failedFuture(Failures.notFound("Hospital"));
        }
        var now = clock.instant();
        var slots = SlotGenerator.generate(c, h, schedule, LocalDate.now(clock.withZone(zone)), horizonDays, now, zone);
        return stores.network().putSchedule(schedule)
            .compose(v -> stores.booking().replaceFreeSlots(c.id(), now, slots))
            .map(free -> new Applied(schedule, free));
      });
    });
  }

  public Future<Schedule> get(String clinicianId) {
    return stores.network().clinician(clinicianId).compose(c -> {
      if (c == null) {
        return Future.failedFuture(Failures.notFound("Clinician"));
      }
      return stores.network().schedule(clinicianId)
          .map(s -> s != null ? s : new Schedule(clinicianId, java.util.List.of(), java.util.List.of()));
    });
  }
}
