package io.konsil.scheduler.booking;

import java.util.Locale;

public enum AppointmentKind {
  GP_CONSULTATION, SPECIALIST_CONSULTATION, SECOND_OPINION;

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static AppointmentKind fromWire(String value) {
    for (AppointmentKind k : values()) {
      if (k.wire().equals(value)) {
        return k;
      }
    }
    return null;
  }
}
