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
