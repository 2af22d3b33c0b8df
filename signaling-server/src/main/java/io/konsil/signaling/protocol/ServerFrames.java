package io.konsil.signaling.protocol;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.room.RoomDetails;
import io.konsil.signaling.room.ChatLine;
import io.konsil.signaling.room.LobbyNote;
import io.konsil.signaling.room.Member;
import io.konsil.signaling.room.RoomRecording;
import io.konsil.signaling.room.RoomState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Every frame the server sends, built here and nowhere else (docs/protocol.md describes each). Methods return the
 * encoded text where a frame is delivered as is, so a broadcast is encoded once.
 */
public final class ServerFrames {
  private ServerFrames() {}

  public static String error(String code, String message, String id) {
    JsonObject f = new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (id != null) {
      f.put("id", id);
    }
    return f.encode();
  }

  public static String ack(String id, String forType) {
    return new JsonObject().put("type", "ack").put("id", id).put("for", forType).encode();
  }

  public static String pong(String id, long now) {
    JsonObject f = new JsonObject().put("type", "pong").put("ts", now);
    if (id != null) {
      f.put("id", id);
    }
    return f.encode();
  }

  /**
   * The room is over for this connection. {@code resumable}: the node is going away but the consultation is not —
   * in a network the client may resume on another node (docs/protocol.md, close 1001).
   */
  public static String ended(String reason, String by, boolean resumable) {
    JsonObject f = new JsonObject().put("type", "ended").put("reason", reason);
    if (by != null) {
      f.put("by", by);
    }
    if (resumable) {
      f.put("resumable", true);
    }
    return f.encode();
  }

  /** What other participants see of a member. */
  public static JsonObject participant(Member m) {
    return new JsonObject()
        .put("id", m.id())
        .put("name", m.name())
        .put("role", m.role().wire())
        .put("moderator", m.moderator())
        .put("state", m.connected() ? "connected" : "reconnecting")
        .put("audioMuted", m.audioMuted())
        .put("videoMuted", m.videoMuted())
        .put("screenSharing", m.screenSharing())
        .put("devices", devices(m))
        .put("feed", m.feed())
        .put("consent", m.consent() != null);
  }

  /**
   * What moderators see of someone knocking: no media state, they are not in the call. The token's user id is
   * included so a clinician's agenda can match the knock to the appointment's patient; it is shown to moderators
   * only, never to the other participants (in some deployments it is a national identity number).
   */
  public static JsonObject knock(Member m) {
    return new JsonObject()
        .put("id", m.id())
        .put("userId", m.userId())
        .put("name", m.name())
        .put("role", m.role().wire())
        .put("moderator", m.moderator())
        .put("devices", devices(m));
  }

  private static JsonObject devices(Member m) {
    return new JsonObject().put("camera", m.camera()).put("microphone", m.microphone());
  }

  public static String welcome(RoomState room, Member self, boolean resumed, String resumeToken, JsonArray iceServers,
      KonsilConfig.Signaling limits, RoomDetails consultation, String mediaServer) {
    JsonObject lobby = new JsonObject().put("enabled", room.lobbyEnabled());
    if (self.moderator()) {
      lobby.put("waiting", waiting(room));
      if (room.note() != null) {
        lobby.put("message", note(room.note()));
      }
    }
    JsonArray others = new JsonArray();
    for (Member m : room.members()) {
      if (!m.id().equals(self.id()) && m.inCall()) {
        others.add(participant(m));
      }
    }
    JsonArray chat = new JsonArray();
    room.chat().forEach(line -> chat.add(chatObject(line)));
    JsonObject f = new JsonObject()
        .put("type", "welcome")
        .put("participantId", self.id())
        .put("room", room.name())
        .put("name", self.name())
        .put("role", self.role().wire())
        .put("moderator", self.moderator())
        .put("participants", others)
        .put("iceServers", iceServers)
        .put("resumeToken", resumeToken)
        .put("resumed", resumed)
        .put("lobby", lobby)
        .put("chat", chat)
        .put("limits", new JsonObject()
            .put("maxFrameBytes", limits.maxFrameBytes())
            .put("maxChatChars", ClientFrames.MAX_CHAT_CHARS)
            .put("messagesPerSecond", limits.messagesPerSecond())
            .put("messageBurst", limits.messageBurst())
            .put("maxParticipants", limits.maxParticipants()))
        .put("heartbeat", heartbeat(limits));
    if (consultation != null) {
      f.put("consultation", consultation(consultation));
    }
    f.put("media", media(room.media(), mediaServer));
    f.put("recording", room.recording() == null ? null : recordingObject(room.recording()));
    if (self.moderator()) {
      f.put("recordings", recordingList(room.recordings()));
    }
    return f.encode();
  }

