package io.konsil.signaling.media.janus;

import io.konsil.signaling.media.MediaErrors;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WebSocket to Janus (subprotocol {@code janus-protocol}): sends requests, matches replies through
 * {@link JanusTransactions} and routes everything else (events Janus sends on its own) to the {@link JanusSession}
 * they belong to. Confined to the context it was opened on.
 */
final class JanusConnection {
  static final String SUBPROTOCOL = "janus-protocol";
  private static final Logger LOG = LoggerFactory.getLogger(JanusConnection.class);
  /** A subscription offer for twelve feeds is some tens of kilobytes; Janus fragments large messages. */
  private static final int MAX_MESSAGE = 1 << 20;

  private final JanusSettings settings;
  private final WebSocketClient client;
  private final WebSocket socket;
  private final JanusTransactions transactions;
  private final Map<Long, JanusSession> sessions = new HashMap<>();
  private Handler<String> lost = why -> {};
  private boolean open = true;

  private JanusConnection(JanusSettings settings, WebSocketClient client, WebSocket socket,
      JanusTransactions transactions) {
    this.settings = settings;
    this.client = client;
    this.socket = socket;
    this.transactions = transactions;
  }

  static Future<JanusConnection> open(Vertx vertx, JanusSettings settings) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_MESSAGE).setMaxMessageSize(MAX_MESSAGE)
        .setConnectTimeout((int) settings.requestTimeout().toMillis()));
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setAbsoluteURI(settings.uri().toString())
        .addSubProtocol(SUBPROTOCOL);
    return client.connect(options)
        .recover(err -> {
          client.close();
          return Future.failedFuture(MediaErrors.unavailable("cannot connect to Janus at " + settings.uri().getHost()
              + ":" + settings.uri().getPort() + " (" + err.getMessage() + ")"));
        })
        .map(ws -> {
          JanusConnection c = new JanusConnection(settings, client, ws,
              new JanusTransactions(vertx, settings.requestTimeout()));
          ws.textMessageHandler(c::receive);
          ws.exceptionHandler(err -> LOG.warn("Janus WebSocket error: {}", err.getMessage()));
          ws.closeHandler(v -> c.closed("the connection to Janus closed"));
          return c;
        });
  }

  /** Called once when the connection is gone for good (Janus stopped, network broke, keepalive unanswered). */
  void onLost(Handler<String> handler) {
    this.lost = handler;
  }

  boolean isOpen() {
    return open;
  }

  /**
   * Sends a Janus API request ({@code create}, {@code attach}, {@code message}, ...) and completes with its reply;
   * fails with {@link JanusFailure} on a Janus error reply.
   */
  Future<JsonObject> request(JsonObject request, boolean ackIsFinal) {
    if (!open) {
      return Future.failedFuture(MediaErrors.unavailable("the connection to Janus is closed"));
    }
    if (settings.apiSecret() != null) {
      request.put("apisecret", settings.apiSecret());
    }
    Future<JsonObject> reply = transactions.register(request, ackIsFinal);
    socket.writeTextMessage(request.encode()).onFailure(err -> transactions.failAll(err.getMessage()));
    return reply;
  }

  void register(long sessionId, JanusSession session) {
    sessions.put(sessionId, session);
  }

  void unregister(long sessionId) {
    sessions.remove(sessionId);
  }

  Future<Void> close() {
    if (!open) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    socket.close().onComplete(ar -> client.close().onComplete(x -> done.tryComplete()));
    closed("closed by this node");
    return done.future();
  }

  private void receive(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      LOG.warn("Janus sent a message that is not a JSON object; ignored");
      return;
    }
    if (transactions.accept(message)) {
      return;
    }
    Long sessionId = message.getLong("session_id");
    JanusSession session = sessionId == null ? null : sessions.get(sessionId);
    if (session != null) {
      session.dispatch(message);
    } else {
      LOG.debug("Janus event {} for no known session", message.getString("janus"));
    }
  }

  private void closed(String why) {
    if (!open) {
      return;
    }
    open = false;
    transactions.failAll(why);
    client.close();
    for (JanusSession session : Map.copyOf(sessions).values()) {
      session.lost(why);
    }
    sessions.clear();
    lost.handle(why);
  }
}
