package io.konsil.signaling;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.http.Feature;
import io.konsil.common.presence.Presence;
import io.konsil.common.room.RoomDirectory;
import io.konsil.common.token.TokenVerifier;
import io.konsil.signaling.handshake.Handshake;
import io.konsil.signaling.ice.IceServers;
import io.konsil.signaling.metrics.SignalingMetrics;
import io.konsil.signaling.room.LocalRooms;
import io.konsil.signaling.room.Rooms;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * WebSocket signaling at {@code /signal/:room?jwt=TOKEN}: rooms, lobby, relay, chat, presence, resume and TURN
 * credentials, as specified in docs/protocol.md.
 */
public final class SignalingFeature implements Feature {
  private final Rooms rooms;
  private final Handshake handshake;
  private final SignalingMetrics metrics;

  private SignalingFeature(Rooms rooms, Handshake handshake, SignalingMetrics metrics) {
    this.rooms = rooms;
    this.handshake = handshake;
    this.metrics = metrics;
  }

  public static SignalingFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, MeterRegistry registry) {
    return create(vertx, config, verifier, registry, RoomDirectory.none());
  }

  /** With the directory that tells which consultation a room belongs to (shown in the waiting room). */
  public static SignalingFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, MeterRegistry registry,
                                        RoomDirectory directory) {
    // All room state lives on this one context; see LocalRooms.
    Context context = vertx.getOrCreateContext();
    SignalingMetrics metrics = new SignalingMetrics(registry);
    Rooms rooms = new LocalRooms(vertx, context, config.signaling(), new IceServers(config.turn()), metrics, directory);
    Handshake handshake = new Handshake(vertx, verifier, rooms, config.signaling(), metrics);
    return new SignalingFeature(rooms, handshake, metrics);
  }

  /**
   * Applies the transport limits of {@code signaling} to the node's server options (before listen). The transport
   * admits up to twice {@code maxFrameBytes} so that an oversize frame reaches the connection, which answers it with
   * {@code error message-too-big} and a clean close 1009; Netty drops the connection without a close frame for
   * anything beyond the transport limit.
   */
  public static HttpServerOptions configure(HttpServerOptions options, KonsilConfig.Signaling signaling) {
    int transportLimit = (int) Math.min(Integer.MAX_VALUE, 2L * signaling.maxFrameBytes());
    return options
        .setMaxWebSocketFrameSize(transportLimit)
        .setMaxWebSocketMessageSize(transportLimit)
        .setPerMessageWebSocketCompressionSupported(signaling.perMessageDeflate())
        .setPerFrameWebSocketCompressionSupported(false);
  }

  @Override
  public String name() {
    return "signaling";
  }

  @Override
  public void mount(Router router) {
    router.get("/signal/:room").handler(handshake);
  }

  /** Who is where, keyed by room (case-insensitive) and token user id. */
  public Presence presence() {
    return rooms.presence();
  }

  /** Open signaling connections (for the node's health details). */
  public int connections() {
    return metrics.connections();
  }

  @Override
  public Future<Void> shutdown() {
    return rooms.shutdown();
  }
}
