package io.konsil.signaling.handshake;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException;
import io.konsil.common.error.Problems;
import io.konsil.common.room.RoomName;
import io.konsil.common.token.TokenVerifier;
import io.konsil.signaling.connection.Connection;
import io.konsil.signaling.metrics.SignalingMetrics;
import io.konsil.signaling.protocol.ErrorCodes;
import io.konsil.signaling.switchboard.Rooms;
import io.konsil.signaling.switchboard.Ticket;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /signal/:room?jwt=TOKEN}: room name, Origin, token, then the rooms' admission checks, and only then the
 * WebSocket upgrade. Every refusal is a problem+json response with a stable code (docs/protocol.md). Without an
 * {@code Upgrade: websocket} header the same checks run as a preflight that answers 200 with what would happen,
 * because browsers hide the status of a refused WebSocket handshake.
 */
public final class Handshake implements Handler<RoutingContext> {
  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final Rooms rooms;
  private final KonsilConfig.Signaling limits;
  private final SignalingMetrics metrics;
  private final List<String> allowedOrigins;

  public Handshake(Vertx vertx, TokenVerifier verifier, Rooms rooms, KonsilConfig.Signaling limits, SignalingMetrics metrics) {
    this.vertx = vertx;
    this.verifier = verifier;
    this.rooms = rooms;
    this.limits = limits;
    this.metrics = metrics;
    this.allowedOrigins = limits.allowedOrigins() == null ? List.of()
        : limits.allowedOrigins().stream().map(o -> stripSlash(o).toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // The checks below are asynchronous; the upgrade must still find the request unread.
    request.pause();
    String room = ctx.pathParam("room");
    String jwt = request.getParam("jwt");
    boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
    Future<Void> checked;
    if (!RoomName.isValid(room)) {
      checked = Future.failedFuture(KonsilException.badRequest(ErrorCodes.ROOM_INVALID, RoomName.RULE));
    } else if (!originAllowed(request.getHeader(HttpHeaders.ORIGIN))) {
      checked = Future.failedFuture(KonsilException.forbidden(ErrorCodes.ORIGIN_NOT_ALLOWED,
          "This origin may not open signaling connections"));
    } else {
      checked = Future.succeededFuture();
    }
    checked
        .compose(v -> verifier.verifyForRoom(jwt, room).onFailure(err -> {
          if (err instanceof KonsilException k) {
            metrics.tokenRefused(k.code());
          }
        }))
        .compose(caller -> rooms.reserve(room, caller, tokenKey(jwt), device(request, "camera"),
            device(request, "microphone")))
        .compose(link -> upgrade ? upgrade(ctx, link) : preflight(ctx, link))
        .onFailure(err -> {
          KonsilException e = Problems.from(err);
          metrics.handshakeRefused(e.code());
          request.resume();
          Problems.send(ctx, e);
        });
  }

  private Future<Void> upgrade(RoutingContext ctx, Ticket link) {
    return ctx.request().toWebSocket()
        .onFailure(err -> rooms.release(link))
        .map(ws -> {
          new Connection(vertx, ws, link, rooms, limits, metrics).start();
          return null;
        });
  }

  private Future<Void> preflight(RoutingContext ctx, Ticket link) {
    rooms.release(link);
    JsonObject body = new JsonObject()
        .put("room", link.room())
        .put("user", new JsonObject()
            .put("id", link.caller().id())
            .put("name", link.caller().name())
            .put("role", link.caller().role().wire())
            .put("moderator", link.caller().moderator()))
        .put("lobby", link.wouldWait());
    ctx.request().resume();
    return ctx.response().putHeader("content-type", "application/json").end(body.encode());
  }

  /**
   * What the joiner said about a device ({@code &camera=0} when it is blocked or missing), so a clinician sees it in
   * the knock before letting someone in who cannot be seen or heard. Absent means present.
   */
  private static boolean device(HttpServerRequest request, String name) {
    String value = request.getParam(name);
    return value == null || !(value.equals("0") || value.equalsIgnoreCase("false"));
  }

  private boolean originAllowed(String origin) {
    // Non-browser clients send no Origin; the allowlist protects browsers against cross-site WebSocket hijacking.
    if (allowedOrigins.isEmpty() || origin == null) {
      return true;
    }
    return allowedOrigins.contains(stripSlash(origin).toLowerCase(Locale.ROOT));
  }

  private static String stripSlash(String origin) {
    return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
  }

  /** Connections are counted per token without keeping the token itself. */
  static String tokenKey(String jwt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(jwt.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
