package io.konsil.common.audit;

/**
 * One access as a feature reports it: who, whose data ({@code patientId}; null for a consultation event with no
 * patient in the room), what and on which basis. Only identifiers and codes — never clinical text or tokens.
 */
public record AuditEvent(Actor actor, String patientId, AuditAction action, Basis basis) {}
