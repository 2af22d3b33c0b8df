package io.konsil.scheduler.room;

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

  public Future<JoinToken> invite(Caller caller, String room, Role role, String name) {
    return bookings.appointmentByRoom(room).compose(a -> {
      if (a != null) {
        return Future.succeededFuture(caller.id().equals(a.clinicianId()));
      }
      return secondOpinions.byRoom(room).map(so -> so != null
          && (caller.id().equals(so.requesterId()) || caller.id().equals(so.acceptedBy())));
    }).compose(party -> {
      if (!party) {
        return Future.failedFuture(SchedulerError.notFound("Room"));
      }
      String guestName = name != null ? name : label(role);
      return Future.succeededFuture(minter.forGuest("guest-" + UUID.randomUUID(), guestName, role, room, TTL));
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