  private static JsonObject media(String mode, String server) {
    JsonObject m = new JsonObject().put("mode", mode);
    if (server != null) {
      m.put("server", server);
    }
    return m;
  }

  /** The call's media moves to the media server (make before break: keep the peer connections until it carries). */
  public static String mediaMode(String mode, String server) {
    return new JsonObject().put("type", "media-mode").mergeIn(media(mode, server)).encode();
  }

  private static JsonObject recordingObject(RoomRecording r) {
    JsonObject o = new JsonObject().put("active", r.active()).put("by", r.by()).put("since", r.since());
    if (!r.active()) {
      o.put("until", r.until());
    }
    return o;
  }

  /** Recording started or stopped; {@code reason} says why it stopped (moderator, consent-withdrawn, ...). */
  public static String recording(RoomRecording r, String reason) {
    JsonObject f = new JsonObject().put("type", "recording").mergeIn(recordingObject(r));
    if (reason != null) {
      f.put("reason", reason);
    }
    return f.encode();
  }

  /** The room's recordings with where the media server wrote them: for moderators only. */
  private static JsonArray recordingList(List<RoomRecording> recordings) {
    JsonArray list = new JsonArray();
    recordings.forEach(r -> list.add(recordingObject(r).put("location", r.location())));
    return list;
  }

  /**
   * The room's recordings so far, to moderators: after a recording starts or stops, and as the reply ({@code id}) to a
   * moderator's {@code recordings}.
   */
  public static String recordings(List<RoomRecording> recordings, String id) {
    JsonObject f = new JsonObject().put("type", "recordings").put("recordings", recordingList(recordings));
    if (id != null) {
      f.put("id", id);
    }
    return f.encode();
  }

  /**
   * A moderator ({@code by}, with the name and role the others see) asks this participant to consider consenting to
   * recording; only sent to people in the call who have not consented.
   */
  public static String consentRequest(Member by, long ts) {
    return new JsonObject().put("type", "recording-consent-request").put("by", by.id()).put("name", by.name())
        .put("role", by.role().wire()).put("ts", ts).encode();
  }

  public static String sfuAnswer(String sdp, String id) {
    JsonObject f = new JsonObject().put("type", "sfu-answer").put("sdp", sdp);
    if (id != null) {
      f.put("id", id);
    }
    return f.encode();
  }

  public static String sfuOffer(String feed, String sdp, String id) {
    JsonObject f = new JsonObject().put("type", "sfu-offer").put("feed", feed).put("sdp", sdp);
    if (id != null) {
      f.put("id", id);
    }
    return f.encode();
  }

  /** A media-server candidate for one leg ({@code publish} or a feed); {@code candidate} null: end of candidates. */
  public static String sfuCandidate(String leg, String candidate, String sdpMid, int mLineIndex) {
    JsonObject f = new JsonObject().put("type", "sfu-candidate").put("leg", leg).put("candidate", candidate);
    if (sdpMid != null) {
      f.put("sdpMid", sdpMid);
    }
    if (mLineIndex >= 0) {
      f.put("sdpMLineIndex", mLineIndex);
    }
    return f.encode();
  }

  /** One of this client's legs to the media server closed (publish it again, or subscribe again). */
  public static String sfuLegClosed(String leg, String reason) {
    return new JsonObject().put("type", "sfu-leg-closed").put("leg", leg).put("reason", reason).encode();
  }

  /** The media server lost the call (it restarted): publish and subscribe again. */
  public static String sfuRestart(String reason) {
    return new JsonObject().put("type", "sfu-restart").put("reason", reason).encode();
  }

