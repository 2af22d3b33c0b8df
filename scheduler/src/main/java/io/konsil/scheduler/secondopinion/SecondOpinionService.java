package io.konsil.scheduler.secondopinion;

import io.konsil.common.room.RoomName;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException.FieldProblem;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.JoinToken;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.NetworkStore;
import io.konsil.scheduler.booking.BookCommand;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.error.SchedulerError;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Second opinions between clinicians. Accepting is first-wins (compare-and-set in the store). With a slot, the
 * slot (the accepting specialist's own) is booked first and released again if another specialist won meanwhile.
 */
public final class SecondOpinionService {
  /** How long an ad hoc ("now") consultation stays joinable. */
  static final Duration AD_HOC_LENGTH = Duration.ofMinutes(60);

  private final SecondOpinionStore secondOpinions;
  private final BookingStore bookings;
  private final NetworkStore network;
  private final Clock clock;
  private final KonsilConfig.Booking config;
  private final JoinToken.Minter minter;

  public SecondOpinionService(SecondOpinionStore secondOpinions, BookingStore bookings, NetworkStore network,
                              Clock clock, KonsilConfig.Booking config, JoinToken.Minter minter) {
    this.secondOpinions = secondOpinions;
    this.bookings = bookings;
    this.network = network;
    this.clock = clock;
    this.config = config;
    this.minter = minter;
  }

  public Future<SecondOpinion> create(Caller caller, String specialty, String question, String patientId,
                                      List<String> hospitals) {
    SecondOpinion so = new SecondOpinion("so-" + UUID.randomUUID(), caller.id(), caller.name(), caller.hospital(),
        specialty, question, patientId, hospitals, SecondOpinionStatus.OPEN, clock.instant(), null, null, null, null,
        null, null);
    return secondOpinions.put(so).map(so);
  }

  /** Specialists: open ones they could take, plus their own; others: the ones they asked or are the patient of. */
  public Future<List<SecondOpinion>> list(Caller caller) {
    return network.clinician(caller.id()).compose(me -> secondOpinions.list().map(all ->
        all.stream().filter(so -> so.isParty(caller.id()) || caller.role() == Role.ADMIN || mayAccept(me, so)).toList()));
  }

  private static boolean mayAccept(Clinician me, SecondOpinion so) {
    return me != null && me.role() == Role.SPECIALIST && so.status() == SecondOpinionStatus.OPEN
        && !me.id().equals(so.requesterId()) && me.specialties().contains(so.specialty())
        && (so.hospitals().isEmpty() || so.hospitals().contains(me.hospital()));
  }

  public Future<SecondOpinion> visible(Caller caller, String id) {
    return secondOpinions.get(id).compose(so -> {
      if (so == null) {
        return Future.failedFuture(SchedulerError.notFound("Second opinion"));
      }
      if (so.isParty(caller.id()) || caller.role() == Role.ADMIN) {
        return Future.succeededFuture(so);
      }
      return network.clinician(caller.id()).compose(me -> mayAccept(me, so) ? Future.succeededFuture(so)
          : Future.failedFuture(SchedulerError.notFound("Second opinion")));
    });
  }

  /** Accepts at the specialist's own free slot {@code slotId}, or ad hoc now when {@code slotId} is null. */
  public Future<SecondOpinion> accept(Caller caller, String id, String slotId) {
    return network.clinician(caller.id()).compose(me -> secondOpinions.get(id).compose(so -> {
      if (so == null || (!mayAccept(me, so) && !so.isParty(caller.id()))) {
        return Future.failedFuture(SchedulerError.notFound("Second opinion"));
      }
      if (so.status() != SecondOpinionStatus.OPEN || caller.id().equals(so.requesterId())) {
        return Future.failedFuture(SchedulerError.invalidTransition("Second opinion", so.status(),
            SecondOpinionStatus.ACCEPTED));
      }
      String room = RoomName.newRoom();
      if (slotId == null) {
        Instant now = clock.instant();
        return secondOpinions.accept(id, caller.id(), caller.name(), room, null, now, now.plus(AD_HOC_LENGTH));
      }
      return bookings.slot(slotId).compose(slot -> {
        if (slot == null) {
          return Future.failedFuture(SchedulerError.notFound("Slot"));
        }
        if (!slot.clinicianId().equals(caller.id())) {
          return Future.failedFuture(SchedulerError.INVALID_BODY.error("The slot must be your own",
              List.of(new FieldProblem("slotId", "not one of your slots"))));
        }
        BookCommand book = new BookCommand(caller.id(), "second-opinion:" + id, slotId, slotId, null, so.patientId(),
            null, AppointmentKind.SECOND_OPINION, null, "a-" + UUID.randomUUID(), room, clock.instant());
        return bookings.book(book).compose(booked -> secondOpinions
            .accept(id, caller.id(), caller.name(), room, booked.appointment().id(), slot.start(), slot.end())
            .recover(lost -> bookings.cancel(booked.appointment().id(), clock.instant())
                .transform(x -> Future.failedFuture(lost))));
      });
    }));
  }

  public Future<JoinToken> join(Caller caller, String id) {
    return secondOpinions.get(id).compose(so -> {
      if (so == null || !so.isParty(caller.id())) {
        return Future.failedFuture(SchedulerError.notFound("Second opinion"));
      }
      if (so.status() == SecondOpinionStatus.COMPLETED) {
        return Future.failedFuture(SchedulerError.SECOND_OPINION_NOT_ACTIVE.error(
            "This second opinion is completed: its call is over"));
      }
      if (so.status() != SecondOpinionStatus.ACCEPTED) {
        return Future.failedFuture(SchedulerError.SECOND_OPINION_NOT_ACCEPTED.error(
            "No specialist has accepted this second opinion yet"));
      }
      Instant opens = so.start().minus(config.joinBefore());
      Instant closes = so.end().plus(config.joinGrace());
      Instant now = clock.instant();
      if (now.isBefore(opens) || now.isAfter(closes)) {
        return Future.failedFuture(SchedulerError.OUTSIDE_JOIN_WINDOW.error(
            "The consultation can be joined from " + opens + " to " + closes));
      }
      boolean moderator = !caller.id().equals(so.patientId()) && caller.role().isClinician();
      return Future.succeededFuture(minter.forParty(caller, so.room(), moderator, closes));
    });
  }
}
