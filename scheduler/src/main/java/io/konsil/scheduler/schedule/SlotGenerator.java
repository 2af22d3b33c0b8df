package io.konsil.scheduler.schedule;

import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a schedule into slots for a rolling horizon. Slot ids are derived from clinician and local start time, so
 * generating the same period twice yields the same ids (idempotent loading, stable links).
 */
public final class SlotGenerator {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");

  private SlotGenerator() {}

  /** Slots of {@code days} days from {@code firstDay} that start after {@code notBefore}. */
  public static List<Slot> generate(Clinician clinician, Hospital hospital, Schedule schedule, LocalDate firstDay,
                                    int days, Instant notBefore, ZoneId zone) {
    List<Slot> slots = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      LocalDate date = firstDay.plusDays(d);
      for (Block block : schedule.blocksOn(date)) {
        LocalTime t = block.start();
        while (!t.plusMinutes(block.slotMinutes()).isAfter(block.end()) && t.plusMinutes(block.slotMinutes()).isAfter(t)) {
          Instant start = LocalDateTime.of(date, t).atZone(zone).toInstant();
          Instant end = LocalDateTime.of(date, t.plusMinutes(block.slotMinutes())).atZone(zone).toInstant();
          if (start.isAfter(notBefore)) {
            slots.add(slot(clinician, hospital, block, LocalDateTime.of(date, t), start, end));
          }
          t = t.plusMinutes(block.slotMinutes());
        }
      }
    }
    return slots;
  }

  public static String slotId(String clinicianId, LocalDateTime localStart) {
    return clinicianId + "-" + ID_TIME.format(localStart);
  }

  private static Slot slot(Clinician c, Hospital h, Block block, LocalDateTime localStart, Instant start, Instant end) {
    return Slot.free(slotId(c.id(), localStart), c.id(), h.code(), h.region(), c.primarySpecialty(), block.mode(),
        c.languages(), start, end);
  }
}
