package io.konsil.signaling.connection;

import io.konsil.common.config.KonsilConfig;
import io.konsil.signaling.metrics.SignalingMetrics;
import io.konsil.signaling.protocol.BadFrame;
import io.konsil.signaling.protocol.ClientFrames;
import io.konsil.signaling.protocol.ClientMessage;
import io.konsil.signaling.protocol.CloseCodes;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.protocol.ServerFrames;
import io.konsil.signaling.switchboard.Endpoint;
import io.konsil.signaling.switchboard.Rooms;
import io.konsil.signaling.switchboard.Ticket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling WebSocket: enforces the transport limits (frame size, rate, idle timeout), decodes text frames into
 * {@link ClientMessage}s and hands them to the {@link Rooms}. It knows nothing about rooms; the rooms reach the client
 * through it as an {@link Endpoint}.
 *
 * <p>Rate rule: frames are taken from a token bucket ({@code messageBurst} deep, refilled at
 * {@code messagesPerSecond}). A frame finding it empty is dropped; the first drop of a run is answered with
 * {@code error rate-limited}. More than {@code messagesPerSecond} drops within one second is a flood: {@code error
 * flood}, close 1008.
 */
public final class Connection implements Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final long SECOND = 1_000_000_000L;
  /**
   * How much may pile up for a client that stopped reading before it is cut off. Without a bound, one stalled
   * browser tab would make the node buffer every frame relayed to it until memory runs out.
   */
  public static final int MAX_BACKLOG_BYTES = 1 << 20;

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final Ticket link;
  private final Rooms rooms;
  private final KonsilConfig.Signaling limits;
  private final SignalingMetrics metrics;
  private final TokenBucket bucket;
  private volatile boolean closed;
  private volatile short serverClose;
  private volatile long lastSeen;
  private long idleTimer = -1;
  private boolean dropping;
  private long dropWindowStart;
  private int dropsInWindow;
  private long backlogBytes;

  public Connection(Vertx vertx, ServerWebSocket socket, Ticket link, Rooms rooms, KonsilConfig.Signaling limits,
      SignalingMetrics metrics) {
    this.vertx = vertx;
    this.socket = socket;
    this.link = link;
    this.rooms = rooms;
    this.limits = limits;
    this.metrics = metrics;
    this.bucket = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), System.nanoTime());
  }

  /** Installs the handlers and joins; call on the socket's context right after the upgrade. */
  public void start() {
    metrics.connectionOpened();
    lastSeen = System.nanoTime();
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(b -> onBadFrame());
    socket.pongHandler(b -> lastSeen = System.nanoTime());
    socket.exceptionHandler(err -> { /* reported through the close handler */ });
    socket.closeHandler(v -> onClose());
    socket.drainHandler(v -> backlogBytes = 0);
    long idle = limits.idleTimeout().toMillis();
    if (idle > 0) {
      idleTimer = vertx.setPeriodic(Math.max(50, Math.min(idle / 4, 5_000)), t -> checkIdle(idle));
    }
    rooms.attach(link, this);
  }

  private void checkIdle(long idleMillis) {
    if (!closed && System.nanoTime() - lastSeen > idleMillis * 1_000_000L) {
      close(CloseCodes.IDLE_TIMEOUT, "idle-timeout");
    }
  }

  private void onText(String text) {
    if (closed || serverClose != 0) {
      return;
    }
    long now = System.nanoTime();
    lastSeen = now;
    if (tooBig(text)) {
      refuse(ErrorCodes.MESSAGE_TOO_BIG, "Frames are limited to " + limits.maxFrameBytes() + " bytes", CloseCodes.TOO_BIG);
      return;
    }
    if (!bucket.tryTake(now)) {
      onDrop(now);
      return;
    }
    dropping = false;
    ClientMessage message;
    try {
      message = ClientFrames.read(text);
    } catch (BadFrame e) {
      sendError(e.code(), e.getMessage(), e.id());
      return;
    }
    try {
      rooms.receive(link, message);
    } catch (RuntimeException e) {
      // A bug must cost one frame, not the connection.
      LOG.error("frame handling failed: room={} user={}", link.room(), link.caller().id(), e);
      sendError(ErrorCodes.INTERNAL, "Internal error", message.id());
    }
  }

  private boolean tooBig(String text) {
    int max = limits.maxFrameBytes();
    // Cheap bounds first: a UTF-8 char takes 1 to 3 bytes per UTF-16 unit.
    if (text.length() <= max / 3) {
      return false;
    }
    return text.length() > max || text.getBytes(StandardCharsets.UTF_8).length > max;
  }

  private void onDrop(long now) {
    if (now - dropWindowStart > SECOND) {
      dropWindowStart = now;
      dropsInWindow = 0;
    }
    dropsInWindow++;
    if (dropsInWindow > limits.messagesPerSecond()) {
      refuse(ErrorCodes.FLOOD, "Sustained flood past the rate limit", CloseCodes.POLICY_VIOLATION);
      return;
    }
    if (!dropping) {
      dropping = true;
      sendError(ErrorCodes.RATE_LIMITED,
          "More than " + limits.messagesPerSecond() + " frames per second; frames are being dropped", null);
    }
  }

  private void onBadFrame() {
    if (closed || serverClose != 0) {
      return;
    }
    long now = System.nanoTime();
    lastSeen = now;
    // Binary frames count against the rate like any other, so they cannot buy error frames for free.
    if (!bucket.tryTake(now)) {
      onDrop(now);
      return;
    }
    dropping = false;
    sendError(ErrorCodes.MALFORMED_JSON, "Only JSON text frames are accepted", null);
  }

  private void refuse(String code, String message, short closeCode) {
    // Ids only: never the frame, which may hold chat text or SDP.
    LOG.warn("closing signaling connection for abuse: code={} close={} room={} user={}", code, closeCode, link.room(),
        link.caller().id());
    sendError(code, message, null);
    close(closeCode, code);
  }

  private void sendError(String code, String message, String id) {
    metrics.error(code);
    send(ServerFrames.error(code, message, id));
  }

  private void onClose() {
    if (closed) {
      return;
    }
    closed = true;
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    metrics.connectionClosed();
    boolean resumable;
    if (serverClose != 0) {
      // Of the server's own closes only the idle timeout leaves the session to resume; the others already
      // removed the participant (kick, deny, end, leave) or are abuse.
      resumable = serverClose == CloseCodes.IDLE_TIMEOUT || serverClose == CloseCodes.SLOW_CONSUMER;
    } else {
      // A client closing with 1000 hangs up; a drop, 1001 (page unload) or anything else may come back.
      Short status = socket.closeStatusCode();
      resumable = status == null || status != CloseCodes.NORMAL;
    }
    rooms.detached(link, resumable);
  }

  @Override
  public void send(String text) {
    if (closed || serverClose != 0) {
      return;
    }
    try {
      write(text);
    } catch (IllegalStateException closedMeanwhile) {
      // The socket closed between our last look and this write; its close handler is on its way.
    }
  }

  private void write(String text) {
    if (socket.writeQueueFull()) {
      backlogBytes += text.length();
      if (backlogBytes > MAX_BACKLOG_BYTES) {
        LOG.warn("closing signaling connection: slow consumer room={} user={}", link.room(), link.caller().id());
        metrics.error(ErrorCodes.SLOW_CONSUMER);
        close(CloseCodes.SLOW_CONSUMER, ErrorCodes.SLOW_CONSUMER);
        // The close frame waits behind the very backlog the client is not reading; leave the room now rather
        // than after the closing handshake times out.
        // Deferred: this runs inside the room logic that is relaying to us.
        vertx.getOrCreateContext().runOnContext(v -> onClose());
        return;
      }
    }
    socket.writeTextMessage(text);
  }

  @Override
  public Future<Void> close(short code, String reason) {
    if (serverClose == 0) {
      serverClose = code;
    }
    if (closed) {
      return Future.succeededFuture();
    }
    return socket.close(code, reason).recover(err -> Future.succeededFuture());
  }
}
