package io.konsil.scheduler.agenda;

import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.BookingStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** A clinician's day list with live presence from signaling. */
public final class Agenda {
  private final BookingStore bookings;
  private final Presence presence;
  private final ZoneId zone;

  public Agenda(BookingStore bookings, Presence presence, ZoneId zone) {
    this.bookings = bookings;
    this.presence = presence;
    this.zone = zone;
  }

  public Future<List<AgendaEntry>> day(String clinicianId, LocalDate date) {
    Instant from = date.atStartOfDay(zone).toInstant();
    Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
    return bookings.appointmentsOfClinician(clinicianId, from, to).compose(list -> Future.all(
        list.stream().map(this::entry).toList()).map(all -> all.<AgendaEntry>list()));
  }

  private Future<AgendaEntry> entry(Appointment a) {
    // Presence is best effort: an unreachable signaling layer must not take the agenda down.
    return presence.inRoom(a.room())
        .otherwise(Map.of())
        .map(states -> {
          PresenceState patient = a.patientId() == null ? null : states.get(a.patientId());
          return new AgendaEntry(a, LiveStatus.of(a.status(), patient));
        });
  }
}
