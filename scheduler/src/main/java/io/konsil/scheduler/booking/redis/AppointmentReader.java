package io.konsil.scheduler.booking.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.Appointment;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Reads appointments as their indexes promise. By id: through the home index to the hospital that holds it, following
 * the tombstone a move to another hospital leaves behind. From a hospital's own lists (agendas, referred): only copies
 * that are current there — a tombstone is skipped, and a copy written by a move counts only once the old copy points
 * here. Index entries whose appointment was never written (a refused booking) find nothing and are dropped.
 */
final class AppointmentReader {
  /** More hops than a chain of interrupted moves can leave. */
  private static final int MAX_HOPS = 4;

  private final RedisGateway gateway;

  AppointmentReader(RedisGateway gateway) {
    this.gateway = gateway;
  }

  /** The copy a hospital holds, or null. */
  Future<StoredAppointment> at(String hospital, String id) {
    return gateway.call(c -> c.hgetall(BookingKeys.appointment(hospital, id)))
        .map(fields -> AppointmentHash.read(id, hospital, fields));
  }

  /** The current copy of the appointment, or null when there is none. */
  Future<StoredAppointment> current(String id) {
    return gateway.call(c -> c.get(BookingKeys.appointmentHome(id)))
        .compose(home -> home == null ? Future.succeededFuture() : follow(home, id, MAX_HOPS));
  }

  /** The copy at {@code hospital}, or where its tombstone points. */
  Future<StoredAppointment> follow(String hospital, String id, int hops) {
    return at(hospital, id).compose(copy -> copy == null || !copy.isTombstone() || hops == 0
        ? Future.succeededFuture(copy == null || copy.isTombstone() ? null : copy)
        : follow(copy.movedTo(), id, hops - 1));
  }

  Future<Appointment> byId(String id) {
    return current(id).map(copy -> copy == null ? null : copy.appointment());
  }

  Future<List<Appointment>> byIds(Collection<String> ids) {
    List<Future<Appointment>> found = ids.stream().map(this::byId).toList();
    return Future.all(found).map(all -> found.stream().map(Future::result).filter(Objects::nonNull).toList());
  }

  /** The appointments of one of {@code hospital}'s lists that are current there. */
  Future<List<Appointment>> listed(String hospital, Collection<String> ids) {
    List<Future<Appointment>> found = ids.stream()
        .map(id -> at(hospital, id).compose(copy -> currentHere(hospital, copy))).toList();
    return Future.all(found).map(all -> found.stream().map(Future::result).filter(Objects::nonNull).toList());
  }

  private Future<Appointment> currentHere(String hospital, StoredAppointment copy) {
    if (copy == null || copy.isTombstone()) {
      return Future.succeededFuture();
    }
    if (!copy.isUnconfirmedMove()) {
      return Future.succeededFuture(copy.appointment());
    }
    return at(copy.movingFrom(), copy.appointment().id())
        .map(origin -> origin != null && hospital.equals(origin.movedTo()) ? copy.appointment() : null);
  }
}
