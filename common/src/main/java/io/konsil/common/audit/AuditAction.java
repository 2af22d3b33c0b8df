package io.konsil.common.audit;

import java.util.Locale;

/**
 * What was done to a patient's data, as the audit trail names it (the wire names are in docs/security.md). The one
 * vocabulary for REST accesses (scheduler) and consultation events (signaling).
 */
public enum AuditAction {
  APPOINTMENT_READ, APPOINTMENT_LIST, APPOINTMENT_BOOK, APPOINTMENT_CANCEL, APPOINTMENT_RESCHEDULE, APPOINTMENT_JOIN_TOKEN,
  AGENDA_READ, AGENDA_STREAM,
  REFERRAL_CREATE, REFERRAL_READ, REFERRAL_LIST, REFERRAL_ASSESS, REFERRAL_REJECT,
  SECOND_OPINION_CREATE, SECOND_OPINION_READ, SECOND_OPINION_LIST, SECOND_OPINION_ACCEPT, SECOND_OPINION_JOIN_TOKEN,
  CONSULTATION_INVITE,
  CONSULTATION_JOIN, CONSULTATION_ADMIT, CONSULTATION_DENY, CONSULTATION_KICK, CONSULTATION_LEAVE, CONSULTATION_END,
  CONSULTATION_LOBBY_OFF,
  RECORDING_CONSENT, RECORDING_WITHDRAW, RECORDING_CONSENT_REQUEST, RECORDING_START, RECORDING_STOP,
  ACCESS_LOG_READ;

  /** {@code appointment.read}, {@code consultation.lobby-off}, … */
  public String wire() {
    String n = name().toLowerCase(Locale.ROOT);
    String head = n.startsWith("second_opinion_") ? "second-opinion" : n.startsWith("access_log_") ? "access-log"
        : n.substring(0, n.indexOf('_'));
    String rest = n.substring(head.length() + 1);
    return head + "." + rest.replace('_', '-');
  }

  public static AuditAction fromWire(String wire) {
    for (AuditAction a : values()) {
      if (a.wire().equals(wire)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown audit action " + wire);
  }
}
