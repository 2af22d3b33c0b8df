package io.konsil.signaling.protocol;

import io.konsil.common.error.KonsilException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Decodes one client text frame into a {@link ClientMessage}, or fails with a {@link KonsilException} whose code is
 * one of {@link ErrorCodes}. Nothing here touches a socket or a room.
 */
public final class ClientFrames {
  /** Longest chat message, in UTF-16 chars. */
  public static final int MAX_CHAT_CHARS = 2000;
  public static final int MAX_DISPLAY_NAME_CHARS = 64;
  public static final int MAX_ID_CHARS = 128;
  /** A clinician's note to the waiting room ("running 10 minutes late"); empty clears it. */
  public static final int MAX_LOBBY_MESSAGE_CHARS = 280;

  private ClientFrames() {}

  /** The client's correlation id of a frame that may not decode fully, so errors can still echo it. */
  public static String idOf(JsonObject frame) {
    Object id = frame == null ? null : frame.getValue("id");
    if (id instanceof String s && s.length() <= MAX_ID_CHARS) {
      return s;
    }
    if (id instanceof Number n) {
      return n.toString();
    }
    return null;
  }

  /**
   * Reads one client text frame: relayed frames through {@link RelayFrames}' splice, everything else decoded here.
   * Fails with a {@link BadFrame} carrying the code and, when readable, the client's id.
   */
  public static ClientMessage read(String text) {
    ClientMessage.Relay relay = RelayFrames.tryRead(text);
    if (relay != null) {
      return relay;
    }
    JsonObject frame = parse(text);
    try {
      return decode(frame);
    } catch (KonsilException e) {
      throw new BadFrame(e.code(), e.getMessage(), idOf(frame));
    }
  }

  public static JsonObject parse(String text) {
    try {
      Object value = io.vertx.core.json.Json.decodeValue(text);
      if (value instanceof JsonObject o) {
        return o;
      }
    } catch (DecodeException e) {
      // fall through
    }
    throw error(ErrorCodes.MALFORMED_JSON, "A frame must be one JSON object");
  }

