package io.konsil.scheduler.room;

import io.konsil.common.room.RoomDetails;
import io.konsil.common.room.RoomDirectory;
import io.konsil.common.room.RoomName;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStore;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * The scheduler's side of the {@link RoomDirectory} port: for the waiting room, which consultation a room belongs to —
 * an appointment's, or an accepted second opinion's — with the clinician who leads it, their hospital and the times.
 * Nothing about the patient or the reason for the visit. An ad hoc second opinion has no times.
 */
public final class ConsultationDirectory implements RoomDirectory {
  private final BookingStore bookings;
  private final SecondOpinionStore secondOpinions;
  private final NetworkStore network;

  public ConsultationDirectory(BookingStore bookings, SecondOpinionStore secondOpinions, NetworkStore network) {
    this.bookings = bookings;
    this.secondOpinions = secondOpinions;
    this.network = network;
  }

  @Override
  public Future<RoomDetails> details(String room) {
    if (room == null) {
      return Future.succeededFuture();
    }
    return find(room).compose(found -> found != null || RoomName.key(room).equals(room) ? Future.succeededFuture(found)
        : find(RoomName.key(room)));
  }

  /** What the directory says about a room: who leads it, at which hospital, when; before names are looked up. */
  private record Owner(String room, String clinicianId, String clinicianName, String hospital, Instant start,
                       Instant end, String kind) {}

  private Future<RoomDetails> find(String room) {
    return bookings.appointmentByRoom(room).compose(a -> a != null ? Future.succeededFuture(of(a))
        : secondOpinions.byRoom(room).map(ConsultationDirectory::of))
        .compose(owner -> owner == null ? Future.succeededFuture() : named(owner));
  }

  private static Owner of(Appointment a) {
    return new Owner(a.room(), a.clinicianId(), null, a.hospital(), a.start(), a.end(), a.kind().wire());
  }

  /** An accepted second opinion met ad hoc (no appointment) has no times; one not accepted yet has no room. */
  private static Owner of(SecondOpinion so) {
    if (so == null || so.acceptedBy() == null) {
      return null;
    }
    boolean atSlot = so.appointmentId() != null;
    return new Owner(so.room(), so.acceptedBy(), so.acceptedByName(), null, atSlot ? so.start() : null,
        atSlot ? so.end() : null, AppointmentKind.SECOND_OPINION.wire());
  }

  private Future<RoomDetails> named(Owner o) {
    return network.clinician(o.clinicianId()).compose((Clinician c) -> {
      String hospitalCode = o.hospital() != null ? o.hospital() : c == null ? null : c.hospital();
      String name = c != null ? c.name() : o.clinicianName();
      return network.hospital(hospitalCode).map((Hospital h) -> new RoomDetails(o.room(), o.clinicianId(), name,
          hospitalCode, h == null ? null : h.name(), o.start(), o.end(), o.kind()));
    });
  }
}
