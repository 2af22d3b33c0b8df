package io.konsil.scheduler.booking;

import java.time.Instant;

/**
 * A booked consultation. {@code patientId} may be null for a second opinion between clinicians only. {@code room} is
 * the consultation room it owns; it keeps its room across a reschedule. {@code version} is the {@link Slot#version} at
 * which it took its slot (a fencing token; a reschedule takes the new slot's). {@code bookedBy} is the clinician or
 * admin who booked it for the patient (null when the patient booked it): they keep the rights of a party to it.
 */
public record Appointment(String id, String slotId, String patientId, String patientName, String clinicianId,
                          String hospital, String specialty, SlotMode mode, Instant start, Instant end,
                          AppointmentKind kind, AppointmentStatus status, String room, String referralId,
                          Instant createdAt, long version, String bookedBy) {

  /** An appointment the patient booked themselves (or one written without a booker, as demo data is). */
  public Appointment(String id, String slotId, String patientId, String patientName, String clinicianId,
                     String hospital, String specialty, SlotMode mode, Instant start, Instant end, AppointmentKind kind,
                     AppointmentStatus status, String room, String referralId, Instant createdAt, long version) {
    this(id, slotId, patientId, patientName, clinicianId, hospital, specialty, mode, start, end, kind, status, room,
        referralId, createdAt, version, null);
  }

  public Appointment withStatus(AppointmentStatus next) {
    if (!status.mayMoveTo(next)) {
      throw new IllegalStateException("appointment " + status + " -> " + next);
    }
    return new Appointment(id, slotId, patientId, patientName, clinicianId, hospital, specialty, mode, start, end, kind,
        next, room, referralId, createdAt, version, bookedBy);
  }

  /**
   * The same appointment moved to another slot, {@code slot} as it is once booked for it: keeps id, patient, kind and
   * room; status back to booked; the new slot's version.
   */
  public Appointment movedTo(Slot slot) {
    return new Appointment(id, slot.id(), patientId, patientName, slot.clinicianId(), slot.hospital(), slot.specialty(),
        slot.mode(), slot.start(), slot.end(), kind, AppointmentStatus.BOOKED, room, referralId, createdAt,
        slot.version(), bookedBy);
  }

  /** The patient, the clinician it is with, and whoever booked it for the patient. */
  public boolean isParty(String userId) {
    return userId.equals(patientId) || userId.equals(clinicianId) || userId.equals(bookedBy);
  }
}
