package io.konsil.scheduler.booking;

import java.util.Locale;

public enum SlotMode {
  VIDEO, IN_PERSON;

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static SlotMode fromWire(String value) {
    for (SlotMode m : values()) {
      if (m.wire().equals(value)) {
        return m;
      }
    }
    return null;
  }
}
