package io.konsil.common.audit;

import java.time.Instant;

/**
 * Which entries to list, newest first: any of patient, actor (clinician), actor's hospital, and a time range
 * [{@code from}, {@code to}); {@code before} is the cursor (entries with a smaller seq), null for the newest.
 */
public record AuditQuery(String patientId, String actorId, String hospital, Instant from, Instant to, Long before,
                         int limit) {

  /** Every entry, newest first: {@code all(null, 1)} is the head, {@code all(seq + 1, 1)} the entry {@code seq}. */
  public static AuditQuery all(Long before, int limit) {
    return new AuditQuery(null, null, null, null, null, before, limit);
  }

  public static AuditQuery ofPatient(String patientId, Long before, int limit) {
    return new AuditQuery(patientId, null, null, null, null, before, limit);
  }

  public boolean matches(AuditEntry e) {
    return (patientId == null || patientId.equals(e.patientId()))
        && (actorId == null || actorId.equals(e.actor().id()))
        && (hospital == null || hospital.equals(e.actor().hospital()))
        && (from == null || !e.at().isBefore(from))
        && (to == null || e.at().isBefore(to));
  }
}
