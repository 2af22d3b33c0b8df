package io.konsil.signaling.protocol;

import io.vertx.core.json.JsonObject;

/** Builds the frames the server sends that carry no room knowledge; room frames are built where the room is. */
public final class ServerFrames {
  private ServerFrames() {}

  public static JsonObject error(String code, String message, String id) {
    JsonObject f = new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (id != null) {
      f.put("id", id);
    }
    return f;
  }

  public static JsonObject ack(String id, String forType) {
    return new JsonObject().put("type", "ack").put("id", id).put("for", forType);
  }

  public static JsonObject pong(String id) {
    JsonObject f = new JsonObject().put("type", "pong").put("ts", System.currentTimeMillis());
    if (id != null) {
      f.put("id", id);
    }
    return f;
  }

  public static JsonObject ended(String reason, String by) {
    JsonObject f = new JsonObject().put("type", "ended").put("reason", reason);
    if (by != null) {
      f.put("by", by);
    }
    return f;
  }
}
