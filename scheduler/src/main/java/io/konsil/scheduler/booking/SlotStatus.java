package io.konsil.scheduler.booking;

import java.util.Locale;
import java.util.Set;

/**
 * free → held → booked, free → booked directly, held → free when the hold expires, booked → free on cancel or
 * reschedule. The allowed moves live here and nowhere else.
 */
public enum SlotStatus {
  FREE, HELD, BOOKED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean mayMoveTo(SlotStatus next) {
    return switch (this) {
      case FREE -> next == HELD || next == BOOKED;
      case HELD -> next == BOOKED || next == FREE;
      case BOOKED -> next == FREE;
    };
  }

  public static Set<SlotStatus> bookable() {
    return Set.of(FREE, HELD);
  }
}
