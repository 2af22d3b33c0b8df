package io.konsil.signaling;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.http.Feature;
import io.konsil.common.presence.Presence;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.room.RoomDirectory;
import io.konsil.common.token.TokenVerifier;
import io.konsil.signaling.handshake.Handshake;
import io.konsil.signaling.ice.IceServers;
import io.konsil.signaling.media.MediaServer;
import io.konsil.signaling.media.janus.JanusMediaServer;
import io.konsil.signaling.media.janus.JanusSettings;
import io.konsil.signaling.media.kurento.KurentoMediaServer;
import io.konsil.signaling.media.kurento.KurentoSettings;
import io.konsil.signaling.metrics.SignalingMetrics;
import io.konsil.signaling.network.LoneNode;
import io.konsil.signaling.network.NodeInfo;
import io.konsil.signaling.network.NetworkOrigins;
import io.konsil.signaling.network.NodeRegistry;
import io.konsil.signaling.network.RedisNodeRegistry;
import io.konsil.signaling.presence.RoomPresence;
import io.konsil.signaling.room.RoomBus;
import io.konsil.signaling.room.RoomStore;
import io.konsil.signaling.room.memory.MemoryRooms;
import io.konsil.signaling.room.redis.RedisRoomBus;
import io.konsil.signaling.room.redis.RedisRoomStore;
import io.konsil.signaling.switchboard.Switchboard;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * WebSocket signaling at {@code /signal/:room?jwt=TOKEN}: rooms, lobby, relay, chat, presence, resume and TURN
 * credentials, as specified in docs/protocol.md. Rooms live in memory on an embedded node, or in Redis
 * ({@code --redis}, {@code --redis-cluster}) shared by a network of nodes.
 */
public final class SignalingFeature implements Feature {
  /** Classic (cluster-wide) pub/sub channel of presence changes. */
  static final String PRESENCE_CHANNEL = "konsil:presence";
  private final Vertx vertx;
  private final KonsilConfig config;
  private final TokenVerifier verifier;
  private final SignalingMetrics metrics;
  private final RoomDirectory directory;
  private final Context context;
  private final boolean ownsGateway;
  private RedisGateway redis;
  private Switchboard switchboard;
  private Handshake handshake;
  private NetworkOrigins origins;
  private final RoomPresence presence = new RoomPresence(this::room);

  private SignalingFeature(Vertx vertx, KonsilConfig config, TokenVerifier verifier, MeterRegistry registry,
      RedisGateway redis, RoomDirectory directory) {
    this.vertx = vertx;
    this.config = config;
    this.verifier = verifier;
    this.metrics = new SignalingMetrics(registry);
    this.redis = redis;
    this.ownsGateway = redis == null && config.redis() != null;
    this.directory = directory;
    // Used only until the first event-loop caller (the HTTP server) is adopted; see ContextHop.
    this.context = vertx.getOrCreateContext();
  }

