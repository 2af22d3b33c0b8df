package io.konsil.scheduler.booking.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.BookCommand;
import io.konsil.scheduler.booking.Booked;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.booking.Hold;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotPage;
import io.konsil.scheduler.booking.SlotQuery;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.redis.Records;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Slots, holds and appointments in Redis, shared by every node of the network. Each change of who has a slot is one
 * function of {@code konsil_booking_v1} on the slot's hospital ({@link BookingFunctions}); the indexes that find data
 * by other keys are written before it and checked by readers ({@link BookingKeys}, {@link AppointmentReader}). With
 * {@code --redis-wait-replicas N}, a hold, booking, cancel or reschedule is acknowledged only once N replicas have it
 * ({@code WAIT}); if they do not confirm in time the caller gets 503 {@code store-unavailable} although the change may
 * have been made — a retry with the same Idempotency-Key then returns it.
 */
public final class RedisBookingStore implements BookingStore {
  /** Rounds of read-decide-write when another change of the same appointment got in between. */
  private static final int ATTEMPTS = 8;

  private final RedisGateway gateway;
  private final BookingFunctions functions;
  private final AppointmentReader appointments;
  private final Idempotency idempotency;
  private final SlotSearch search;
  private final CrossHospitalMove moves;
  private final KnownHospitals hospitals;
  private final SlotWriter slotWriter;

  public RedisBookingStore(RedisGateway gateway) {
    this.gateway = gateway;
    this.functions = new BookingFunctions(gateway);
    this.appointments = new AppointmentReader(gateway);
    this.idempotency = new Idempotency(gateway, new Records(gateway));
    this.hospitals = new KnownHospitals(gateway);
    this.search = new SlotSearch(gateway, functions, hospitals);
    this.slotWriter = new SlotWriter(gateway, functions, hospitals);
    this.moves = new CrossHospitalMove(gateway, functions);
  }

  /** The functions library, for the start step that loads it ({@code FUNCTION LOAD}). */
  public static io.konsil.common.redis.Library library() {
    return BookingFunctions.LIBRARY;
  }

  // ---- slots

  @Override
  public Future<Integer> addSlots(List<Slot> slots) {
    return slotWriter.add(slots);
  }

  @Override
  public Future<Integer> replaceFreeSlots(String clinicianId, Instant from, List<Slot> slots) {
    return slotWriter.replaceFree(clinicianId, from, slots);
  }

  @Override
  public Future<Slot> slot(String id) {
    if (id == null) {
      return Future.succeededFuture();
    }
    return hospitalOf(id).compose(hospital -> hospital == null ? Future.succeededFuture()
        : gateway.call(c -> c.hgetall(BookingKeys.slot(hospital, id)))
            .map(fields -> SlotHash.read(id, hospital, fields)));
  }

  private Future<String> hospitalOf(String slotId) {
    return gateway.call(c -> c.get(BookingKeys.slotHome(slotId)));
  }

  @Override
  public Future<SlotPage> search(SlotQuery query, Instant now) {
    return search.search(query, now);
  }

  // ---- holding and booking

  @Override
  public Future<Hold> hold(String slotId, String holderId, Duration ttl, Instant now) {
    Hold hold = new Hold("h-" + UUID.randomUUID(), slotId, holderId, now.plus(ttl).truncatedTo(ChronoUnit.MILLIS));
    return hospitalOf(slotId).compose(hospital -> hospital == null
        ? Future.failedFuture(SchedulerError.notFound("Slot"))
        : functions.hold(hospital, slotId, hold.holdId(), holderId, hold.expiresAt(), now).compose(reply ->
            reply.is("held") ? acknowledged(hold, List.of(BookingKeys.root(hospital)))
                : Future.failedFuture(reply.refusal())));
  }

  @Override
  public Future<Boolean> release(String slotId, String holdId, String holderId, Instant now) {
    return hospitalOf(slotId).compose(hospital -> hospital == null
        ? Future.failedFuture(SchedulerError.notFound("Slot"))
        : functions.releaseHold(hospital, slotId, holdId, holderId, now).compose(reply -> switch (reply.outcome()) {
          case "released" -> Future.succeededFuture(true);
          case "kept" -> Future.succeededFuture(false);
          default -> Future.failedFuture(reply.refusal());
        }));
  }

  @Override
  public Future<Booked> replay(String callerId, String idempotencyKey, String fingerprint) {
    return idempotency.earlier(callerId, idempotencyKey, fingerprint).compose(id -> id == null
        ? Future.succeededFuture()
        : appointments.byId(id).map(a -> a == null ? null : new Booked(a, false)));
  }

