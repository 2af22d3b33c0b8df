package io.konsil.common.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real WebSocket client driven by a test script: connect, send JSON frames, and await the frames a user would
 * observe ({@link #next(String)}, {@link #await}) or the close status. Frames not yet awaited are kept in arrival
 * order, so a script can wait for a later frame without losing earlier ones.
 *
 * <p>Every call may come from any thread; all state is guarded by this object's monitor (test code only).
 */
public final class ScriptedSocket {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  // Kept in a field: Vert.x 5 closes clients that are garbage-collected.
  private final WebSocketClient client;
  private final WebSocket socket;
  private final List<JsonObject> history = new ArrayList<>();
  private final List<JsonObject> unread = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Promise<Short> closed = Promise.promise();
  private volatile String closeReason;

  private record Waiter(Predicate<JsonObject> predicate, Promise<JsonObject> promise, long timer) {}

  /** Why a handshake was refused: the HTTP status and the (problem+json) body. */
  public record Refusal(int status, JsonObject body) {
    public String code() {
      return body == null ? null : body.getString("code");
    }
  }

  private ScriptedSocket(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
  }

  /** Connects to {@code url} (ws://host:port/path?query). */
  public static Future<ScriptedSocket> connect(Vertx vertx, String url) {
    return connect(vertx, new WebSocketClientOptions(), options(url));
  }

  /** Connects with an Origin header, as a browser would send it. */
  public static Future<ScriptedSocket> connect(Vertx vertx, String url, String origin) {
    WebSocketConnectOptions o = options(url);
    if (origin != null) {
      o.setAllowOriginHeader(true).addHeader("Origin", origin);
    }
    return connect(vertx, new WebSocketClientOptions(), o);
  }

  public static Future<ScriptedSocket> connect(Vertx vertx, WebSocketClientOptions clientOptions, WebSocketConnectOptions connect) {
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    return client.connect(connect)
        .map(ws -> new ScriptedSocket(vertx, client, ws).listen())
        .onFailure(err -> client.close());
  }

  /**
   * Expects the handshake to be refused and yields the refusal; fails if the upgrade succeeds (the socket is then
   * closed).
   */
  public static Future<Refusal> refused(Vertx vertx, String url) {
    return refused(vertx, url, null);
  }

  public static Future<Refusal> refused(Vertx vertx, String url, String origin) {
    return connect(vertx, url, origin).transform(ar -> {
      if (ar.succeeded()) {
        ar.result().close();
        return Future.failedFuture(new AssertionError("handshake to " + url + " was accepted, expected a refusal"));
      }
      if (!(ar.cause() instanceof UpgradeRejectedException rejected)) {
        return Future.failedFuture(ar.cause());
      }
      Buffer body = rejected.getBody();
      JsonObject json = null;
      if (body != null && body.length() > 0) {
        try {
          json = body.toJsonObject();
        } catch (DecodeException e) {
          json = new JsonObject().put("raw", body.toString());
        }
      }
      return Future.succeededFuture(new Refusal(rejected.getStatus(), json));
    });
  }

  public static WebSocketConnectOptions options(String url) {
    URI uri = URI.create(url);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new WebSocketConnectOptions()
        .setHost(uri.getHost())
        .setPort(uri.getPort())
        .setSsl("wss".equals(uri.getScheme()))
        .setURI(path)
        // A script is not a browser: no Origin unless the test sends one (connect(vertx, url, origin)).
        .setAllowOriginHeader(false);
  }

  private ScriptedSocket listen() {
    socket.textMessageHandler(text -> {
      JsonObject frame;
      try {
        frame = new JsonObject(text);
      } catch (DecodeException e) {
        frame = new JsonObject().put("type", "<not-json>").put("raw", text);
      }
      deliver(frame);
    });
    socket.closeHandler(v -> {
      closeReason = socket.closeReason();
      Short status = socket.closeStatusCode();
      closed.tryComplete(status == null ? (short) 1006 : status);
      client.close();
    });
    return this;
  }

  private void deliver(JsonObject frame) {
    Promise<JsonObject> toComplete = null;
    synchronized (this) {
      history.add(frame);
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.predicate.test(frame)) {
          it.remove();
          vertx.cancelTimer(w.timer);
          toComplete = w.promise;
          break;
        }
      }
      if (toComplete == null) {
        unread.add(frame);
      }
    }
    if (toComplete != null) {
      toComplete.tryComplete(frame);
    }
  }

  /** Sends a JSON text frame. */
  public Future<Void> send(JsonObject frame) {
    return socket.writeTextMessage(frame.encode());
  }

  /** Sends raw text (for malformed-input tests). */
  public Future<Void> sendText(String text) {
    return socket.writeTextMessage(text);
  }

  /** The next unread frame of {@code type}; earlier unread frames of other types stay unread. */
  public Future<JsonObject> next(String type) {
    return await(f -> type.equals(f.getString("type")), DEFAULT_TIMEOUT);
  }

  public Future<JsonObject> next(String type, Duration timeout) {
    return await(f -> type.equals(f.getString("type")), timeout);
  }

  /** The next unread frame of any type. */
  public Future<JsonObject> next() {
    return await(f -> true, DEFAULT_TIMEOUT);
  }

  /** The first unread frame matching {@code predicate}, waiting up to {@code timeout} for it to arrive. */
  public Future<JsonObject> await(Predicate<JsonObject> predicate, Duration timeout) {
    Promise<JsonObject> promise = Promise.promise();
    synchronized (this) {
      for (Iterator<JsonObject> it = unread.iterator(); it.hasNext(); ) {
        JsonObject f = it.next();
        if (predicate.test(f)) {
          it.remove();
          return Future.succeededFuture(f);
        }
      }
      long[] timer = new long[1];
      Waiter[] self = new Waiter[1];
      timer[0] = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
        synchronized (this) {
          waiters.remove(self[0]);
        }
        promise.tryFail(new TimeoutException("no matching frame within " + timeout + "; unread: " + unreadCopy()));
      });
      self[0] = new Waiter(predicate, promise, timer[0]);
      waiters.add(self[0]);
    }
    return promise.future();
  }

  /** Succeeds if no unread frame of {@code type} is present or arrives within {@code window}. */
  public Future<Void> expectNone(String type, Duration window) {
    return await(f -> type.equals(f.getString("type")), window).transform(ar -> ar.succeeded()
        ? Future.failedFuture(new AssertionError("unexpected frame " + ar.result().encode()))
        : (ar.cause() instanceof TimeoutException ? Future.succeededFuture() : Future.failedFuture(ar.cause())));
  }

  /** Sends {@code frame} and awaits the reply of {@code type} that echoes its {@code id}. */
  public Future<JsonObject> request(JsonObject frame, String replyType) {
    String id = frame.getString("id");
    if (id == null) {
      id = "r-" + System.nanoTime();
      frame = frame.copy().put("id", id);
    }
    String expected = id;
    Future<JsonObject> reply = await(f -> replyType.equals(f.getString("type")) && expected.equals(f.getString("id")), DEFAULT_TIMEOUT);
    return send(frame).compose(v -> reply);
  }

  /** Every frame received so far, read or not, in arrival order. */
  public synchronized List<JsonObject> history() {
    return List.copyOf(history);
  }

  public synchronized List<JsonObject> unreadCopy() {
    return List.copyOf(unread);
  }

  /** Completes with the close status code once the connection is closed (1006 when closed without a close frame). */
  public Future<Short> closed() {
    return closed.future();
  }

  /** The close status, waiting at most {@code timeout}. */
  public Future<Short> closed(Duration timeout) {
    Promise<Short> p = Promise.promise();
    long timer = vertx.setTimer(timeout.toMillis(), t -> p.tryFail(new TimeoutException("not closed within " + timeout)));
    closed.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      p.tryComplete(ar.result());
    });
    return p.future();
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  public WebSocket socket() {
    return socket;
  }

  public Future<Void> close() {
    return socket.close();
  }

  public Future<Void> close(short status, String reason) {
    return socket.close(status, reason);
  }
}