  /** Rooms in memory, or in Redis when {@code config.redis()} is set (the feature then opens its own connection). */
  public static SignalingFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, MeterRegistry registry) {
    return new SignalingFeature(vertx, config, verifier, registry, null, RoomDirectory.none());
  }

  /**
   * As the node wires it: {@code redis} the node's shared gateway (null for an embedded node), {@code directory}
   * the scheduler's answer to "which consultation is this room".
   */
  public static SignalingFeature create(Vertx vertx, KonsilConfig config, TokenVerifier verifier, MeterRegistry registry,
      RedisGateway redis, RoomDirectory directory) {
    return new SignalingFeature(vertx, config, verifier, registry, redis, directory);
  }

  /**
   * Frames up to this size reach the connection, whatever {@code maxFrameBytes} is, so that an oversize frame is
   * answered with {@code error message-too-big} and a clean close 1009. Above the transport limit Netty drops the
   * TCP connection without a close frame (the browser sees 1006 and no reason). The transport holds at most one
   * frame per connection, so this also bounds what one authenticated connection can make the node buffer.
   */
  public static final int MIN_TRANSPORT_FRAME_BYTES = 4 << 20;

  /** Applies the transport limits of {@code signaling} to the node's server options (before listen). */
  public static HttpServerOptions configure(HttpServerOptions options, KonsilConfig.Signaling signaling) {
    int transportLimit = (int) Math.min(Integer.MAX_VALUE,
        Math.max(MIN_TRANSPORT_FRAME_BYTES, 2L * signaling.maxFrameBytes()));
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
  public Future<Void> start() {
    Future<RedisGateway> gateway = ownsGateway ? RedisGateway.connect(vertx, config.redis())
        : Future.succeededFuture(redis);
    return gateway.compose(g -> {
      redis = g;
      if (ownsGateway) {
        // Closed with Vert.x, not at shutdown: presence stays readable while a stopped node winds down.
        ((io.vertx.core.internal.VertxInternal) vertx).addCloseHook(completion -> g.close().onComplete(completion));
      }
      NodeInfo self = new NodeInfo(instanceName(config.nodeId()), config.nodeId(), config.publicUrl(), config.hospital());
      RoomStore store;
      RoomBus bus;
      NodeRegistry nodes;
      Future<Void> ready;
      if (g == null) {
        MemoryRooms memory = new MemoryRooms();
        store = memory;
        bus = memory;
        nodes = new LoneNode(self);
        ready = Future.succeededFuture();
      } else {
        RedisRoomStore redisStore = new RedisRoomStore(g);
        store = redisStore;
        bus = new RedisRoomBus(g);
        nodes = new RedisNodeRegistry(vertx, g, self);
        // Presence changes reach every node's watchers (agendas) through one broadcast channel.
        presence.networked(true);
        presence.feed((room, user, state) -> g.publishEverywhere(PRESENCE_CHANNEL,
            new JsonObject().put("room", room).put("user", user).put("state", state.name()).encode()));
        ready = redisStore.start().compose(v -> g.subscribeEverywhere(PRESENCE_CHANNEL, message -> {
          JsonObject m = new JsonObject(message);
          presence.heard(m.getString("room"), m.getString("user"),
              io.konsil.common.presence.PresenceState.valueOf(m.getString("state")));
        }));
      }
      MediaServer mediaServer = mediaServer(config.media());
      switchboard = new Switchboard(vertx, context, config.signaling(), new IceServers(config.turn()), metrics, store,
          bus, nodes, directory, presence, mediaServer, config.media().meshMax(), Clock.systemUTC());
      handshake = new Handshake(vertx, verifier, switchboard, config.signaling(), metrics);
      origins = new NetworkOrigins(nodes, config.publicUrl());
      return ready.compose(v -> switchboard.start()).onSuccess(v -> origins.start(vertx));
    });
  }

  /** The configured media server, or null: calls then stay peer to peer up to {@code --mesh-max}. */
  private MediaServer mediaServer(KonsilConfig.Media m) {
    if (m == null || !m.hasServer()) {
      return null;
    }
    if (m.janusWs() != null) {
      String dir = m.recordingDir() != null ? m.recordingDir() : "/var/lib/janus/recordings";
      return JanusMediaServer.create(vertx, JanusSettings.defaults(URI.create(m.janusWs()), dir), Clock.systemUTC());
    }
    KurentoSettings k = KurentoSettings.defaults(URI.create(m.kurentoWs()));
    if (m.recordingDir() != null) {
      k = new KurentoSettings(k.uri(), "file://" + m.recordingDir(), k.workers());
    }
    return KurentoMediaServer.create(vertx, k, Clock.systemUTC());
  }

  /** A name unique to this start of this node: connection names begin with it, across the network. */
  private static String instanceName(String nodeId) {
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    String safe = nodeId == null ? "node" : nodeId.replaceAll("[^A-Za-z0-9_.-]", "_");
    return safe + "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public void mount(Router router) {
    router.get("/signal/:room").handler(handshake);
    // Where else clients can go: the web client fails over to another node of the network by itself.
    router.get("/network/nodes").handler(ctx -> switchboard.nodes().nodes().onComplete(ar -> {
      JsonArray list = new JsonArray();
      if (ar.succeeded()) {
        ar.result().forEach(n -> list.add(new JsonObject().put("node", n.nodeId()).put("url", n.url())
            .put("hospital", n.hospital())));
      }
      // Public and harmless (node URLs and hospital codes): a page served by one node reads it from another.
      ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
          .putHeader("access-control-allow-origin", "*")
          .setStatusCode(ar.succeeded() ? 200 : 503).end(new JsonObject().put("nodes", list).encode());
    }));
  }

  private Future<io.konsil.signaling.room.RoomState> room(String name) {
    Switchboard s = switchboard;
    return s == null ? Future.succeededFuture(null) : s.load(name);
  }

  /** Who is where, keyed by room (case-insensitive) and token user id; network-wide on a network. */
  public Presence presence() {
    return presence;
  }

  /** Origins of the network's other live nodes, where the web client may fail over to (none when alone). */
  public java.util.function.Supplier<java.util.Set<String>> networkOrigins() {
    return () -> origins == null ? java.util.Set.of() : origins.snapshot();
  }

  /** Open signaling connections (for the node's health details). */
  public int connections() {
    return metrics.connections();
  }

  @Override
  public Future<Void> health() {
    return redis == null ? Future.succeededFuture() : redis.ping();
  }

  @Override
  public Future<Void> shutdown() {
    if (origins != null) {
      origins.stop(vertx);
    }
    return switchboard == null ? Future.succeededFuture() : switchboard.shutdown();
  }
}