  @Override
  public Future<Booked> book(BookCommand c) {
    return idempotency.claim(c).compose(claim -> hospitalOf(c.slotId()).compose(hospital -> {
      if (hospital == null) {
        return idempotency.giveUp(claim, SchedulerError.notFound("Slot"));
      }
      return likelyBookable(claim, hospital, c).compose(likely -> {
        if (!likely) {
          return idempotency.giveUp(claim, SchedulerError.slotUnavailable());
        }
        String id = claim.appointmentId();
        String bookedBy = c.callerId().equals(c.patientId()) ? null : c.callerId();
        return indexAhead(hospital, id, c.patientId(), c.room(), bookedBy)
            .compose(v -> functions.book(hospital, c.slotId(), c.holdId(), c.callerId(), c.now(), id, claim.ours(),
                AppointmentHash.given(c.patientId(), c.patientName(), c.kind(), c.room(), c.referralId(), c.now(),
                    bookedBy)))
            .compose(reply -> switch (reply.outcome()) {
              case "created" -> acknowledged(new Booked(reply.appointment(id).appointment(), true),
                  written(hospital, claim.key(), id, c.patientId(), c.room(), bookedBy));
              case "replayed" -> appointments.byId(id).map(a -> new Booked(a, false));
              default -> idempotency.giveUp(claim, reply.refusal());
            });
      });
    }));
  }

  /**
   * A first attempt refused at once when the slot is plainly taken, so that a lost race writes no index entries (a
   * slot raced by many patients would leave one per loser). The function decides; this only saves work.
   */
  private Future<Boolean> likelyBookable(Idempotency.Claim claim, String hospital, BookCommand c) {
    if (!claim.ours()) {
      return Future.succeededFuture(true);
    }
    return gateway.call(r -> r.hgetall(BookingKeys.slot(hospital, c.slotId()))).map(fields -> {
      Slot s = SlotHash.read(c.slotId(), hospital, fields);
      return s == null || s.isBookableBy(c.holdId(), c.callerId(), c.now());
    });
  }

  /** The appointment's home, its patient's and its booker's lists and its room, before the booking that writes it. */
  private Future<Void> indexAhead(String hospital, String appointmentId, String patientId, String room,
                                  String bookedBy) {
    List<Future<?>> writes = new ArrayList<>();
    writes.add(gateway.call(c -> c.set(BookingKeys.appointmentHome(appointmentId), hospital)));
    if (patientId != null) {
      writes.add(gateway.call(c -> c.sadd(BookingKeys.patientAppointments(patientId), appointmentId)));
    }
    if (bookedBy != null) {
      writes.add(gateway.call(c -> c.sadd(BookingKeys.bookerAppointments(bookedBy), appointmentId)));
    }
    if (room != null) {
      writes.add(gateway.call(c -> c.set(BookingKeys.roomAppointment(room), appointmentId)));
    }
    return Future.all(writes).mapEmpty();
  }

  // ---- changing an appointment

  @Override
  public Future<Appointment> cancel(String appointmentId, Instant now) {
    return change(appointmentId, a -> {
      if (!a.status().mayMoveTo(AppointmentStatus.CANCELLED)) {
        return Future.failedFuture(SchedulerError.invalidTransition("Appointment", a.status(),
            AppointmentStatus.CANCELLED));
      }
      return functions.cancel(a.hospital(), a.id(), a.status().wire());
    }).compose(a -> acknowledged(a, List.of(BookingKeys.root(a.hospital()))));
  }

  @Override
  public Future<Appointment> transition(String appointmentId, AppointmentStatus next) {
    return change(appointmentId, a -> a.status().mayMoveTo(next)
        ? functions.transition(a.hospital(), a.id(), a.status().wire(), next.wire())
        : Future.failedFuture(SchedulerError.invalidTransition("Appointment", a.status(), next)));
  }

  @Override
  public Future<Appointment> reschedule(String appointmentId, String newSlotId, String holdId, String holderId,
                                        Instant now) {
    List<String> movedFrom = new java.util.concurrent.CopyOnWriteArrayList<>();
    return change(appointmentId, a -> {
      if (a.status() != AppointmentStatus.BOOKED && a.status() != AppointmentStatus.ARRIVED) {
        return Future.failedFuture(SchedulerError.invalidTransition("Appointment", a.status(),
            AppointmentStatus.BOOKED));
      }
      return hospitalOf(newSlotId).compose(to -> {
        if (to == null) {
          return Future.failedFuture(SchedulerError.notFound("Slot"));
        }
        if (to.equals(a.hospital())) {
          return functions.reschedule(to, a.id(), a.status().wire(), newSlotId, holdId, holderId, now);
        }
        movedFrom.add(a.hospital());
        return moves.run(a, to, newSlotId, holdId, holderId, now);
      });
    }).compose(moved -> {
      List<String> written = new ArrayList<>(List.of(BookingKeys.root(moved.hospital()),
          BookingKeys.appointmentHome(moved.id())));
      movedFrom.forEach(h -> written.add(BookingKeys.root(h)));
      return acknowledged(moved, written);
    });
  }

