package io.konsil.scheduler.booking;

import java.time.Instant;

/**
 * A booked consultation. {@code patientId} may be null for a second opinion between clinicians only. {@code room} is
 * the consultation room it owns; it keeps its room across a reschedule. {@code version} is the {@link Slot#version} at
 * which it took its slot (a fencing token; a reschedule takes the new slot's).
 */
public record Appointment(String id, String slotId, String patientId, String patientName, String clinicianId,
                          String hospital, String specialty, SlotMode mode, Instant start, Instant end,
                          AppointmentKind kind, AppointmentStatus status, String room, String referralId,
                          Instant createdAt, long version) {

  public Appointment withStatus(AppointmentStatus next) {
    if (!status.mayMoveTo(next)) {
      throw new IllegalStateException("appointment " + status + " -> " + next);
    }
    return new Appointment(id, slotId, patientId, patientName, clinicianId, hospital, specialty, mode, start, end, kind,
        next, room, referralId, createdAt, version);
  }

  /**
   * The same appointment moved to another slot, {@code slot} as it is once booked for it: keeps id, patient, kind and
   * room; status back to booked; the new slot's version.
   */
  public Appointment movedTo(Slot slot) {
    return new Appointment(id, slot.id(), patientId, patientName, slot.clinicianId(), slot.hospital(), slot.specialty(),
        slot.mode(), slot.start(), slot.end(), kind, AppointmentStatus.BOOKED, room, referralId, createdAt,
        slot.version());
  }

  public boolean isParty(String userId) {
    return userId.equals(patientId) || userId.equals(clinicianId);
  }
}