  /** Everyone waiting, in order, as a moderator's {@code welcome} lists them. */
  private static JsonArray waiting(RoomState room) {
    JsonArray list = new JsonArray();
    int position = 1;
    for (String id : room.lobby()) {
      Member m = room.member(id);
      if (m != null) {
        list.add(knock(m).put("position", position++));
      }
    }
    return list;
  }

  public static String lobby(RoomState room, Member self, boolean resumed, String resumeToken,
      KonsilConfig.Signaling limits, RoomDetails consultation) {
    JsonObject f = new JsonObject()
        .put("type", "lobby")
        .put("participantId", self.id())
        .put("room", room.name())
        .put("position", room.position(self.id()))
        .put("resumeToken", resumeToken)
        .put("resumed", resumed)
        .put("heartbeat", heartbeat(limits));
    if (consultation != null) {
      f.put("consultation", consultation(consultation));
    }
    if (room.note() != null) {
      f.put("message", note(room.note()));
    }
    return f.encode();
  }

  public static String lobbyPosition(String memberId, int position) {
    return new JsonObject().put("type", "lobby").put("participantId", memberId).put("position", position).encode();
  }

  private static JsonObject heartbeat(KonsilConfig.Signaling limits) {
    return new JsonObject()
        .put("idleTimeoutMs", limits.idleTimeout().toMillis())
        .put("intervalMs", Math.max(1, limits.idleTimeout().toMillis() / 3))
        .put("resumeGraceMs", limits.resumeGrace().toMillis());
  }

  /** Who and when, for the waiting room; never health data. */
  public static JsonObject consultation(RoomDetails d) {
    JsonObject c = new JsonObject().put("clinicianName", d.clinicianName()).put("kind", d.kind());
    if (d.hospitalName() != null) {
      c.put("hospitalName", d.hospitalName());
    }
    if (d.start() != null) {
      c.put("start", d.start().toString());
    }
    if (d.end() != null) {
      c.put("end", d.end().toString());
    }
    return c;
  }

  public static String knocking(Member m, int position) {
    return new JsonObject().put("type", "knocking").put("participant", knock(m)).put("position", position).encode();
  }

  public static String knockEnded(String memberId, String outcome, String by) {
    JsonObject f = new JsonObject().put("type", "knock-ended").put("participantId", memberId).put("outcome", outcome);
    if (by != null) {
      f.put("by", by);
    }
    return f.encode();
  }

  public static String denied(String by) {
    return new JsonObject().put("type", "denied").put("by", by).encode();
  }

  public static String kicked(String by) {
    return new JsonObject().put("type", "kicked").put("by", by).encode();
  }

  public static String participantJoined(Member m) {
    return new JsonObject().put("type", "participant-joined").put("participant", participant(m)).encode();
  }

  public static String participantLeft(String memberId, String reason) {
    return new JsonObject().put("type", "participant-left").put("participantId", memberId).put("reason", reason).encode();
  }

  public static String participantUpdated(Member m) {
    return new JsonObject().put("type", "participant-updated").put("participantId", m.id())
        .put("participant", participant(m)).encode();
  }

  public static String roomUpdated(boolean lobbyEnabled, String by) {
    return new JsonObject().put("type", "room-updated").put("lobby", new JsonObject().put("enabled", lobbyEnabled))
        .put("by", by).encode();
  }

  public static String chat(ChatLine line) {
    return chatObject(line).encode();
  }

  private static JsonObject chatObject(ChatLine line) {
    return new JsonObject().put("type", "chat").put("from", line.from()).put("name", line.name())
        .put("text", line.text()).put("ts", line.ts());
  }

  /** A moderator's note to the waiting room; {@code text} empty when it was cleared. */
  public static String lobbyMessage(LobbyNote note, String clearedBy) {
    JsonObject f = new JsonObject().put("type", "lobby-message");
    if (note == null) {
      return f.put("text", "").put("from", clearedBy).encode();
    }
    return f.mergeIn(note(note)).encode();
  }

  private static JsonObject note(LobbyNote note) {
    return new JsonObject().put("text", note.text()).put("from", note.from()).put("ts", note.ts());
  }
}
