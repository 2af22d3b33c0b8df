package io.konsil.scheduler.referral;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A GP's referral to a specialty anywhere in the network. {@code hospital} is the patient's chosen hospital or null
 * (free choice of treatment: any hospital). {@code deadline} is the legal deadline for the start of care;
 * {@code cancerPathway} marks a pakkeforløp.
 */
public record Referral(String id, String patientId, String patientName, String gpId, String gpName, String specialty,
                       Priority priority, String clinicalQuestion, LocalDate deadline, boolean cancerPathway,
                       String hospital, ReferralStatus status, Instant receivedAt, String assessedBy, String note,
                       String appointmentId) {

  public Referral moved(ReferralStatus next, String by, String note, String appointmentId) {
    if (!status.mayMoveTo(next)) {
      throw new IllegalStateException("referral " + status + " -> " + next);
    }
    return new Referral(id, patientId, patientName, gpId, gpName, specialty, priority, clinicalQuestion, deadline,
        cancerPathway, hospital, next, receivedAt, by != null ? by : assessedBy, note != null ? note : this.note,
        appointmentId);
  }
}
