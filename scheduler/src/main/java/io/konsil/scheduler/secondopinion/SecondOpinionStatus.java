package io.konsil.scheduler.secondopinion;

import java.util.Locale;

/** open → accepted (one specialist takes it; first one wins) → completed; open → cancelled by the requester. */
public enum SecondOpinionStatus {
  OPEN, ACCEPTED, COMPLETED, CANCELLED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean mayMoveTo(SecondOpinionStatus next) {
    return switch (this) {
      case OPEN -> next == ACCEPTED || next == CANCELLED;
      case ACCEPTED -> next == COMPLETED;
      case COMPLETED, CANCELLED -> false;
    };
  }
}
