package io.konsil.signaling.media.janus;

import io.konsil.signaling.media.MediaErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests waiting for their reply, matched by the {@code transaction} Janus echoes. Plugin messages that Janus
 * handles asynchronously get an {@code ack} first and their real reply later as an {@code event} with the same
 * transaction; {@code keepalive} and {@code trickle} end at the {@code ack}. Confined to the connection's context.
 */
final class JanusTransactions {
  private final Vertx vertx;
  private final Duration timeout;
  private final Map<String, Pending> pending = new HashMap<>();
  private final AtomicLong next = new AtomicLong();
  private final String prefix = Long.toString(System.nanoTime(), 36) + "-";

  private record Pending(Promise<JsonObject> promise, boolean ackIsFinal, long timer) {}

  JanusTransactions(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout = timeout;
  }

  /** Registers {@code request} under a new transaction id, which it adds to the request. */
  Future<JsonObject> register(JsonObject request, boolean ackIsFinal) {
    String id = prefix + next.incrementAndGet();
    request.put("transaction", id);
    Promise<JsonObject> promise = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(), t -> {
      if (pending.remove(id) != null) {
        promise.tryFail(MediaErrors.unavailable("no reply to " + request.getString("janus") + " within "
            + timeout.toMillis() + " ms"));
      }
    });
    pending.put(id, new Pending(promise, ackIsFinal, timer));
    return promise.future();
  }

  /** Offers an incoming message; true when it was the reply (or ack) of a pending request. */
  boolean accept(JsonObject message) {
    String id = message.getString("transaction");
    if (id == null) {
      return false;
    }
    Pending p = pending.get(id);
    if (p == null) {
      return false;
    }
    String kind = message.getString("janus", "");
    if ("ack".equals(kind) && !p.ackIsFinal()) {
      return true;
    }
    pending.remove(id);
    vertx.cancelTimer(p.timer());
    if ("error".equals(kind)) {
      JsonObject error = message.getJsonObject("error", new JsonObject());
      p.promise().tryFail(new JanusFailure(error.getInteger("code", 0), error.getString("reason", "error"), false));
    } else {
      p.promise().tryComplete(message);
    }
    return true;
  }

  /** Fails every pending request (the connection is gone). */
  void failAll(String why) {
    for (Pending p : pending.values()) {
      vertx.cancelTimer(p.timer());
      p.promise().tryFail(MediaErrors.unavailable(why));
    }
    pending.clear();
  }
}
