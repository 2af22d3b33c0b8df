package io.konsil.scheduler.secondopinion;

import java.time.Instant;
import java.util.List;

/**
 * A clinician asks a specialty across hospitals for a second opinion. {@code hospitals} empty means any hospital.
 * When accepted it gets a consultation room, at an agreed slot ({@code start}/{@code end} of that slot) or ad hoc now.
 */
public record SecondOpinion(String id, String requesterId, String requesterName, String requesterHospital,
                            String specialty, String question, String patientId, List<String> hospitals,
                            SecondOpinionStatus status, Instant createdAt, String acceptedBy, String acceptedByName,
                            String room, String appointmentId, Instant start, Instant end) {

  public SecondOpinion {
    hospitals = List.copyOf(hospitals);
  }

  /** accepted → completed: the call in its room is over. */
  public SecondOpinion completed() {
    if (!status.mayMoveTo(SecondOpinionStatus.COMPLETED)) {
      throw new IllegalStateException("second opinion " + status + " -> completed");
    }
    return new SecondOpinion(id, requesterId, requesterName, requesterHospital, specialty, question, patientId,
        hospitals, SecondOpinionStatus.COMPLETED, createdAt, acceptedBy, acceptedByName, room, appointmentId, start, end);
  }

  public SecondOpinion accepted(String by, String byName, String room, String appointmentId, Instant start, Instant end) {
    if (!status.mayMoveTo(SecondOpinionStatus.ACCEPTED)) {
      throw new IllegalStateException("second opinion " + status + " -> accepted");
    }
    return new SecondOpinion(id, requesterId, requesterName, requesterHospital, specialty, question, patientId,
        hospitals, SecondOpinionStatus.ACCEPTED, createdAt, by, byName, room, appointmentId, start, end);
  }

  public boolean isParty(String userId) {
    return userId.equals(requesterId) || userId.equals(acceptedBy) || userId.equals(patientId);
  }
}
