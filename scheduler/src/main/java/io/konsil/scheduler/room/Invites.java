package io.konsil.scheduler.room;

import io.konsil.common.audit.Basis;

import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.booking.JoinToken;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.secondopinion.SecondOpinionStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.UUID;

/**
 * Invitations into a running consultation (a colleague, an interpreter, a nurse, an observer). Only a clinician who is a
 * party to the appointment or second opinion owning the room may invite; the guest gets a short-lived token for that
 * room only. A guest specialist moderates by role; the others wait in the lobby to be admitted.
 */
public final class Invites {
  public static final Duration TTL = Duration.ofMinutes(30);

  private final BookingStore bookings;
  private final SecondOpinionStore secondOpinions;
  private final JoinToken.Minter minter;

  public Invites(BookingStore bookings, SecondOpinionStore secondOpinions, JoinToken.Minter minter) {
    this.bookings = bookings;
    this.secondOpinions = secondOpinions;
    this.minter = minter;
  }

  /** A guest's token, and the consultation's patient (for the audit trail; null for clinicians only). */
  public record Invitation(JoinToken token, String patientId, Basis basis) {}

  public Future<Invitation> invite(Caller caller, String room, Role role, String name) {
    return bookings.appointmentByRoom(room).compose(a -> {
      if (a != null) {
        return Future.succeededFuture(caller.id().equals(a.clinicianId())
            ? new Invitation(null, a.patientId(), Basis.of(Basis.Kind.APPOINTMENT, a.id())) : null);
      }
      return secondOpinions.byRoom(room).map(so -> so != null
          && (caller.id().equals(so.requesterId()) || caller.id().equals(so.acceptedBy()))
          ? new Invitation(null, so.patientId(), Basis.of(Basis.Kind.SECOND_OPINION, so.id())) : null);
    }).compose(party -> {
      if (party == null) {
        return Future.failedFuture(SchedulerError.notFound("Room"));
      }
      String guestName = name != null ? name : label(role);
      return Future.succeededFuture(new Invitation(
          minter.forGuest("guest-" + UUID.randomUUID(), guestName, role, room, TTL), party.patientId(), party.basis()));
    });
  }

  private static String label(Role role) {
    return switch (role) {
      case SPECIALIST -> "Invited specialist";
      case INTERPRETER -> "Interpreter";
      case NURSE -> "Nurse";
      default -> "Observer";
    };
  }
}
