package io.konsil.scheduler.agenda;

import io.konsil.common.presence.PresenceState;
import io.konsil.scheduler.booking.AppointmentStatus;
import java.util.Locale;

/** The agenda's live column, derived from the appointment status and the patient's presence in the room. */
public enum LiveStatus {
  NOT_ARRIVED, IN_LOBBY, IN_CALL, DONE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static LiveStatus of(AppointmentStatus status, PresenceState patient) {
    if (status == AppointmentStatus.FULFILLED) {
      return DONE;
    }
    if (patient == PresenceState.IN_CALL || patient == PresenceState.RECONNECTING) {
      return IN_CALL;
    }
    if (patient == PresenceState.IN_LOBBY) {
      return IN_LOBBY;
    }
    if (status == AppointmentStatus.IN_PROGRESS && patient == PresenceState.LEFT) {
      return DONE;
    }
    return NOT_ARRIVED;
  }
}
