package io.konsil.fhir.slot;

import io.konsil.fhir.vocabulary.FhirTime;
import io.konsil.fhir.directory.DirectoryMapping;
import io.konsil.fhir.vocabulary.Konsil;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Specialty;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.Slot.SlotStatus;

/**
 * Slots and schedules as FHIR. The status table (docs/fhir.md): free → free, held → busy-tentative, booked → busy;
 * FHIR's busy-unavailable is for blocked time, which Konsil never makes into slots (time off is simply not offered).
 */
public final class SlotMapping {
  private SlotMapping() {}

  public static SlotStatus status(io.konsil.scheduler.booking.SlotStatus status) {
    return switch (status) {
      case FREE -> SlotStatus.FREE;
      case HELD -> SlotStatus.BUSYTENTATIVE;
      case BOOKED -> SlotStatus.BUSY;
    };
  }

  public static Slot slot(io.konsil.scheduler.booking.Slot s, Instant now, List<Specialty> specialties) {
    Slot slot = new Slot();
    slot.setId(s.id());
    slot.setSchedule(new Reference("Schedule/" + s.clinicianId()));
    slot.setStatus(status(s.statusAt(now)));
    slot.setStartElement(FhirTime.instant(s.start()));
    slot.setEndElement(FhirTime.instant(s.end()));
    slot.addServiceType(DirectoryMapping.specialty(s.specialty(), specialties));
    slot.addExtension(mode(s.mode()));
    return slot;
  }

  public static Extension mode(SlotMode mode) {
    return new Extension(Konsil.EXT_CONSULTATION_MODE, new Coding(Konsil.CONSULTATION_MODE, mode.wire(),
        mode == SlotMode.VIDEO ? "Video" : "In person"));
  }

  /** A clinician's Schedule: the container of their slots over the rolling horizon (working hours stay in /api/v1). */
  public static Schedule schedule(Clinician c, List<Specialty> specialties, Instant now, int horizonDays) {
    Schedule schedule = new Schedule();
    schedule.setId(c.id());
    schedule.setActive(true);
    schedule.addActor(new Reference("Practitioner/" + c.id()).setDisplay(c.name()));
    c.specialties().forEach(code -> schedule.addServiceType(DirectoryMapping.specialty(code, specialties)));
    schedule.getPlanningHorizon().setStartElement(FhirTime.dateTime(now))
        .setEndElement(FhirTime.dateTime(now.plus(java.time.Duration.ofDays(horizonDays))));
    return schedule;
  }

}
