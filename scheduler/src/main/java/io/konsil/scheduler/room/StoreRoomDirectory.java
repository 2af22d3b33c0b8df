package io.konsil.scheduler.room;

import io.konsil.common.room.RoomDetails;
import io.konsil.common.room.RoomDirectory;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.store.Stores;
import io.vertx.core.Future;

/**
 * Which consultation a room belongs to, from the booking and second-opinion stores, with the clinician's and the
 * hospital's names from the network store, for the waiting room. A room of an appointment names its clinician; a
 * second opinion's room names the specialist who accepted it.
 */
public final class StoreRoomDirectory implements RoomDirectory {
  private final Stores stores;

  public StoreRoomDirectory(Stores stores) {
    this.stores = stores;
  }

  @Override
  public Future<RoomDetails> details(String room) {
    return stores.booking().appointmentByRoom(room).compose(a -> a != null ? ofAppointment(room, a)
        : stores.secondOpinions().byRoom(room).compose(so -> so == null ? Future.succeededFuture(null)
            : ofSecondOpinion(room, so)));
  }

  private Future<RoomDetails> ofAppointment(String room, Appointment a) {
    return stores.network().clinician(a.clinicianId()).compose(c ->
        stores.network().hospital(a.hospital()).map(h -> new RoomDetails(room, a.clinicianId(),
            c == null ? null : c.name(), a.hospital(), h == null ? null : h.name(), a.start(), a.end(),
            a.kind().wire())));
  }

  private Future<RoomDetails> ofSecondOpinion(String room, SecondOpinion so) {
    Future<Clinician> specialist = so.acceptedBy() == null ? Future.succeededFuture(null)
        : stores.network().clinician(so.acceptedBy());
    return specialist.compose(c -> {
      String hospital = c == null ? null : c.hospital();
      Future<String> hospitalName = hospital == null ? Future.succeededFuture(null)
          : stores.network().hospital(hospital).map(h -> h == null ? null : h.name());
      return hospitalName.map(name -> new RoomDetails(room, so.acceptedBy(),
          c != null ? c.name() : so.acceptedByName(), hospital, name, so.start(), so.end(), "second-opinion"));
    });
  }
}
