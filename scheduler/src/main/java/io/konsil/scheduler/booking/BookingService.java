package io.konsil.scheduler.booking;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException.FieldProblem;
import io.konsil.common.room.RoomName;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.referral.ReferralStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Earliest-slot search, hold, book, cancel, reschedule and join. Authorization by party lives here. */
public final class BookingService {
  public static final String GENERAL_PRACTICE = "general-practice";

  private final BookingStore bookings;
  private final ReferralStore referrals;
  private final NetworkStore network;
  private final Clock clock;
  private final KonsilConfig.Booking config;
  private final BookingMetrics metrics;
  private final JoinToken.Minter minter;

  public BookingService(BookingStore bookings, ReferralStore referrals, NetworkStore network, Clock clock,
                        KonsilConfig.Booking config, BookingMetrics metrics, JoinToken.Minter minter) {
    this.bookings = bookings;
    this.referrals = referrals;
    this.network = network;
    this.clock = clock;
    this.config = config;
    this.metrics = metrics;
    this.minter = minter;
  }

  public Clock clock() {
    return clock;
  }

  public Future<SlotPage> search(SlotQuery query) {
    long started = System.nanoTime();
    return bookings.search(query, clock.instant())
        .onComplete(r -> metrics.search().record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
  }

  public Future<Hold> hold(Caller caller, String slotId) {
    return countConflicts(bookings.hold(slotId, caller.id(), config.holdTtl(), clock.instant()));
  }

  /** Gives the caller's hold back; releasing what is not (or no longer) theirs changes nothing. */
  public Future<Boolean> release(Caller caller, String slotId, String holdId) {
    return bookings.release(slotId, holdId, caller.id(), clock.instant());
  }

  /** What a booking asks for; {@code patientId} is the caller for patients, required from clinicians booking for one. */
  public record BookRequest(String slotId, String holdId, AppointmentKind kind, String referralId, String patientId,
                            String patientName) {
    /**
     * What identifies the request behind an Idempotency-Key: the same key with another fingerprint is refused. One
     * definition for every door to booking (/api/v1, FHIR), so a retry through either is recognised.
     */
    public String fingerprint() {
      return new io.vertx.core.json.JsonObject().put("slotId", slotId).put("holdId", holdId)
          .put("kind", kind == null ? null : kind.wire()).put("referralId", referralId).put("patientId", patientId)
          .put("patientName", patientName).encode();
    }
  }

  /** Roles that hold and book slots; interpreters and observers only ever enter rooms they are invited to. */
  public static final List<Role> BOOKERS = List.of(Role.PATIENT, Role.GP, Role.SPECIALIST, Role.NURSE, Role.ADMIN);

  public Future<Booked> book(Caller caller, BookRequest req, String idempotencyKey, String fingerprint) {
    return bookings.replay(caller.id(), idempotencyKey, fingerprint).compose(replayed -> {
      if (replayed != null) {
        return Future.succeededFuture(replayed);
      }
      return bookings.slot(req.slotId()).compose(slot -> {
        if (slot == null) {
          return Future.failedFuture(SchedulerError.notFound("Slot"));
        }
        return checkReferral(req, slot).compose(v -> {
          AppointmentKind kind = req.kind() != null ? req.kind()
              : GENERAL_PRACTICE.equals(slot.specialty()) ? AppointmentKind.GP_CONSULTATION
              : AppointmentKind.SPECIALIST_CONSULTATION;
          BookCommand command = new BookCommand(caller.id(), idempotencyKey, fingerprint, req.slotId(), req.holdId(),
              req.patientId(), req.patientName(), kind, req.referralId(), "a-" + UUID.randomUUID(), RoomName.newRoom(),
              clock.instant());
          return countConflicts(bookings.book(command));
        });
      }).compose(booked -> booked.created() && req.referralId() != null ? linkReferral(booked) : Future.succeededFuture(booked))
          .onSuccess(booked -> {
            if (booked.created()) {
              metrics.bookings().increment();
            }
          });
    });
  }

  private Future<Void> checkReferral(BookRequest req, Slot slot) {
    if (req.referralId() == null) {
      return Future.succeededFuture();
    }
    return referrals.get(req.referralId()).compose(r -> {
      if (r == null || !r.patientId().equals(req.patientId())) {
        return Future.failedFuture(SchedulerError.notFound("Referral"));
      }
      if (r.status() != ReferralStatus.ASSESSED || !r.specialty().equals(slot.specialty())) {
        return Future.failedFuture(SchedulerError.REFERRAL_NOT_BOOKABLE.error(
            "The referral must be assessed and the slot of its specialty",
            List.of(new FieldProblem("referralId",
                "referral is " + r.status().wire() + " for " + r.specialty()))));
      }
      return Future.succeededFuture();
    });
  }

  /** The referral moves to scheduled; if another booking got there first, this booking is undone (slot freed). */
  private Future<Booked> linkReferral(Booked booked) {
    Appointment a = booked.appointment();
    return referrals
        .transition(a.referralId(), ReferralStatus.ASSESSED, ReferralStatus.SCHEDULED, null, null, a.id())
        .map(r -> booked)
        .recover(e -> bookings.cancel(a.id(), clock.instant())
            .transform(x -> Future.failedFuture(SchedulerError.REFERRAL_ALREADY_SCHEDULED.error(
                "The referral was scheduled by another booking"))));
  }

  public Future<Appointment> cancel(Caller caller, String id) {
    return partyOrAdmin(caller, id)
        .compose(a -> bookings.cancel(a.id(), clock.instant()))
        .compose(cancelled -> {
          if (cancelled.referralId() == null) {
            return Future.succeededFuture(cancelled);
          }
          // The referral is bookable again; it may already have moved on (completed elsewhere), which is fine.
          return referrals
              .transition(cancelled.referralId(), ReferralStatus.SCHEDULED, ReferralStatus.ASSESSED, null, null, null)
              .transform(x -> Future.succeededFuture(cancelled));
        });
  }

  public Future<Appointment> reschedule(Caller caller, String id, String slotId, String holdId) {
    return partyOrAdmin(caller, id).compose(a -> bookings.slot(slotId).compose(slot -> {
      if (slot == null) {
        return Future.failedFuture(SchedulerError.notFound("Slot"));
      }
      if (a.referralId() != null && !slot.specialty().equals(a.specialty())) {
        return Future.failedFuture(SchedulerError.REFERRAL_NOT_BOOKABLE.error(
            "A referred appointment moves only to a slot of the referral's specialty",
            List.of(new FieldProblem("slotId", "slot is not " + a.specialty()))));
      }
      return countConflicts(bookings.reschedule(a.id(), slotId, holdId, caller.id(), clock.instant()));
    }));
  }

  /** The caller's view of an appointment: patients their own, clinicians their own and their hospital's, admins all. */
  public Future<Appointment> visible(Caller caller, String id) {
    return bookings.appointment(id).compose(a -> {
      if (a == null || !mayView(caller, a)) {
        return Future.failedFuture(SchedulerError.notFound("Appointment"));
      }
      return Future.succeededFuture(a);
    });
  }

  /** Any appointment by id, for an emergency read (the route checks the role and logs the reason); 404 if none. */
  public Future<Appointment> anyAppointment(String id) {
    return bookings.appointment(id).compose(a -> a == null ? Future.failedFuture(SchedulerError.notFound("Appointment"))
        : Future.succeededFuture(a));
  }

  public static boolean mayView(Caller caller, Appointment a) {
    if (a.isParty(caller.id()) || caller.role() == Role.ADMIN) {
      return true;
    }
    return caller.role().isClinician() && caller.hospital() != null && caller.hospital().equals(a.hospital());
  }

  private Future<Appointment> partyOrAdmin(Caller caller, String id) {
    return bookings.appointment(id).compose(a -> {
      if (a == null || !(a.isParty(caller.id()) || caller.role() == Role.ADMIN)) {
        return Future.failedFuture(SchedulerError.notFound("Appointment"));
      }
      return Future.succeededFuture(a);
    });
  }

  /** The clinician's own agenda (the appointments at them, not those they booked for others), by start. */
  public Future<List<Appointment>> agenda(Caller caller, Instant from, Instant to) {
    return bookings.appointmentsOfClinician(caller.id(), from, to);
  }

  /**
   * The caller's own appointments: a patient's; a clinician's or admin's agenda together with the appointments they
   * booked for patients at other clinicians (bookedBy: they are a party to those, with a party's rights), by start.
   */
  public Future<List<Appointment>> mine(Caller caller, Instant from, Instant to) {
    if (caller.role() == Role.PATIENT) {
      return bookings.appointmentsOfPatient(caller.id());
    }
    Future<List<Appointment>> agenda = bookings.appointmentsOfClinician(caller.id(), from, to);
    Future<List<Appointment>> booked = bookings.appointmentsBookedBy(caller.id(), from, to);
    return Future.all(agenda, booked).map(both -> {
      java.util.Map<String, Appointment> byId = new java.util.LinkedHashMap<>();
      agenda.result().forEach(a -> byId.put(a.id(), a));
      booked.result().forEach(a -> byId.putIfAbsent(a.id(), a));
      return byId.values().stream()
          .sorted(java.util.Comparator.comparing(Appointment::start).thenComparing(Appointment::id)).toList();
    });
  }

  /**
   * The appointments of a hospital's clinicians (the caller's hospital from the token, else from the network's
   * clinician record), by start time, for clinicians and admins; 403 {@code forbidden-role} for anyone else.
   */
  public Future<List<Appointment>> ofHospital(Caller caller, Instant from, Instant to) {
    if (!caller.role().isClinician() && caller.role() != Role.ADMIN) {
      return Future.failedFuture(SchedulerError.FORBIDDEN_ROLE.error(
          "Only clinicians and admins see a hospital's appointments"));
    }
    Future<String> hospital = caller.hospital() != null ? Future.succeededFuture(caller.hospital())
        : network.clinician(caller.id()).map(c -> c == null ? null : c.hospital());
    return hospital.compose(code -> code == null ? Future.succeededFuture(List.<Appointment>of())
        : network.clinicians().compose(clinicians -> {
          List<Future<List<Appointment>>> lists = clinicians.stream().filter(c -> code.equals(c.hospital()))
              .map(c -> bookings.appointmentsOfClinician(c.id(), from, to)).toList();
          return Future.all(lists).map(all -> lists.stream().flatMap(f -> f.result().stream())
              .filter(a -> code.equals(a.hospital()))
              .sorted(java.util.Comparator.comparing(Appointment::start).thenComparing(Appointment::id))
              .toList());
        }));
  }

  /** A room token for a party, inside [start - joinBefore, end + joinGrace]. */
  public Future<JoinToken> join(Caller caller, String id) {
    return bookings.appointment(id).compose(a -> {
      if (a == null || !a.isParty(caller.id())) {
        return Future.failedFuture(SchedulerError.notFound("Appointment"));
      }
      if (!a.status().isActive()) {
        return Future.failedFuture(SchedulerError.APPOINTMENT_NOT_ACTIVE.error(
            "The appointment is " + a.status().wire()));
      }
      Instant opens = a.start().minus(config.joinBefore());
      Instant closes = a.end().plus(config.joinGrace());
      Instant now = clock.instant();
      if (now.isBefore(opens) || now.isAfter(closes)) {
        return Future.failedFuture(SchedulerError.OUTSIDE_JOIN_WINDOW.error(
            "The consultation can be joined from " + opens + " to " + closes));
      }
      boolean moderator = caller.id().equals(a.clinicianId()) || caller.role().moderatesByDefault();
      return Future.succeededFuture(minter.forParty(caller, a.room(), moderator, closes));
    });
  }

  private <T> Future<T> countConflicts(Future<T> outcome) {
    return outcome.onFailure(e -> {
      if (SchedulerError.SLOT_UNAVAILABLE.is(e)) {
        metrics.conflicts().increment();
      }
    });
  }
}
