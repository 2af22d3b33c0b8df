package io.konsil.common.presence;

/** Where a party of a consultation is right now, as signaling sees it. */
public enum PresenceState {
  NOT_ARRIVED, IN_LOBBY, IN_CALL, RECONNECTING, LEFT;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
