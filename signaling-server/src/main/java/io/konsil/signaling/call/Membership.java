package io.konsil.signaling.call;

import io.konsil.common.audit.AuditAction;
import io.konsil.signaling.audit.ConsultationEvent;
import io.konsil.signaling.lobby.LobbyRules;
import io.konsil.signaling.protocol.CloseCodes;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.konsil.signaling.resume.ResumeTokens;
import io.konsil.signaling.room.Draft;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.Phase;
import io.konsil.signaling.room.RoomState;

/**
 * Who is in a room: joining (into the lobby or straight into the call), entering the call, dropping out to
 * reconnect, and leaving for good. Rules over a {@link Draft}, shared by every store.
 */
public final class Membership {
  private Membership() {}

  /** A fresh join on {@code j.conn()}: a new participant, waiting or in the call. */
  public static void join(Draft d, Joiner j) {
    if (d.size() >= d.context().limits().maxParticipants()) {
      d.fail(j.conn(), null, ErrorCodes.ROOM_FULL, "The room is full");
      d.close(j.conn(), null, CloseCodes.ROOM_FULL, "room-full");
      return;
    }
    // The same user starting afresh replaces a session of theirs that dropped, instead of leaving a ghost.
    for (Member old : d.members()) {
      if (old.userId().equals(j.caller().id()) && !old.connected()) {
        remove(d, old, "replaced");
      }
    }
    String token = ResumeTokens.newToken();
    Member m = new Member(ResumeTokens.newParticipantId(), j.caller().id(), displayName(j), j.caller().role(),
        j.caller().moderator(), j.caller().hospital(), Phase.LOBBY, j.conn(), 0, ResumeTokens.hash(token),
        false, false, false, j.camera(), j.microphone(), d.now(), false, null, 0, j.caller().hpr());
    boolean waits = LobbyRules.mustWait(d, m.moderator(), m.userId());
    if (!waits && !fitsInCall(d)) {
      d.fail(j.conn(), null, ErrorCodes.CALL_FULL, callFullMessage(d));
      d.close(j.conn(), null, CloseCodes.ROOM_FULL, ErrorCodes.CALL_FULL);
      return;
    }
    d.put(m);
    d.audit(AuditAction.CONSULTATION_JOIN, ConsultationEvent.actor(j.caller()), null);
    if (waits) {
      LobbyRules.knock(d, m, token);
    } else {
      enterCall(d, m, false, token);
    }
  }

  /**
   * Whether one more person can enter the call: up to {@code meshMax} peer to peer; beyond that only through a media
   * server, to which the call then moves.
   */
  public static boolean fitsInCall(Draft d) {
    return d.viaServer() || d.inCall() < d.context().meshMax() || d.context().mediaServer() != null;
  }

  public static String callFullMessage(Draft d) {
    return "The call is at its limit of " + d.context().meshMax() + " people peer to peer, and this node has no media "
        + "server for more";
  }

  private static String displayName(Joiner j) {
    return j.caller().name() != null ? j.caller().name() : j.caller().role().wire();
  }

  /**
   * {@code m} is in the call: remembered as admitted (never sent back to the lobby while the room lives), welcomed,
   * and announced. {@code resumeToken} is the plain token for the welcome; the member already carries its hash.
   */
  public static void enterCall(Draft d, Member m, boolean resumed, String resumeToken) {
    if (!d.viaServer() && d.inCall() >= d.context().meshMax() && d.context().mediaServer() != null) {
      // One more than a mesh carries: the call moves to the media server, for good. Everyone already in keeps their
      // peer connections until the server carries their media (make before break).
      d.viaServer(true);
      d.broadcast(ServerFrames.mediaMode(RoomState.SFU, d.context().mediaServer()), null);
    }
    Member inCall = m.inPhase(Phase.CALL);
    d.put(inCall);
    d.admit(inCall.userId());
    d.send(inCall, ServerFrames.welcome(d.next(), inCall, resumed, resumeToken,
        d.context().ice().forUser(inCall.userId()), d.context().limits(), d.context().details(),
        d.context().mediaServer()));
    d.broadcast(ServerFrames.participantJoined(inCall), inCall.id());
    if (d.recording() != null && inCall.consent() == null) {
      Recordings.stop(d, "participant-without-consent", inCall);
    }
  }

  /** Lets a waiting member in (admitted, or the lobby was turned off); their welcome carries a fresh resume token. */
  public static void letIn(Draft d, Member waiting) {
    String token = ResumeTokens.newToken();
    Member m = d.member(waiting.id());
    if (m == null) {
      return;
    }
    enterCall(d, m.rekeyed(ResumeTokens.hash(token)), false, token);
  }

  /** {@code m} leaves the room for good ({@code reason}: left, timeout, kicked, denied, replaced). */
  public static void remove(Draft d, Member m, String reason) {
    Member current = d.member(m.id());
    if (current == null) {
      return;
    }
    if (!current.inCall()) {
      LobbyRules.leave(d, current, "denied".equals(reason) ? "denied" : "left", null);
    }
    d.remove(current.id());
    if ("left".equals(reason) || "timeout".equals(reason)) {
      d.audit(AuditAction.CONSULTATION_LEAVE, ConsultationEvent.actor(current), null);
    }
    if (current.inCall()) {
      d.broadcast(ServerFrames.participantLeft(current.id(), reason), current.id());
    }
  }

  /**
   * The connection {@code conn} closed. A hang-up leaves; anything resumable leaves the member reconnecting until
   * {@code graceUntil}, which the others see as {@code participant-updated} (not left).
   */
  public static void disconnected(Draft d, String conn, boolean resumable, long graceUntil) {
    Member m = d.memberOnConn(conn);
    if (m == null) {
      return;
    }
    if (!resumable) {
      remove(d, m, "left");
      return;
    }
    Member dropped = m.dropped(graceUntil);
    d.put(dropped);
    if (dropped.inCall()) {
      d.broadcast(ServerFrames.participantUpdated(dropped), dropped.id());
    }
  }

  /** Members still reconnecting after their grace are gone ({@code participant-left} reason timeout). */
  public static void expireLapsed(Draft d) {
    long now = d.now();
    for (Member m : d.members()) {
      if (!m.connected() && m.graceUntil() <= now) {
        remove(d, m, "timeout");
      }
    }
  }

  /**
   * A node died (its heartbeat lapsed): everyone whose connection was on it is reconnecting now, and may resume on
   * another node within the grace.
   */
  public static void nodeLost(Draft d, String instance, long graceUntil) {
    String prefix = instance + "/";
    for (Member m : d.members()) {
      if (m.conn() != null && m.conn().startsWith(prefix)) {
        Member dropped = m.dropped(graceUntil);
        d.put(dropped);
        if (dropped.inCall()) {
          d.broadcast(ServerFrames.participantUpdated(dropped), dropped.id());
        }
      }
    }
  }

  /** This node is shutting down on its own: its members leave (the single-node case; nobody else could host them). */
  public static void nodeLeaving(Draft d, String instance) {
    String prefix = instance + "/";
    for (Member m : d.members()) {
      if (m.conn() != null && m.conn().startsWith(prefix)) {
        if (!m.inCall()) {
          d.lobbyWaitEnded(m, "ended");
          d.leaveLobby(m.id());
        }
        d.remove(m.id());
        d.audit(AuditAction.CONSULTATION_LEAVE, ConsultationEvent.actor(m), null);
      }
    }
  }
}
