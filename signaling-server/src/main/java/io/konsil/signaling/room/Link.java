package io.konsil.signaling.room;

import io.konsil.common.token.Caller;

/**
 * One authenticated connection as the rooms see it: reserved at the handshake, attached to an {@link Endpoint}
 * after the upgrade, bound to a {@link Participant} once joined or resumed. The transport only holds it and hands it
 * back; its mutable fields are touched on the rooms' context only.
 */
public final class Link {
  final String roomName;
  final String roomKey;
  final Caller caller;
  final String tokenKey;
  final boolean wouldWait;
  final Devices devices;
  Endpoint endpoint;
  Participant participant;
  boolean awaitingResume;
  long resumeWaitTimer = -1;
  boolean closed;

  Link(String roomName, String roomKey, Caller caller, String tokenKey, boolean wouldWait, Devices devices) {
    this.roomName = roomName;
    this.roomKey = roomKey;
    this.caller = caller;
    this.tokenKey = tokenKey;
    this.wouldWait = wouldWait;
    this.devices = devices;
  }

  public Caller caller() {
    return caller;
  }

  public String room() {
    return roomName;
  }

  /** Whether, at the handshake, this caller would have waited in the lobby (for the preflight answer). */
  public boolean wouldWait() {
    return wouldWait;
  }
}
