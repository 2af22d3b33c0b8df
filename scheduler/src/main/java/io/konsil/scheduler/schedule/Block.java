package io.konsil.scheduler.schedule;

import io.konsil.scheduler.booking.SlotMode;
import java.time.LocalTime;

/** A period of working hours cut into slots of {@code slotMinutes}. */
public record Block(LocalTime start, LocalTime end, SlotMode mode, int slotMinutes) {

  public boolean overlaps(Block other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }
}
