package io.konsil.signaling.media.janus;

import io.konsil.signaling.media.IceCandidate;
import io.konsil.signaling.media.Sdp;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

/**
 * One handle attached to a plugin: a plugin conversation and, for VideoRoom, at most one peer connection. Sends
 * plugin messages (with an optional JSEP), trickles candidates, and passes on the events Janus sends for it.
 */
final class JanusHandle {
  private final JanusSession session;
  private final long id;
  private Handler<JsonObject> events = e -> {};

  JanusHandle(JanusSession session, long id) {
    this.session = session;
    this.id = id;
  }

  long id() {
    return id;
  }

  /** Events Janus sends on its own for this handle: webrtcup, media, hangup, trickle, plugin events. */
  void onEvent(Handler<JsonObject> handler) {
    this.events = handler;
  }

  void dispatch(JsonObject event) {
    events.handle(event);
  }

  /** A plugin message; completes with the plugin's reply, or fails with the plugin's {@code error_code}. */
  Future<PluginReply> message(JsonObject body) {
    return message(body, null, null);
  }

  Future<PluginReply> message(JsonObject body, String jsepType, Sdp sdp) {
    JsonObject request = new JsonObject().put("janus", "message").put("handle_id", id).put("body", body);
    if (sdp != null) {
      request.put("jsep", new JsonObject().put("type", jsepType).put("sdp", sdp.text()));
    }
    return session.request(request, false).compose(PluginReply::of);
  }

  Future<Void> trickle(IceCandidate candidate) {
    JsonObject c = new JsonObject().put("candidate", candidate.candidate());
    if (candidate.sdpMid() != null) {
      c.put("sdpMid", candidate.sdpMid());
    }
    if (candidate.mLineIndex() >= 0) {
      c.put("sdpMLineIndex", candidate.mLineIndex());
    }
    return trickle(c);
  }

  Future<Void> trickleCompleted() {
    return trickle(new JsonObject().put("completed", true));
  }

  /** Detaches from the plugin: for VideoRoom this hangs up the peer connection and leaves the room. */
  Future<Void> detach() {
    session.forget(this);
    if (!session.alive()) {
      return Future.succeededFuture();
    }
    return session.request(new JsonObject().put("janus", "detach").put("handle_id", id), false).mapEmpty();
  }

  private Future<Void> trickle(JsonObject candidate) {
    return session.request(new JsonObject().put("janus", "trickle").put("handle_id", id).put("candidate", candidate),
        true).mapEmpty();
  }

  /** A plugin's reply: its data (the VideoRoom {@code videoroom} object) and the JSEP that came with it, if any. */
  record PluginReply(JsonObject data, Sdp jsep) {
    static Future<PluginReply> of(JsonObject janusReply) {
      JsonObject pluginData = janusReply.getJsonObject("plugindata", new JsonObject());
      JsonObject data = pluginData.getJsonObject("data", new JsonObject());
      if (data.containsKey("error_code")) {
        return Future.failedFuture(new JanusFailure(data.getInteger("error_code"), data.getString("error", ""), true));
      }
      JsonObject jsep = janusReply.getJsonObject("jsep");
      return Future.succeededFuture(new PluginReply(data, jsep == null ? null : new Sdp(jsep.getString("sdp", ""))));
    }
  }
}
