package io.konsil.scheduler.agenda;

import io.konsil.common.presence.Presence;
import io.konsil.common.presence.PresenceState;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.store.Stores;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves appointments along with real presence: booked → arrived when the patient enters the lobby, → in-progress when
 * the patient is in the call (admitted), → fulfilled when the last participant leaves after it was in progress (and
 * the referral, if any, → completed). Moves that are not allowed (e.g. a cancelled appointment) are ignored.
 */
public final class PresenceFollower implements Presence.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceFollower.class);
  private static final Set<PresenceState> STILL_THERE =
      EnumSet.of(PresenceState.IN_LOBBY, PresenceState.IN_CALL, PresenceState.RECONNECTING);

  private final Stores stores;
  private final Presence presence;

  public PresenceFollower(Stores stores, Presence presence) {
    this.stores = stores;
    this.presence = presence;
  }

  @Override
  public void changed(String room, String userId, PresenceState state) {
    stores.booking().appointmentByRoom(room)
        .compose(a -> a == null ? Future.succeededFuture() : follow(a, userId, state))
        .onFailure(e -> LOG.debug("presence change not applied to room appointment: {}", e.getMessage()));
  }

  private Future<?> follow(Appointment a, String userId, PresenceState state) {
    boolean isPatient = a.patientId() != null ? a.patientId().equals(userId) : !userId.equals(a.clinicianId());
    if (state == PresenceState.IN_LOBBY && isPatient && a.status() == AppointmentStatus.BOOKED) {
      return stores.booking().transition(a.id(), AppointmentStatus.ARRIVED);
    }
    if (state == PresenceState.IN_CALL && isPatient
        && (a.status() == AppointmentStatus.BOOKED || a.status() == AppointmentStatus.ARRIVED)) {
      return stores.booking().transition(a.id(), AppointmentStatus.IN_PROGRESS);
    }
    if (state == PresenceState.LEFT && a.status() == AppointmentStatus.IN_PROGRESS) {
      return presence.inRoom(a.room()).compose(states -> {
        if (states.values().stream().anyMatch(STILL_THERE::contains)) {
          return Future.succeededFuture();
        }
        return stores.booking().transition(a.id(), AppointmentStatus.FULFILLED).compose(done ->
            done.referralId() == null ? Future.succeededFuture()
                : stores.referrals().transition(done.referralId(), ReferralStatus.SCHEDULED, ReferralStatus.COMPLETED,
                    null, null, null));
      });
    }
    return Future.succeededFuture();
  }
}
