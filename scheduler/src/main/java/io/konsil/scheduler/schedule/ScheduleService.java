package io.konsil.scheduler.schedule;

import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.network.NetworkStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** Sets a clinician's schedule and regenerates their free slots for the rolling horizon. */
public final class ScheduleService {
  private final NetworkStore network;
  private final ScheduleStore schedules;
  private final BookingStore bookings;
  private final Clock clock;
  private final ZoneId zone;
  private final int horizonDays;

  public ScheduleService(NetworkStore network, ScheduleStore schedules, BookingStore bookings, Clock clock, ZoneId zone, int horizonDays) {
    this.network = network;
    this.schedules = schedules;
    this.bookings = bookings;
    this.clock = clock;
    this.zone = zone;
    this.horizonDays = horizonDays;
  }

  public record Applied(Schedule schedule, int freeSlots) {}

  /** Replaces the schedule; booked and held slots stay, free ones follow the new hours. */
  public Future<Applied> apply(Schedule schedule) {
    return network.clinician(schedule.clinicianId()).compose(c -> {
      if (c == null) {
        return Future.failedFuture(SchedulerError.notFound("Clinician"));
      }
      return network.hospital(c.hospital()).compose(h -> {
        if (h == null) {
          return Future.failedFuture(SchedulerError.notFound("Hospital"));
        }
        var now = clock.instant();
        var slots = SlotGenerator.generate(c, h, schedule, LocalDate.now(clock.withZone(zone)), horizonDays, now, zone);
        return schedules.put(schedule)
            .compose(v -> bookings.replaceFreeSlots(c.id(), now, slots))
            .map(free -> new Applied(schedule, free));
      });
    });
  }

  public Future<Schedule> get(String clinicianId) {
    return network.clinician(clinicianId).compose(c -> {
      if (c == null) {
        return Future.failedFuture(SchedulerError.notFound("Clinician"));
      }
      return schedules.get(clinicianId)
          .map(s -> s != null ? s : new Schedule(clinicianId, java.util.List.of(), java.util.List.of()));
    });
  }
}
