package io.konsil.scheduler.booking.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.Appointment;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Function;
import java.util.List;
import java.util.Objects;

/**
 * Reads appointments as their indexes promise, singly and in lists. By id: through the home index to the hospital that holds it, following
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

  /** The patient's appointments, by start. */
  Future<List<Appointment>> ofPatient(String patientId) {
    return gateway.call(c -> c.smembers(BookingKeys.patientAppointments(patientId)))
        .compose(this::byIds)
        .map(list -> sorted(list.stream().filter(a -> patientId.equals(a.patientId())).toList()));
  }

  /** The appointments {@code bookerId} booked for patients, starting in [from, to) (either may be null), by start. */
  Future<List<Appointment>> ofBooker(String bookerId, Instant from, Instant to) {
    return gateway.call(c -> c.smembers(BookingKeys.bookerAppointments(bookerId)))
        .compose(this::byIds)
        .map(list -> sorted(list.stream().filter(a -> bookerId.equals(a.bookedBy()))
            .filter(a -> (from == null || !a.start().isBefore(from)) && (to == null || a.start().isBefore(to)))
            .toList()));
  }

  /** The clinician's appointments starting in [from, to) (either may be null), by start. */
  Future<List<Appointment>> ofClinician(String clinicianId, Instant from, Instant to) {
    String min = from == null ? "-inf" : Long.toString(from.toEpochMilli());
    String max = to == null ? "+inf" : "(" + to.toEpochMilli();
    return acrossHospitals(gateway.call(c -> c.smembers(BookingKeys.clinicianHospitals(clinicianId))),
        hospital -> gateway.call(c -> c.zrangebyscore(BookingKeys.agenda(hospital, clinicianId), min, max)))
        .map(list -> sorted(list.stream().filter(a -> clinicianId.equals(a.clinicianId()))
            .filter(a -> (from == null || !a.start().isBefore(from)) && (to == null || a.start().isBefore(to)))
            .toList()));
  }

  /** Appointments booked for a referral, by start. */
  Future<List<Appointment>> withReferral() {
    return acrossHospitals(gateway.call(c -> c.smembers(BookingKeys.HOSPITALS)),
        hospital -> gateway.call(c -> c.smembers(BookingKeys.referred(hospital))))
        .map(list -> sorted(list.stream().filter(a -> a.referralId() != null).toList()));
  }

  /** The current appointments of one list per hospital. */
  private Future<List<Appointment>> acrossHospitals(Future<Set<String>> hospitals,
                                                    Function<String, Future<? extends Collection<String>>> ids) {
    return hospitals.compose(codes -> {
      List<Future<List<Appointment>>> lists = codes.stream()
          .map(hospital -> ids.apply(hospital).compose(found -> listed(hospital, found))).toList();
      return Future.all(lists).map(all -> lists.stream().flatMap(f -> f.result().stream()).toList());
    });
  }

  private static List<Appointment> sorted(List<Appointment> list) {
    return list.stream().sorted(Comparator.comparing(Appointment::start).thenComparing(Appointment::id)).toList();
  }
}
