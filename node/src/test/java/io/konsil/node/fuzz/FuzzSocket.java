package io.konsil.node.fuzz;

import io.konsil.signaling.protocol.CloseCodes;
import io.konsil.signaling.protocol.ErrorCodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A real WebSocket client of the signaling protocol that checks everything the server says: every frame is a JSON
 * object of a documented type, every {@code error} carries a code from {@link ErrorCodes}, and the connection only
 * ever ends with a close code from {@link CloseCodes} (never a dropped TCP connection, 1006).
 */
final class FuzzSocket {
  /** Server → client types of docs/protocol.md (relays included). */
  static final Set<String> SERVER_TYPES = Set.of("welcome", "lobby", "knocking", "knock-ended", "denied",
      "participant-joined", "participant-left", "participant-updated", "offer", "answer", "candidate", "chat",
      "lobby-message", "room-updated", "kicked", "ended", "pong", "ack", "error", "media-mode", "recording",
      "recordings", "recording-consent-request", "sfu-offer", "sfu-answer", "sfu-candidate", "sfu-restart", "sfu-leg-closed");
  static final Set<String> ERROR_CODES = constants(ErrorCodes.class, String.class);
  static final Set<Short> CLOSE_CODES = constants(CloseCodes.class, Short.class);

  final String name;
  final List<String> violations;
  private final Consumer<JsonObject> listener;
  private WebSocket ws;
  private final Promise<Short> closed = Promise.promise();
  volatile String participantId;
  volatile int received;

  private FuzzSocket(String name, List<String> violations, Consumer<JsonObject> listener) {
    this.name = name;
    this.violations = violations;
    this.listener = listener;
  }

  static Future<FuzzSocket> connect(WebSocketClient client, int port, String room, String token, String name,
                                    List<String> violations, Consumer<JsonObject> listener) {
    FuzzSocket s = new FuzzSocket(name, violations, listener);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/signal/" + room + "?jwt=" + token);
    return client.connect(options).map(ws -> {
      s.ws = ws;
      ws.textMessageHandler(s::onText);
      ws.binaryMessageHandler(b -> s.violation("a binary frame from the server"));
      ws.closeHandler(v -> {
        Short code = ws.closeStatusCode();
        if (code == null || !CLOSE_CODES.contains(code)) {
          s.violation("closed with " + code + " (" + ws.closeReason() + "), not a documented close code");
        }
        s.closed.tryComplete(code);
      });
      ws.exceptionHandler(e -> { });
      return s;
    });
  }

  private void onText(String text) {
    received++;
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      violation("a frame that is not a JSON object: " + preview(text));
      return;
    }
    String type = frame.getString("type");
    if (type == null || !SERVER_TYPES.contains(type)) {
      violation("an undocumented frame type: " + preview(text));
    } else if (type.equals("error") && !ERROR_CODES.contains(frame.getString("code"))) {
      violation("an undocumented error code: " + preview(text));
    } else if ((type.equals("welcome") || type.equals("lobby")) && frame.getString("participantId") != null) {
      participantId = frame.getString("participantId");
    }
    listener.accept(frame);
  }

  private void violation(String what) {
    if (violations.size() < 50) {
      violations.add(name + ": " + what);
    }
  }

  boolean isClosed() {
    return closed.future().isComplete();
  }

  Future<Short> closed() {
    return closed.future();
  }

  Future<Void> send(String text) {
    return isClosed() ? Future.succeededFuture() : ws.writeTextMessage(text).recover(e -> Future.succeededFuture());
  }

  Future<Void> sendBinary(byte[] bytes) {
    return isClosed() ? Future.succeededFuture()
        : ws.writeBinaryMessage(Buffer.buffer(bytes)).recover(e -> Future.succeededFuture());
  }

  /** A text frame whose payload is not UTF-8: the client API cannot make one from a String. */
  Future<Void> sendInvalidUtf8(byte[] bytes) {
    return isClosed() ? Future.succeededFuture()
        : ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes, true))
            .recover(e -> Future.succeededFuture());
  }

  Future<Void> close() {
    return isClosed() ? Future.succeededFuture() : ws.close().recover(e -> Future.succeededFuture());
  }

  private static String preview(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  @SuppressWarnings("unchecked")
  private static <T> Set<T> constants(Class<?> holder, Class<T> type) {
    Set<T> values = new HashSet<>();
    for (Field f : holder.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && (f.getType() == type
          || (type == Short.class && f.getType() == short.class))) {
        try {
          values.add((T) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Set.copyOf(values);
  }
}
