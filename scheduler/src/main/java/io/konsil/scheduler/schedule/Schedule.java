package io.konsil.scheduler.schedule;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A clinician's weekly working hours and the dated exceptions to them. */
public record Schedule(String clinicianId, List<WeeklyHours> weekly, List<ScheduleException> exceptions) {

  public Schedule {
    weekly = List.copyOf(weekly);
    exceptions = List.copyOf(exceptions);
  }

  /** The blocks worked on {@code date}: an exception for that date wins over the weekly hours. */
  public List<Block> blocksOn(LocalDate date) {
    for (ScheduleException e : exceptions) {
      if (e.date().equals(date)) {
        return e.blocks();
      }
    }
    List<Block> blocks = new ArrayList<>();
    for (WeeklyHours w : weekly) {
      if (w.day() == date.getDayOfWeek()) {
        blocks.add(w.block());
      }
    }
    return blocks;
  }
}
