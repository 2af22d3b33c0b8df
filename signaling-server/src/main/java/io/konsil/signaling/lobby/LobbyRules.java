package io.konsil.signaling.lobby;

import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.konsil.signaling.room.Draft;
import io.konsil.signaling.room.LobbyNote;
import io.konsil.signaling.room.Member;
import java.util.ArrayList;
import java.util.List;

/**
 * The waiting room: who knocks, in which order, and what moderators do about it. Positions are 1-based, as shown to
 * the person waiting ("you are number 2"). Letting someone into the call is the call's business
 * ({@code call.Membership.enterCall}); these rules only say who.
 */
public final class LobbyRules {
  private LobbyRules() {}

  /** Whether a joiner must wait: not a moderator, the lobby is on, and never admitted in this room's life. */
  public static boolean mustWait(Draft d, boolean moderator, String userId) {
    return !moderator && d.lobbyEnabled() && !d.wasAdmitted(userId);
  }

  /** {@code m} (already a member) starts waiting: tell them their position and the moderators who knocks. */
  public static void knock(Draft d, Member m, String resumeToken) {
    d.enterLobby(m.id());
    d.send(m, ServerFrames.lobby(d.next(), m, false, resumeToken, d.context().limits(), d.context().details()));
    d.toModerators(ServerFrames.knocking(m, d.position(m.id())));
  }

  /**
   * {@code m}'s wait is over ({@code outcome} admitted, denied or left): moderators' lists drop the knock, and everyone
   * still waiting learns their position.
   */
  public static void leave(Draft d, Member m, String outcome, String by) {
    if (!d.leaveLobby(m.id())) {
      return;
    }
    d.lobbyWaitEnded(m, outcome);
    d.toModerators(ServerFrames.knockEnded(m.id(), outcome, by));
    for (String id : d.lobby()) {
      d.send(d.member(id), ServerFrames.lobbyPosition(id, d.position(id)));
    }
  }

  /** The waiting member a moderator names, or null after telling the moderator there is none. */
  private static Member waiting(Draft d, Member moderator, ClientMessage m, String participantId) {
    Member target = d.member(participantId);
    if (target == null || target.inCall()) {
      d.fail(moderator.conn(), m, ErrorCodes.PARTICIPANT_UNKNOWN, "Nobody with this id is waiting in the lobby");
      return null;
    }
    return target;
  }

  /** Admission decided: returns who is to enter the call (the caller lets them in), or null. */
  public static Member admit(Draft d, Member moderator, ClientMessage.Admit a) {
    Member target = waiting(d, moderator, a, a.participantId());
    if (target != null) {
      leave(d, target, "admitted", moderator.id());
    }
    return target;
  }

  /** Tells the person they were turned away; returns them for the caller to remove, or null. */
  public static Member deny(Draft d, Member moderator, ClientMessage.Deny deny) {
    Member target = waiting(d, moderator, deny, deny.participantId());
    if (target != null) {
      d.send(target, ServerFrames.denied(moderator.id()));
      leave(d, target, "denied", moderator.id());
    }
    return target;
  }

  /**
   * Switches the lobby; when it goes off, returns everyone waiting, in order, for the caller to let in (as many as
   * the call holds; each let in leaves the lobby with {@link #leave} "admitted").
   */
  public static List<Member> toggle(Draft d, Member moderator, ClientMessage.LobbyToggle t) {
    d.lobbyEnabled(t.enabled());
    d.broadcast(ServerFrames.roomUpdated(t.enabled(), moderator.id()), null);
    List<Member> waiting = new ArrayList<>();
    if (!t.enabled()) {
      for (String id : d.lobby()) {
        Member m = d.member(id);
        if (m != null) {
          waiting.add(m);
        }
      }
    }
    return waiting;
  }

  /** A moderator's note to everyone waiting, kept for later arrivals; empty text clears it. */
  public static void message(Draft d, Member moderator, ClientMessage.LobbyMessage m) {
    LobbyNote note = m.text().isEmpty() ? null : new LobbyNote(m.text(), moderator.name(), d.now());
    d.note(note);
    String frame = ServerFrames.lobbyMessage(note, moderator.name());
    for (String id : d.lobby()) {
      d.send(d.member(id), frame);
    }
    d.toModerators(frame);
    d.ack(moderator.conn(), m);
  }
}
