package io.konsil.signaling.protocol;

/**
 * Every frame a client may send, decoded and validated by {@link ClientFrames}. {@code id} is the client's optional
 * correlation id, echoed in the server's {@code ack}, {@code pong} or {@code error}.
 */
public sealed interface ClientMessage {

  String id();

  /** The wire {@code type}, for errors and metrics. */
  String type();

  /** Explicit join: only needed to skip the resume wait when the same user already has a session in the room. */
  record Join(String id) implements ClientMessage {
    public String type() {
      return "join";
    }
  }

  record Resume(String id, String resumeToken) implements ClientMessage {
    public String type() {
      return "resume";
    }
  }

  record Ping(String id) implements ClientMessage {
    public String type() {
      return "ping";
    }
  }

  /**
   * offer, answer or candidate for one participant. {@code members} are the sender's JSON members as sent (each
   * preceded by a comma), minus {@code id}, {@code to} and {@code from}: the forwarded frame is spliced from them.
   */
  record Relay(String id, String type, String to, String members) implements ClientMessage {
    /** The frame the addressee gets, with {@code from} set by the server. */
    public String frameFrom(String participantId) {
      return "{\"from\":\"" + participantId + '"' + members + '}';
    }
  }

  record Chat(String id, String text) implements ClientMessage {
    public String type() {
      return "chat";
    }
  }

  /** Absent fields (null) are left unchanged. */
  record Update(String id, Boolean audioMuted, Boolean videoMuted, Boolean screenSharing, String displayName)
      implements ClientMessage {
    public String type() {
      return "update";
    }
  }

  record Admit(String id, String participantId) implements ClientMessage {
    public String type() {
      return "admit";
    }
  }

  record Deny(String id, String participantId) implements ClientMessage {
    public String type() {
      return "deny";
    }
  }

  record Kick(String id, String participantId) implements ClientMessage {
    public String type() {
      return "kick";
    }
  }

  record LobbyToggle(String id, boolean enabled) implements ClientMessage {
    public String type() {
      return "lobby-toggle";
    }
  }

  /** A moderator's note to everyone waiting; an empty text clears it. */
  record LobbyMessage(String id, String text) implements ClientMessage {
    public String type() {
      return "lobby-message";
    }
  }

  /** Publish this browser's media to the media server: {@code sdp} is its offer (SFU calls only). */
  record SfuPublish(String id, String sdp) implements ClientMessage {
    public String type() {
      return "sfu-publish";
    }
  }

  /** Receive participant {@code feed}'s media from the media server; the server answers with its offer. */
  record SfuSubscribe(String id, String feed) implements ClientMessage {
    public String type() {
      return "sfu-subscribe";
    }
  }

  /** The browser's answer to the server's offer for {@code feed}. */
  record SfuAnswer(String id, String feed, String sdp) implements ClientMessage {
    public String type() {
      return "sfu-answer";
    }
  }

  /**
   * A browser ICE candidate for one leg to the media server: {@code leg} is {@code publish} or the feed's participant
   * id; {@code candidate} null means end of candidates.
   */
  record SfuCandidate(String id, String leg, String candidate, String sdpMid, int sdpMLineIndex)
      implements ClientMessage {
    public String type() {
      return "sfu-candidate";
    }
  }

  /** Stop receiving {@code feed}. */
  record SfuUnsubscribe(String id, String feed) implements ClientMessage {
    public String type() {
      return "sfu-unsubscribe";
    }
  }

  /** Ask for a lower or higher simulcast layer of {@code feed} ({@code low}, {@code medium}, {@code high}). */
  record SfuLayer(String id, String feed, String layer) implements ClientMessage {
    public String type() {
      return "sfu-layer";
    }
  }

  /** Give ({@code recording} true, to the wording {@code version}) or withdraw consent to being recorded. */
  record Consent(String id, boolean recording, String version) implements ClientMessage {
    public String type() {
      return "consent";
    }
  }

  /** A moderator starts ({@code on}) or stops recording the call. */
  record Record(String id, boolean on) implements ClientMessage {
    public String type() {
      return "record";
    }
  }

  /** A moderator asks everyone in the call who has not consented to recording yet to consider it (SFU calls only). */
  record ConsentRequest(String id) implements ClientMessage {
    public String type() {
      return "recording-consent-request";
    }
  }

  /** A moderator asks for the room's recordings (the reply is a {@code recordings} frame). */
  record RecordingList(String id) implements ClientMessage {
    public String type() {
      return "recordings";
    }
  }

  record End(String id) implements ClientMessage {
    public String type() {
      return "end";
    }
  }

  record Leave(String id) implements ClientMessage {
    public String type() {
      return "leave";
    }
  }
}
