package io.konsil.scheduler.agenda;

import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.referral.ReferralStore;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import io.konsil.scheduler.secondopinion.SecondOpinionStore;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves appointments along with real presence: booked → arrived when the patient enters the lobby, → in-progress when
 * the patient is in the call (admitted), → fulfilled when the last participant leaves after it was in progress (and
 * the referral, if any, → completed). An accepted second opinion → completed when its room empties after a call
 * (someone was in the call; for one met at a booked slot, also when its appointment was in progress). Moves that are
 * not allowed (e.g. a cancelled appointment) are ignored.
 */
public final class PresenceFollower implements Presence.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceFollower.class);
  private static final Set<PresenceState> STILL_THERE =
      EnumSet.of(PresenceState.IN_LOBBY, PresenceState.IN_CALL, PresenceState.RECONNECTING);

  private final BookingStore bookings;
  private final ReferralStore referrals;
  private final SecondOpinionStore secondOpinions;
  private final Presence presence;
  /**
   * Second-opinion rooms in which this node saw someone in the call. An ad hoc second opinion has no appointment whose
   * status would record that a call took place; without it, a specialist who only looked into the lobby of an empty
   * room would complete it. Entries go when the room empties.
   */
  private final Set<String> secondOpinionCalls = ConcurrentHashMap.newKeySet();

  public PresenceFollower(BookingStore bookings, ReferralStore referrals, SecondOpinionStore secondOpinions,
                          Presence presence) {
    this.bookings = bookings;
    this.referrals = referrals;
    this.secondOpinions = secondOpinions;
    this.presence = presence;
  }

  @Override
  public void changed(String room, String userId, PresenceState state) {
    bookings.appointmentByRoom(room)
        .compose(a -> (a == null ? Future.succeededFuture() : follow(a, userId, state))
            .compose(v -> secondOpinions.byRoom(room))
            .compose(so -> so == null ? Future.succeededFuture() : followSecondOpinion(so, a, state)))
        .onFailure(e -> LOG.debug("presence change not applied to room appointment: {}", e.getMessage()));
  }

  private Future<?> followSecondOpinion(SecondOpinion so, Appointment a, PresenceState state) {
    if (so.status() != SecondOpinionStatus.ACCEPTED) {
      secondOpinionCalls.remove(so.room());
      return Future.succeededFuture();
    }
    if (state == PresenceState.IN_CALL) {
      secondOpinionCalls.add(so.room());
      return Future.succeededFuture();
    }
    if (state != PresenceState.LEFT) {
      return Future.succeededFuture();
    }
    return presence.inRoom(so.room()).compose(states -> {
      if (states.values().stream().anyMatch(STILL_THERE::contains)) {
        return Future.succeededFuture();
      }
      boolean hadCall = secondOpinionCalls.remove(so.room()) | (a != null && wasHeld(a));
      return hadCall ? secondOpinions.complete(so.id()).recover(e -> Future.succeededFuture())
          : Future.succeededFuture();
    });
  }

  /** The appointment of a second opinion met at a slot went in progress (possibly seen by another node). */
  private static boolean wasHeld(Appointment a) {
    return a.status() == AppointmentStatus.IN_PROGRESS || a.status() == AppointmentStatus.FULFILLED;
  }

  private Future<?> follow(Appointment a, String userId, PresenceState state) {
    boolean isPatient = a.patientId() != null ? a.patientId().equals(userId) : !userId.equals(a.clinicianId());
    if (state == PresenceState.IN_LOBBY && isPatient && a.status() == AppointmentStatus.BOOKED) {
      return bookings.transition(a.id(), AppointmentStatus.ARRIVED);
    }
    if (state == PresenceState.IN_CALL && isPatient
        && (a.status() == AppointmentStatus.BOOKED || a.status() == AppointmentStatus.ARRIVED)) {
      return bookings.transition(a.id(), AppointmentStatus.IN_PROGRESS);
    }
    if (state == PresenceState.LEFT && a.status() == AppointmentStatus.IN_PROGRESS) {
      return presence.inRoom(a.room()).compose(states -> {
        if (states.values().stream().anyMatch(STILL_THERE::contains)) {
          return Future.succeededFuture();
        }
        return bookings.transition(a.id(), AppointmentStatus.FULFILLED).compose(done ->
            done.referralId() == null ? Future.succeededFuture()
                : referrals.transition(done.referralId(), ReferralStatus.SCHEDULED, ReferralStatus.COMPLETED,
                    null, null, null));
      });
    }
    return Future.succeededFuture();
  }
}
