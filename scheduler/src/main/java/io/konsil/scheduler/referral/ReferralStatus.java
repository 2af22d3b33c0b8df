package io.konsil.scheduler.referral;

import java.util.Locale;

/**
 * received → assessed (a specialist grants the right to care) → scheduled (an appointment is booked for it) →
 * completed (that appointment is fulfilled); received/assessed → rejected; scheduled → assessed when its appointment is
 * cancelled, so the patient can book again.
 */
public enum ReferralStatus {
  RECEIVED, ASSESSED, SCHEDULED, COMPLETED, REJECTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean mayMoveTo(ReferralStatus next) {
    return switch (this) {
      case RECEIVED -> next == ASSESSED || next == REJECTED;
      case ASSESSED -> next == SCHEDULED || next == REJECTED;
      case SCHEDULED -> next == COMPLETED || next == ASSESSED;
      case COMPLETED, REJECTED -> false;
    };
  }

  public static ReferralStatus fromWire(String value) {
    for (ReferralStatus s : values()) {
      if (s.wire().equals(value)) {
        return s;
      }
    }
    return null;
  }
}
