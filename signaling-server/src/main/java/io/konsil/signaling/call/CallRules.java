package io.konsil.signaling.call;

import io.konsil.common.audit.AuditAction;
import io.konsil.signaling.audit.ConsultationEvent;
import io.konsil.signaling.lobby.LobbyRules;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.CloseCodes;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.konsil.signaling.room.ChatLine;
import io.konsil.signaling.room.Draft;
import io.konsil.signaling.room.Member;

/**
 * What a participant's frame does to the room (everything but relays, which never change it, and pings). Who may do
 * what is decided here: people waiting may only leave; moderators admit, deny, kick, message the lobby, stop a
 * recording, ask for consent to one, list the recordings and end.
 */
public final class CallRules {
  private CallRules() {}

  public static void handle(Draft d, String conn, ClientMessage m) {
    Member p = d.memberOnConn(conn);
    if (p == null) {
      return;
    }
    if (m instanceof ClientMessage.Join) {
      d.ack(conn, m);
    } else if (m instanceof ClientMessage.Consent c) {
      Recordings.consent(d, p, c);
    } else if (m instanceof ClientMessage.Leave) {
      d.ack(conn, m);
      Membership.remove(d, p, "left");
      d.close(conn, null, CloseCodes.NORMAL, "left");
    } else if (!p.inCall()) {
      d.fail(conn, m, ErrorCodes.NOT_ADMITTED, "You are waiting in the lobby");
    } else if (m instanceof ClientMessage.Chat chat) {
      chat(d, p, chat);
    } else if (m instanceof ClientMessage.Update u) {
      Member updated = p.updated(u.audioMuted(), u.videoMuted(), u.screenSharing(), u.displayName());
      d.put(updated);
      d.broadcast(ServerFrames.participantUpdated(updated), p.id());
      d.ack(conn, u);
    } else if (!p.moderator()) {
      d.fail(conn, m, ErrorCodes.NOT_MODERATOR, "Only a moderator may " + m.type());
    } else if (m instanceof ClientMessage.Admit a) {
      if (!Membership.fitsInCall(d)) {
        d.fail(conn, a, ErrorCodes.CALL_FULL, Membership.callFullMessage(d));
        return;
      }
      Member admitted = LobbyRules.admit(d, p, a);
      if (admitted != null) {
        d.audit(AuditAction.CONSULTATION_ADMIT, ConsultationEvent.actor(p), admitted);
        Membership.letIn(d, admitted);
        d.ack(conn, a);
      }
    } else if (m instanceof ClientMessage.Deny deny) {
      Member denied = LobbyRules.deny(d, p, deny);
      if (denied != null) {
        d.audit(AuditAction.CONSULTATION_DENY, ConsultationEvent.actor(p), denied);
        Membership.remove(d, denied, "denied");
        d.close(denied.conn(), null, CloseCodes.DENIED, "denied");
        d.ack(conn, deny);
      }
    } else if (m instanceof ClientMessage.Kick k) {
      kick(d, p, k);
    } else if (m instanceof ClientMessage.LobbyToggle t) {
      if (!t.enabled() && d.lobbyEnabled()) {
        d.audit(AuditAction.CONSULTATION_LOBBY_OFF, ConsultationEvent.actor(p), null);
      }
      for (Member waiting : LobbyRules.toggle(d, p, t)) {
        if (!Membership.fitsInCall(d)) {
          break;
        }
        LobbyRules.leave(d, waiting, "admitted", p.id());
        Membership.letIn(d, waiting);
      }
      d.ack(conn, t);
    } else if (m instanceof ClientMessage.Record r && !r.on()) {
      Recordings.stop(d, "moderator", p);
      d.ack(conn, r);
    } else if (m instanceof ClientMessage.ConsentRequest q) {
      Recordings.askConsent(d, p, q);
    } else if (m instanceof ClientMessage.RecordingList q) {
      Recordings.list(d, p, q);
    } else if (m instanceof ClientMessage.LobbyMessage lm) {
      LobbyRules.message(d, p, lm);
    } else if (m instanceof ClientMessage.End) {
      d.audit(AuditAction.CONSULTATION_END, ConsultationEvent.actor(p), null);
      end(d, "ended-by-moderator", p.id());
    } else {
      d.fail(conn, m, ErrorCodes.UNKNOWN_TYPE, "Unknown frame type");
    }
  }

  private static void chat(Draft d, Member from, ClientMessage.Chat m) {
    ChatLine line = new ChatLine(from.id(), from.name(), m.text(), d.now());
    d.addChat(line);
    d.broadcast(ServerFrames.chat(line), null);
    d.relayed("chat");
    d.ack(from.conn(), m);
  }

  private static void kick(Draft d, Member moderator, ClientMessage.Kick k) {
    Member target = d.member(k.participantId());
    if (target == null || target.id().equals(moderator.id())) {
      d.fail(moderator.conn(), k, ErrorCodes.PARTICIPANT_UNKNOWN, "No other participant with this id is in the room");
      return;
    }
    d.send(target, ServerFrames.kicked(moderator.id()));
    // A kicked user goes through the lobby again if they come back.
    d.forgetAdmission(target.userId());
    d.audit(AuditAction.CONSULTATION_KICK, ConsultationEvent.actor(moderator), target);
    Membership.remove(d, target, "kicked");
    d.close(target.conn(), null, CloseCodes.KICKED, "kicked");
    d.ack(moderator.conn(), k);
  }

  /** Ends the room for everyone in it (call and lobby, on every node); connections still joining are told too. */
  public static void end(Draft d, String reason, String by) {
    String ended = ServerFrames.ended(reason, by, false);
    for (Member m : d.members()) {
      if (!m.inCall()) {
        d.lobbyWaitEnded(m, "ended");
      }
      d.close(m.conn(), ended, CloseCodes.NORMAL, reason);
    }
    d.end();
  }
}
