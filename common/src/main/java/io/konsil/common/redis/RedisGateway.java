package io.konsil.common.redis;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one way to Redis, through Lettuce: a single server, a Sentinel-managed master or a Cluster, behind the
 * same asynchronous command interface. Every call completes on the caller's Vert.x context, is bounded by the
 * configured timeout, and fails with 503 {@code store-unavailable} when Redis cannot answer — while Redis is down,
 * commands are rejected at once instead of queuing (a booking must fail fast, never be acknowledged unstored).
 */
public final class RedisGateway {
  public static final String STORE_UNAVAILABLE = "store-unavailable";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(RedisGateway.class);

  private final Vertx vertx;
  private final KonsilConfig.Redis settings;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<String, String> connection;
  private final RedisClusterAsyncCommands<String, String> commands;
  private final ShardedChannels channels;
  private final Map<String, Library> libraries = new ConcurrentHashMap<>();
  private final java.util.List<io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String>> broadcastConnections =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private RedisGateway(Vertx vertx, KonsilConfig.Redis settings, ClientResources resources, AbstractRedisClient client,
      StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands,
      ShardedChannels channels) {
    this.vertx = vertx;
    this.settings = settings;
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.channels = channels;
  }

  /** The Vert.x instance the gateway was connected on (for timers of its callers). */
  public Vertx vertx() {
    return vertx;
  }

  /** Connects (off the event loop: Lettuce resolves and handshakes synchronously on first connect). */
  public static Future<RedisGateway> connect(Vertx vertx, KonsilConfig.Redis settings) {
    return vertx.executeBlocking(() -> open(vertx, settings), false)
        .recover(err -> Future.failedFuture(unavailable(err)));
  }

