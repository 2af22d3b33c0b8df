package io.konsil.common.audit;

/**
 * One access as a feature reports it: who, whose data ({@code patientId}; null for a consultation event with no
 * patient in the room), what, on which basis and through which {@code door}. {@code detail} is a code where the
 * action needs one (the wording version of a recording consent, why a recording stopped), else null. Only
 * identifiers and codes — never clinical text or tokens.
 */
public record AuditEvent(Actor actor, String patientId, AuditAction action, Basis basis, Door door, String detail) {

  public AuditEvent(Actor actor, String patientId, AuditAction action, Basis basis, Door door) {
    this(actor, patientId, action, basis, door, null);
  }
}
