package io.konsil.signaling.media.janus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Janus session ({@code create} ... {@code destroy}) and the plugin handles attached to it, kept alive with a
 * {@code keepalive} well within Janus's {@code session_timeout}. Events Janus sends for a handle go to that handle;
 * a {@code timeout} (Janus dropped the session) or a lost connection ends the session and every handle with it.
 */
final class JanusSession {
  private static final Logger LOG = LoggerFactory.getLogger(JanusSession.class);

  private final Vertx vertx;
  private final JanusConnection connection;
  private final long id;
  private final Map<Long, JanusHandle> handles = new HashMap<>();
  private final long keepaliveTimer;
  private Handler<String> lostHandler = why -> {};
  private boolean alive = true;

  private JanusSession(Vertx vertx, JanusConnection connection, long id, long keepaliveMillis) {
    this.vertx = vertx;
    this.connection = connection;
    this.id = id;
    this.keepaliveTimer = vertx.setPeriodic(keepaliveMillis, t -> keepalive());
  }

  static Future<JanusSession> create(Vertx vertx, JanusConnection connection, JanusSettings settings) {
    return connection.request(new JsonObject().put("janus", "create"), false).map(reply -> {
      long id = reply.getJsonObject("data").getLong("id");
      JanusSession session = new JanusSession(vertx, connection, id, settings.keepalive().toMillis());
      connection.register(id, session);
      return session;
    });
  }

  long id() {
    return id;
  }

  boolean alive() {
    return alive;
  }

  /** Called once if Janus drops the session or the connection is lost. */
  void onLost(Handler<String> handler) {
    this.lostHandler = handler;
  }

  Future<JanusHandle> attach(String plugin) {
    return request(new JsonObject().put("janus", "attach").put("plugin", plugin), false).map(reply -> {
      JanusHandle handle = new JanusHandle(this, reply.getJsonObject("data").getLong("id"));
      handles.put(handle.id(), handle);
      return handle;
    });
  }

  /** A request in this session's scope (adds {@code session_id}). */
  Future<JsonObject> request(JsonObject request, boolean ackIsFinal) {
    return connection.request(request.put("session_id", id), ackIsFinal);
  }

  void forget(JanusHandle handle) {
    handles.remove(handle.id());
  }

  Future<Void> destroy() {
    if (!alive) {
      return Future.succeededFuture();
    }
    end();
    return connection.request(new JsonObject().put("janus", "destroy").put("session_id", id), false)
        .<Void>mapEmpty()
        .recover(err -> Future.succeededFuture());
  }

  void dispatch(JsonObject event) {
    if ("timeout".equals(event.getString("janus"))) {
      lost("Janus timed out the session");
      return;
    }
    Long sender = event.getLong("sender");
    JanusHandle handle = sender == null ? null : handles.get(sender);
    if (handle != null) {
      handle.dispatch(event);
    }
  }

  void lost(String why) {
    if (!alive) {
      return;
    }
    end();
    lostHandler.handle(why);
  }

  private void keepalive() {
    request(new JsonObject().put("janus", "keepalive"), true).onFailure(err -> {
      if (err instanceof JanusFailure f && f.code() == JanusFailure.NO_SUCH_SESSION) {
        lost("Janus no longer knows the session");
      } else {
        LOG.warn("Janus keepalive failed: {}", err.getMessage());
      }
    });
  }

  private void end() {
    alive = false;
    vertx.cancelTimer(keepaliveTimer);
    connection.unregister(id);
    handles.clear();
  }
}
