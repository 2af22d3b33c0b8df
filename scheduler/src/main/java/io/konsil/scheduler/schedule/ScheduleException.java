package io.konsil.scheduler.schedule;

import java.time.LocalDate;
import java.util.List;

/** Replaces the weekly hours of one date; no blocks means a day off. */
public record ScheduleException(LocalDate date, List<Block> blocks) {
  public ScheduleException {
    blocks = List.copyOf(blocks);
  }
}
