package io.konsil.signaling.media;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An observer that asks Janus itself, over its own WebSocket and session, what a VideoRoom holds: independent of the
 * adapter under test, so "released" means Janus says so.
 */
final class JanusProbe implements AutoCloseable {
  private final WebSocketClient client;
  private final WebSocket socket;
  private final Map<String, Promise<JsonObject>> pending = new HashMap<>();
  private final long session;
  private final long handle;
  private int next;

  JanusProbe(Vertx vertx, URI uri) throws Exception {
    client = vertx.createWebSocketClient();
    socket = client.connect(new WebSocketConnectOptions().setAbsoluteURI(uri.toString())
        .addSubProtocol("janus-protocol")).await(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> {
      JsonObject m = new JsonObject(text);
      Promise<JsonObject> p;
      synchronized (pending) {
        p = "ack".equals(m.getString("janus")) ? null : pending.remove(m.getString("transaction", ""));
      }
      if (p != null) {
        p.complete(m);
      }
    });
    session = call(new JsonObject().put("janus", "create")).getJsonObject("data").getLong("id");
    handle = call(new JsonObject().put("janus", "attach").put("session_id", session)
        .put("plugin", "janus.plugin.videoroom")).getJsonObject("data").getLong("id");
  }

  /** The ids Janus lists in the room, or null when Janus says there is no such room. */
  Set<String> participants(String room) throws Exception {
    JsonObject data = plugin(new JsonObject().put("request", "listparticipants").put("room", room));
    if (data.containsKey("error_code")) {
      return null;
    }
    Set<String> ids = new LinkedHashSet<>();
    JsonArray list = data.getJsonArray("participants", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      ids.add(String.valueOf(list.getJsonObject(i).getValue("id")));
    }
    return ids;
  }

  boolean roomExists(String room) throws Exception {
    return plugin(new JsonObject().put("request", "exists").put("room", room)).getBoolean("exists", false);
  }

  private JsonObject plugin(JsonObject body) throws Exception {
    JsonObject reply = call(new JsonObject().put("janus", "message").put("session_id", session)
        .put("handle_id", handle).put("body", body));
    return reply.getJsonObject("plugindata").getJsonObject("data");
  }

  private JsonObject call(JsonObject request) throws Exception {
    String id = "probe-" + (++next);
    Promise<JsonObject> p = Promise.promise();
    synchronized (pending) {
      pending.put(id, p);
    }
    socket.writeTextMessage(request.put("transaction", id).encode());
    return p.future().await(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    socket.close().await(5, TimeUnit.SECONDS);
    client.close();
  }
}
