package io.konsil.scheduler.referral;

import java.util.Locale;

public enum Priority {
  URGENT, NORMAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Priority fromWire(String value) {
    for (Priority p : values()) {
      if (p.wire().equals(value)) {
        return p;
      }
    }
    return null;
  }
}