  /**
   * Reads the appointment, lets {@code step} decide and call the function with the status it read; when the function
   * answers that the appointment changed meanwhile, reads again. The status rules stay in {@link AppointmentStatus}.
   */
  private Future<Appointment> change(String id, Function<Appointment, Future<Reply>> step) {
    return change(id, step, ATTEMPTS);
  }

  private Future<Appointment> change(String id, Function<Appointment, Future<Reply>> step, int attemptsLeft) {
    return appointments.byId(id).compose(a -> {
      if (a == null) {
        return Future.failedFuture(SchedulerError.notFound("Appointment"));
      }
      return step.apply(a).compose(reply -> {
        if (reply.is(Reply.CHANGED)) {
          return attemptsLeft > 1 ? change(id, step, attemptsLeft - 1)
              : Future.failedFuture(SchedulerError.INVALID_TRANSITION.error("The appointment kept changing; try again"));
        }
        if (reply.is("not-found") || reply.is("slot-unavailable")) {
          return Future.failedFuture(reply.refusal());
        }
        return Future.succeededFuture(reply.appointment(id).appointment());
      });
    });
  }

  @Override
  public Future<Void> restore(Slot bookedSlot, Appointment a) {
    String hospital = bookedSlot.hospital();
    List<Future<?>> ahead = new ArrayList<>();
    ahead.add(gateway.call(c -> c.sadd(BookingKeys.HOSPITALS, hospital)));
    ahead.add(gateway.call(c -> c.sadd(BookingKeys.clinicianHospitals(bookedSlot.clinicianId()), hospital)));
    ahead.add(gateway.call(c -> c.set(BookingKeys.slotHome(bookedSlot.id()), hospital)));
    ahead.add(indexAhead(hospital, a.id(), a.patientId(), a.room(), a.bookedBy()));
    return Future.all(ahead).compose(v -> functions.restore(bookedSlot, a)).onSuccess(v -> hospitals.add(hospital));
  }

  // ---- reading appointments

  @Override
  public Future<Appointment> appointment(String id) {
    return id == null ? Future.succeededFuture() : appointments.byId(id);
  }

  @Override
  public Future<Appointment> appointmentByRoom(String room) {
    if (room == null) {
      return Future.succeededFuture();
    }
    return gateway.call(c -> c.get(BookingKeys.roomAppointment(room)))
        .compose(id -> id == null ? Future.succeededFuture() : appointments.byId(id))
        .map(a -> a != null && room.equals(a.room()) ? a : null);
  }

  @Override
  public Future<List<Appointment>> appointmentsOfPatient(String patientId) {
    return appointments.ofPatient(patientId);
  }

  @Override
  public Future<List<Appointment>> appointmentsOfClinician(String clinicianId, Instant from, Instant to) {
    return appointments.ofClinician(clinicianId, from, to);
  }

  @Override
  public Future<List<Appointment>> appointmentsBookedBy(String bookerId, Instant from, Instant to) {
    return appointments.ofBooker(bookerId, from, to);
  }

  @Override
  public Future<List<Appointment>> appointmentsWithReferral() {
    return appointments.withReferral();
  }

  // ----

  /**
   * {@code value} once every key the change wrote is on {@code --redis-wait-replicas} replicas: one WAIT on a single
   * server; on a cluster one per written key, each on the master that owns the key (WAIT counts one connection's
   * writes, and each master has its own).
   */
  private <T> Future<T> acknowledged(T value, List<String> written) {
    if (gateway.settings().waitReplicas() <= 0) {
      return Future.succeededFuture(value);
    }
    if (!gateway.isCluster()) {
      return gateway.confirmReplicas().map(value);
    }
    return Future.all(written.stream().map(gateway::confirmReplicas).toList()).map(value);
  }

  /** The keys a booking writes: the hospital's data and the indexes written ahead of it. */
  private static List<String> written(String hospital, String idempotencyKey, String appointmentId, String patientId,
                                      String room, String bookedBy) {
    List<String> keys = new ArrayList<>(List.of(BookingKeys.root(hospital), idempotencyKey,
        BookingKeys.appointmentHome(appointmentId)));
    if (patientId != null) {
      keys.add(BookingKeys.patientAppointments(patientId));
    }
    if (room != null) {
      keys.add(BookingKeys.roomAppointment(room));
    }
    if (bookedBy != null) {
      keys.add(BookingKeys.bookerAppointments(bookedBy));
    }
    return keys;
  }

}
