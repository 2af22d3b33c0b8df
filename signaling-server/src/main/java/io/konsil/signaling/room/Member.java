package io.konsil.signaling.room;

import io.konsil.common.presence.PresenceState;
import io.konsil.common.token.Role;

/**
 * One person in a room, as stored in the room's state (in memory or in Redis), whichever node holds their socket.
 * {@code conn} names the connection that carries them ({@code <node instance>/<sequence>}); null while they are
 * reconnecting, until {@code graceUntil} (epoch millis). Only a hash of the resume token is kept. {@code feed}: the
 * member publishes through the media server (a call in SFU mode). {@code consent}: the wording version of the
 * recording consent they gave (null: none), at {@code consentAt}. {@code hpr}: the HPR number their token vouched for
 * (clinicians signed in through a HelseID-style provider; else null), kept so that every node names them fully in the
 * audit trail whatever they do (admit, deny, kick, end, consent), not only when they join.
 */
public record Member(
    String id,
    String userId,
    String name,
    Role role,
    boolean moderator,
    String hospital,
    Phase phase,
    String conn,
    long graceUntil,
    String resumeHash,
    boolean audioMuted,
    boolean videoMuted,
    boolean screenSharing,
    boolean camera,
    boolean microphone,
    long lobbySince,
    boolean feed,
    String consent,
    long consentAt,
    String hpr) {

  public boolean inCall() {
    return phase == Phase.CALL;
  }

  public boolean connected() {
    return conn != null;
  }

  public PresenceState presence() {
    if (conn == null) {
      return PresenceState.RECONNECTING;
    }
    return phase == Phase.CALL ? PresenceState.IN_CALL : PresenceState.IN_LOBBY;
  }

  public Member inPhase(Phase next) {
    return new Member(id, userId, name, role, moderator, hospital, next, conn, graceUntil, resumeHash, audioMuted,
        videoMuted, screenSharing, camera, microphone, lobbySince, feed, consent, consentAt, hpr);
  }

  /** Carried by {@code conn} again (resumed), with a new resume token hash. */
  public Member connectedTo(String newConn, String newResumeHash) {
    return new Member(id, userId, name, role, moderator, hospital, phase, newConn, 0, newResumeHash, audioMuted,
        videoMuted, screenSharing, camera, microphone, lobbySince, feed, consent, consentAt, hpr);
  }

  /** The same member with a new resume token hash (on admission, so the welcome carries a fresh token). */
  public Member rekeyed(String newResumeHash) {
    return new Member(id, userId, name, role, moderator, hospital, phase, conn, graceUntil, newResumeHash, audioMuted,
        videoMuted, screenSharing, camera, microphone, lobbySince, feed, consent, consentAt, hpr);
  }

  /** Reconnecting until {@code until}. */
  public Member dropped(long until) {
    return new Member(id, userId, name, role, moderator, hospital, phase, null, until, resumeHash, audioMuted,
        videoMuted, screenSharing, camera, microphone, lobbySince, feed, consent, consentAt, hpr);
  }

  /** Publishing (or not) through the media server. */
  public Member publishing(boolean publishes) {
    return new Member(id, userId, name, role, moderator, hospital, phase, conn, graceUntil, resumeHash, audioMuted,
        videoMuted, screenSharing, camera, microphone, lobbySince, publishes, consent, consentAt, hpr);
  }

  /** Recording consent given ({@code version} of the wording) or withdrawn (null). */
  public Member consenting(String version, long at) {
    return new Member(id, userId, name, role, moderator, hospital, phase, conn, graceUntil, resumeHash, audioMuted,
        videoMuted, screenSharing, camera, microphone, lobbySince, feed, version, version == null ? 0 : at, hpr);
  }

  public Member updated(Boolean audio, Boolean video, Boolean screen, String displayName) {
    return new Member(id, userId, displayName != null ? displayName : name, role, moderator, hospital, phase, conn,
        graceUntil, resumeHash, audio != null ? audio : audioMuted, video != null ? video : videoMuted,
        screen != null ? screen : screenSharing, camera, microphone, lobbySince, feed, consent, consentAt, hpr);
  }
}
