package io.konsil.signaling.room;

import io.konsil.common.presence.PresenceState;
import io.konsil.common.token.Caller;
import io.vertx.core.json.JsonObject;

/** One person in a consultation, in the lobby or in the call, connected or reconnecting. Room-context only. */
final class Participant {
  enum Phase { LOBBY, CALL }

  final String id;
  final Caller caller;
  Phase phase = Phase.LOBBY;
  boolean connected = true;
  Link link;
  String resumeToken;
  String displayName;
  boolean audioMuted;
  boolean videoMuted;
  boolean screenSharing;
  Devices devices = Devices.BOTH;
  long lobbySinceNanos;
  long graceTimer = -1;

  Participant(String id, Caller caller, String resumeToken) {
    this.id = id;
    this.caller = caller;
    this.resumeToken = resumeToken;
    this.displayName = caller.name() != null ? caller.name() : caller.role().wire();
  }

  String userId() {
    return caller.id();
  }

  boolean moderator() {
    return caller.moderator();
  }

  boolean inCall() {
    return phase == Phase.CALL;
  }

  boolean reachable() {
    return connected && link != null && link.endpoint != null;
  }

  void send(JsonObject frame) {
    if (reachable()) {
      link.endpoint.send(frame);
    }
  }

  PresenceState presence() {
    if (!connected) {
      return PresenceState.RECONNECTING;
    }
    return phase == Phase.CALL ? PresenceState.IN_CALL : PresenceState.IN_LOBBY;
  }

  /** What other clients see of this participant. */
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", displayName)
        .put("role", caller.role().wire())
        .put("moderator", caller.moderator())
        .put("state", connected ? "connected" : "reconnecting")
        .put("audioMuted", audioMuted)
        .put("videoMuted", videoMuted)
        .put("screenSharing", screenSharing)
        .put("devices", devices.toJson());
  }

  /**
   * What moderators see of someone knocking: no media state, they are not in the call. The token's user id is
   * included so a clinician's agenda can match the knock to the appointment's patient; it is shown to moderators
   * only, never to the other participants (in some deployments it is a national identity number).
   */
  JsonObject toKnockJson() {
    return new JsonObject()
        .put("id", id)
        .put("userId", caller.id())
        .put("name", displayName)
        .put("role", caller.role().wire())
        .put("moderator", caller.moderator())
        .put("devices", devices.toJson());
  }
}
