package io.konsil.scheduler.booking;

import java.util.Locale;

/**
 * booked → arrived (patient in the lobby) → in-progress (admitted into the call) → fulfilled (everyone left after the
 * call); booked/arrived → cancelled or no-show. Presence may skip arrived (a patient admitted at once). The allowed moves
 * live here and nowhere else.
 */
public enum AppointmentStatus {
  BOOKED, ARRIVED, IN_PROGRESS, FULFILLED, CANCELLED, NO_SHOW;

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public boolean mayMoveTo(AppointmentStatus next) {
    return switch (this) {
      case BOOKED -> next == ARRIVED || next == IN_PROGRESS || next == CANCELLED || next == NO_SHOW;
      case ARRIVED -> next == IN_PROGRESS || next == CANCELLED || next == NO_SHOW;
      case IN_PROGRESS -> next == FULFILLED;
      case FULFILLED, CANCELLED, NO_SHOW -> false;
    };
  }

  /** Still holding its slot and its room. */
  public boolean isActive() {
    return this == BOOKED || this == ARRIVED || this == IN_PROGRESS;
  }

  public static AppointmentStatus fromWire(String value) {
    for (AppointmentStatus s : values()) {
      if (s.wire().equals(value)) {
        return s;
      }
    }
    return null;
  }
}