  public static ClientMessage decode(JsonObject f) {
    String id = idOf(f);
    Object typeValue = f.getValue("type");
    if (!(typeValue instanceof String type)) {
      throw error(ErrorCodes.MISSING_FIELD, "Field 'type' is required");
    }
    switch (type) {
      case "join":
        return new ClientMessage.Join(id);
      case "resume":
        return new ClientMessage.Resume(id, requiredString(f, "resumeToken", 256));
      case "ping":
        return new ClientMessage.Ping(id);
      case "offer":
      case "answer":
        requiredString(f, "sdp", Integer.MAX_VALUE);
        return relay(f, id, type);
      case "candidate":
        if (!f.containsKey("candidate")) {
          throw error(ErrorCodes.MISSING_FIELD, "Field 'candidate' is required");
        }
        return relay(f, id, type);
      case "chat": {
        String text = requiredString(f, "text", Integer.MAX_VALUE);
        if (text.isBlank()) {
          throw error(ErrorCodes.INVALID_FIELD, "Field 'text' must not be blank");
        }
        if (text.length() > MAX_CHAT_CHARS) {
          throw error(ErrorCodes.TEXT_TOO_LONG, "Chat text is limited to " + MAX_CHAT_CHARS + " characters");
        }
        return new ClientMessage.Chat(id, text);
      }
      case "update": {
        Boolean audio = optionalBoolean(f, "audioMuted");
        Boolean video = optionalBoolean(f, "videoMuted");
        Boolean screen = optionalBoolean(f, "screenSharing");
        String name = null;
        if (f.containsKey("displayName")) {
          name = requiredString(f, "displayName", MAX_DISPLAY_NAME_CHARS).strip();
          if (name.isEmpty()) {
            throw error(ErrorCodes.INVALID_FIELD, "Field 'displayName' must not be blank");
          }
        }
        if (audio == null && video == null && screen == null && name == null) {
          throw error(ErrorCodes.MISSING_FIELD, "An update needs at least one of audioMuted, videoMuted, screenSharing, displayName");
        }
        return new ClientMessage.Update(id, audio, video, screen, name);
      }
      case "admit":
        return new ClientMessage.Admit(id, requiredString(f, "participantId", MAX_ID_CHARS));
      case "deny":
        return new ClientMessage.Deny(id, requiredString(f, "participantId", MAX_ID_CHARS));
      case "kick":
        return new ClientMessage.Kick(id, requiredString(f, "participantId", MAX_ID_CHARS));
      case "lobby-toggle": {
        Boolean enabled = optionalBoolean(f, "enabled");
        if (enabled == null) {
          throw error(ErrorCodes.MISSING_FIELD, "Field 'enabled' is required");
        }
        return new ClientMessage.LobbyToggle(id, enabled);
      }
      case "lobby-message": {
        String text = requiredString(f, "text", Integer.MAX_VALUE).strip();
        if (text.length() > MAX_LOBBY_MESSAGE_CHARS) {
          throw error(ErrorCodes.TEXT_TOO_LONG, "A waiting-room message is limited to " + MAX_LOBBY_MESSAGE_CHARS + " characters");
        }
        return new ClientMessage.LobbyMessage(id, text);
      }
      case "sfu-publish":
        return new ClientMessage.SfuPublish(id, requiredString(f, "sdp", Integer.MAX_VALUE));
      case "sfu-subscribe":
        return new ClientMessage.SfuSubscribe(id, requiredString(f, "feed", MAX_ID_CHARS));
      case "sfu-answer":
        return new ClientMessage.SfuAnswer(id, requiredString(f, "feed", MAX_ID_CHARS),
            requiredString(f, "sdp", Integer.MAX_VALUE));
      case "sfu-unsubscribe":
        return new ClientMessage.SfuUnsubscribe(id, requiredString(f, "feed", MAX_ID_CHARS));
      case "sfu-candidate": {
        String leg = requiredString(f, "leg", MAX_ID_CHARS);
        if (!f.containsKey("candidate")) {
          throw error(ErrorCodes.MISSING_FIELD, "Field 'candidate' is required (null for end of candidates)");
        }
        Object c = f.getValue("candidate");
        String candidate = c == null ? null : requiredString(f, "candidate", 4096);
        String mid = f.getValue("sdpMid") instanceof String m ? m : null;
        int index = f.getValue("sdpMLineIndex") instanceof Number n ? n.intValue() : -1;
        return new ClientMessage.SfuCandidate(id, leg, candidate == null || candidate.isEmpty() ? null : candidate, mid,
            index);
      }
      case "sfu-layer": {
        String layer = requiredString(f, "layer", 16);
        if (!layer.equals("low") && !layer.equals("medium") && !layer.equals("high")) {
          throw error(ErrorCodes.INVALID_FIELD, "Field 'layer' is one of low, medium, high");
        }
        return new ClientMessage.SfuLayer(id, requiredString(f, "feed", MAX_ID_CHARS), layer);
      }
      case "consent": {
        Boolean recording = optionalBoolean(f, "recording");
        if (recording == null) {
          throw error(ErrorCodes.MISSING_FIELD, "Field 'recording' is required");
        }
        String version = recording ? requiredString(f, "version", 64) : null;
        return new ClientMessage.Consent(id, recording, version);
      }
      case "record": {
        Boolean on = optionalBoolean(f, "on");
        if (on == null) {
          throw error(ErrorCodes.MISSING_FIELD, "Field 'on' is required");
        }
        return new ClientMessage.Record(id, on);
      }
      case "recording-consent-request":
        return new ClientMessage.ConsentRequest(id);
      case "recordings":
        return new ClientMessage.RecordingList(id);
      case "end":
        return new ClientMessage.End(id);
      case "leave":
        return new ClientMessage.Leave(id);
      default:
        throw error(ErrorCodes.UNKNOWN_TYPE, "Unknown frame type");
    }
  }

  private static ClientMessage relay(JsonObject f, String id, String type) {
    String to = requiredString(f, "to", MAX_ID_CHARS);
    f.remove("id");
    f.remove("to");
    f.remove("from");
    String encoded = f.encode();
    // The members as sent, minus the braces: the same shape RelayFrames splices.
    String members = encoded.length() > 2 ? "," + encoded.substring(1, encoded.length() - 1) : "";
    return new ClientMessage.Relay(id, type, to, members);
  }

  private static String requiredString(JsonObject f, String field, int maxChars) {
    Object v = f.getValue(field);
    if (v == null) {
      throw error(ErrorCodes.MISSING_FIELD, "Field '" + field + "' is required");
    }
    if (!(v instanceof String s)) {
      throw error(ErrorCodes.INVALID_FIELD, "Field '" + field + "' must be a string");
    }
    if (s.length() > maxChars) {
      throw error(ErrorCodes.INVALID_FIELD, "Field '" + field + "' is too long");
    }
    return s;
  }

  private static Boolean optionalBoolean(JsonObject f, String field) {
    Object v = f.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Boolean b)) {
      throw error(ErrorCodes.INVALID_FIELD, "Field '" + field + "' must be true or false");
    }
    return b;
  }

  public static KonsilException error(String code, String message) {
    return KonsilException.badRequest(code, message);
  }
}