  private static RedisGateway open(Vertx vertx, KonsilConfig.Redis settings) {
    Duration timeout = settings.commandTimeout();
    // Commands fail fast (TimeoutOptions); connecting and the connection handshake get longer, or a node started on
    // a busy machine would give up on a healthy Redis.
    Duration connectTimeout = timeout.compareTo(CONNECT_TIMEOUT) > 0 ? timeout : CONNECT_TIMEOUT;
    ClientResources resources = DefaultClientResources.builder()
        // One I/O thread: the node's event loops do the work; more threads than cores only add switching.
        .ioThreadPoolSize(1).computationThreadPoolSize(1).build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    if (settings.isCluster()) {
      List<RedisURI> seeds = new ArrayList<>();
      for (String seed : settings.clusterSeeds()) {
        RedisURI uri = RedisURI.create(seed);
        uri.setTimeout(connectTimeout);
        seeds.add(uri);
      }
      RedisClusterClient client = RedisClusterClient.create(resources, seeds);
      client.setOptions(ClusterClientOptions.builder()
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          // Not REJECT_COMMANDS: the cluster client opens node connections on demand and would reject the first
          // command to each; the command timeout still bounds every call while a node is unreachable.
          // Follow MOVED/ASK, failovers and resharding by itself, and look again every few seconds anyway.
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
              .enablePeriodicRefresh(Duration.ofSeconds(5))
              .build())
          .build());
      StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
      connection.setTimeout(timeout);
      return new RedisGateway(vertx, settings, resources, client, connection, connection.async(),
          new ClusterChannels(vertx, client));
    }
    RedisURI uri = RedisURI.create(settings.uri());
    uri.setTimeout(connectTimeout);
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .socketOptions(socket)
        .timeoutOptions(timeouts)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
    connection.setTimeout(timeout);
    return new RedisGateway(vertx, settings, resources, client, connection, connection.async(),
        new StandaloneChannels(vertx, client));
  }

  public KonsilConfig.Redis settings() {
    return settings;
  }

  public boolean isCluster() {
    return settings.isCluster();
  }

  /**
   * Classic pub/sub for the few messages every node must see (presence changes for the agendas): {@code PUBLISH}
   * reaches every subscriber of the whole cluster. Handlers run on the context that subscribed.
   */
  public Future<Void> subscribeEverywhere(String channel, java.util.function.Consumer<String> handler) {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> c = client instanceof RedisClusterClient cc
          ? cc.connectPubSub(StringCodec.UTF8) : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
      c.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
        @Override
        public void message(String ch, String message) {
          if (ch.equals(channel)) {
            context.runOnContext(v -> handler.accept(message));
          }
        }
      });
      c.sync().subscribe(channel);
      broadcastConnections.add(c);
      return null;
    }, false).<Void>mapEmpty().recover(err -> Future.failedFuture(unavailable(err)));
  }

  /** {@code PUBLISH} to every subscriber of {@code channel}, wherever in the cluster. */
  public Future<Void> publishEverywhere(String channel, String message) {
    return call(c -> c.publish(channel, message)).mapEmpty();
  }

  /** Sharded pub/sub (SPUBLISH/SSUBSCRIBE): channels live in hash slots like keys. */
  public ShardedChannels channels() {
    return channels;
  }

  /**
   * Runs one Redis command (or a few pipelined ones) and completes on the caller's context. Connection loss, timeouts
   * and server states that refuse service (LOADING, READONLY during a failover, CLUSTERDOWN, MASTERDOWN, TRYAGAIN)
   * become 503 {@code store-unavailable}.
   */
  public <T> Future<T> call(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
    Context context = vertx.getOrCreateContext();
    CompletionStage<T> stage;
    try {
      stage = command.apply(commands);
    } catch (RuntimeException e) {
      return Future.failedFuture(unavailable(e));
    }
    return Future.fromCompletionStage(stage, context).recover(err -> Future.failedFuture(unavailable(err)));
  }

  /**
   * Waits until {@code --redis-wait-replicas} replicas have every write this connection made so far (WAIT), within
   * the command timeout; fails with 503 when fewer confirm. A no-op when no replicas are required.
   */
  public Future<Void> confirmReplicas() {
    int required = settings.waitReplicas();
    if (required <= 0) {
      return Future.succeededFuture();
    }
    if (isCluster()) {
      return Future.failedFuture(new IllegalStateException("on a cluster, confirmReplicas needs the key that was written"));
    }
    return confirmed(required, call(c -> c.waitForReplication(required, settings.commandTimeout().toMillis())));
  }

  /**
   * As {@link #confirmReplicas()}, for a write to {@code key}: on a cluster, WAIT goes to the master that owns the key's
   * slot, on the very connection the write used (WAIT counts that connection's writes).
   */
  public Future<Void> confirmReplicas(String key) {
    int required = settings.waitReplicas();
    if (required <= 0) {
      return Future.succeededFuture();
    }
    if (!(connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
      return confirmReplicas();
    }
    return confirmed(required, call(c -> {
      var node = cluster.getPartitions().getMasterBySlot(io.lettuce.core.cluster.SlotHash.getSlot(key));
      if (node == null) {
        throw new IllegalStateException("no master serves the slot of " + key);
      }
      // Async: the first use of a node's connection connects, which must not happen on the event loop.
      return cluster.getConnectionAsync(node.getNodeId())
          .thenCompose(master -> master.async().waitForReplication(required, settings.commandTimeout().toMillis()));
    }));
  }

  private Future<Void> confirmed(int required, Future<Long> waited) {
    return waited.compose(acked -> {
      if (acked != null && acked >= required) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new KonsilException(503, STORE_UNAVAILABLE,
          "The change reached " + acked + " of " + required + " required replicas in time; it may not survive a failover"));
    });
  }

  /**
   * Calls a function of {@code library}, loading the library first where it is missing (a fresh server, a node
   * that joined the cluster later, or a server restarted without persistence).
   */
  public <T> Future<T> fcall(Library library, String function, ScriptOutputType type, String[] keys, String... args) {
    return fcall(library, function, type, keys, args, 0);
  }

  /**
   * While a slot migrates (a resharding), a script whose keys are split between the two masters is answered
   * TRYAGAIN: Redis asks the client to retry shortly, so it is retried here a few times (50 ms apart, well within the
   * command timeout) before it becomes a 503.
   */
  private <T> Future<T> fcall(Library library, String function, ScriptOutputType type, String[] keys, String[] args,
      int attempt) {
    libraries.putIfAbsent(library.name(), library);
    Future<T> once = this.<T>call(c -> c.fcall(function, type, keys, args)).recover(err -> {
      if (isFunctionMissing(err)) {
        return load(library).compose(v -> call(c -> c.<T>fcall(function, type, keys, args)));
      }
      return Future.failedFuture(err);
    });
    return once.recover(err -> {
      if (attempt >= TRY_AGAIN_ATTEMPTS || !isTryAgain(err)) {
        return Future.failedFuture(err);
      }
      io.vertx.core.Promise<T> later = io.vertx.core.Promise.promise();
      vertx.setTimer(TRY_AGAIN_DELAY_MS, t -> this.<T>fcall(library, function, type, keys, args, attempt + 1)
          .onComplete(later));
      return later.future();
    });
  }

  private static final int TRY_AGAIN_ATTEMPTS = 10;
  private static final long TRY_AGAIN_DELAY_MS = 50;

  static boolean isTryAgain(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.startsWith("TRYAGAIN")) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code SPUBLISH} without a future on the hot path (a relayed frame): the command goes out at once and only a
   * failure is reported, to {@code failed}, on a Lettuce thread.
   */
  public void publishSharded(String channel, String message, java.util.function.Consumer<Throwable> failed) {
    try {
      commands.spublish(channel, message).whenComplete((n, err) -> {
        if (err != null) {
          failed.accept(unavailable(err));
        }
      });
    } catch (RuntimeException e) {
      failed.accept(unavailable(e));
    }
  }

  /** FUNCTION LOAD REPLACE on the server, or on every master of a cluster. */
  public Future<Void> load(Library library) {
    libraries.put(library.name(), library);
    if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
      return call(c -> {
        // Every master the client's topology knows, each through its own connection opened asynchronously
        // (Lettuce's masters() selection connects synchronously, which would block the event loop).
        java.util.List<java.util.concurrent.CompletableFuture<String>> loads = new java.util.ArrayList<>();
        for (io.lettuce.core.cluster.models.partitions.RedisClusterNode node : cluster.getPartitions()) {
          if (!node.is(io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag.UPSTREAM)) {
            continue;
          }
          loads.add(cluster.getConnectionAsync(node.getNodeId())
              .thenCompose(n -> n.async().functionLoad(library.code(), true))
              .toCompletableFuture()
              .exceptionally(RedisGateway::tolerableLoadFailure));
        }
        return java.util.concurrent.CompletableFuture.allOf(loads.toArray(new java.util.concurrent.CompletableFuture[0]));
      }).mapEmpty();
    }
    return call(c -> c.functionLoad(library.code(), true)).mapEmpty();
  }

  /**
   * A node the topology still lists as master may have just become a replica (it gets the library by replication):
   * READONLY from it is not a failure. Nor is a node that cannot be reached (a stale topology naming a dead node): it
   * serves no FCALL either, and should it come back without the library, the next FCALL it gets reports the function
   * missing and loads it again.
   */
  private static String tolerableLoadFailure(Throwable err) {
    Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
        ? err.getCause() : err;
    if (cause instanceof io.lettuce.core.RedisReadOnlyException) {
      return "replica";
    }
    if (cause instanceof io.lettuce.core.RedisConnectionException || cause instanceof java.net.ConnectException) {
      return "unreachable";
    }
    throw err instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(err);
  }

  public Future<Void> ping() {
    return call(c -> c.ping()).mapEmpty();
  }

  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      channels.close();
      broadcastConnections.forEach(io.lettuce.core.pubsub.StatefulRedisPubSubConnection::close);
      connection.close();
      client.shutdown(0, 2, TimeUnit.SECONDS);
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      return null;
    }, false);
  }

  static boolean isFunctionMissing(Throwable err) {
    Throwable cause = err instanceof KonsilException && err.getCause() != null ? err.getCause() : err;
    return cause instanceof RedisCommandExecutionException && cause.getMessage() != null
        && cause.getMessage().contains("Function not found");
  }

  /** Any failure to get an answer from Redis, as the one error callers translate. */
  public static KonsilException unavailable(Throwable err) {
    if (err instanceof KonsilException k) {
      return k;
    }
    if (err instanceof java.util.concurrent.CompletionException && err.getCause() != null) {
      return unavailable(err.getCause());
    }
    KonsilException e = new StoreUnavailable(err);
    LOG.debug("redis call failed: {}", err.toString());
    return e;
  }

  /** 503 {@code store-unavailable}, keeping the Redis error as the cause for logs and for {@link #fcall}. */
  static final class StoreUnavailable extends KonsilException {
    StoreUnavailable(Throwable cause) {
      super(503, STORE_UNAVAILABLE, "The network's shared store is not reachable right now; try again shortly", cause);
    }
  }
}
