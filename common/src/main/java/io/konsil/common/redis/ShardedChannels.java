package io.konsil.common.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Sharded pub/sub (Redis 7 {@code SSUBSCRIBE}): a channel hashes to a slot like a key, so in a cluster its messages
 * stay on the shard that owns the slot instead of being broadcast to every node. Messages reach the handler on the
 * Vert.x context that subscribed. Lettuce resubscribes after a reconnect; messages published meanwhile are lost,
 * which {@link #onReconnected} tells subscribers so they can bring their state back in sync.
 */
public final class ShardedChannels {
  private record Subscriber(Context context, Consumer<String> handler) {}

  private final Vertx vertx;
  private final Supplier<StatefulRedisPubSubConnection<String, String>> opener;
  private volatile StatefulRedisPubSubConnection<String, String> connection;
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final List<Subscriber> reconnectListeners = new CopyOnWriteArrayList<>();
  private volatile boolean everDisconnected;

  private ShardedChannels(Vertx vertx, Supplier<StatefulRedisPubSubConnection<String, String>> opener) {
    this.vertx = vertx;
    this.opener = opener;
  }

  static ShardedChannels standalone(Vertx vertx, RedisClient client) {
    ShardedChannels channels = new ShardedChannels(vertx, () -> client.connectPubSub(StringCodec.UTF8));
    client.addListener(channels.stateListener());
    return channels;
  }

  static ShardedChannels cluster(Vertx vertx, RedisClusterClient client) {
    ShardedChannels channels = new ShardedChannels(vertx, () -> client.connectPubSub(StringCodec.UTF8));
    client.addListener(channels.stateListener());
    return channels;
  }

  private RedisConnectionStateListener stateListener() {
    return new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> c) {
        everDisconnected = true;
      }

      @Override
      public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> c, SocketAddress address) {
        if (everDisconnected && c == connection) {
          reconnectListeners.forEach(s -> s.context().runOnContext(v -> s.handler().accept(address.toString())));
        }
      }
    };
  }

  /** Opened lazily, off the event loop, on first subscribe. */
  private Future<RedisPubSubAsyncCommands<String, String>> commands() {
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (c != null) {
      return Future.succeededFuture(c.async());
    }
    return vertx.executeBlocking(() -> {
      synchronized (this) {
        if (connection == null) {
          StatefulRedisPubSubConnection<String, String> opened = opener.get();
          opened.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
              Subscriber s = subscribers.get(channel);
              if (s != null) {
                s.context().runOnContext(v -> s.handler().accept(message));
              }
            }
          });
          connection = opened;
        }
        return connection.async();
      }
    }, false);
  }

  /** Subscribes {@code handler} to {@code channel}, replacing an earlier handler of that channel. */
  public Future<Void> subscribe(String channel, Consumer<String> handler) {
    Context context = vertx.getOrCreateContext();
    subscribers.put(channel, new Subscriber(context, handler));
    return commands()
        .compose(c -> Future.fromCompletionStage(c.ssubscribe(channel), context))
        .recover(err -> {
          subscribers.remove(channel);
          return Future.failedFuture(RedisGateway.unavailable(err));
        });
  }

  public Future<Void> unsubscribe(String channel) {
    Context context = vertx.getOrCreateContext();
    if (subscribers.remove(channel) == null || connection == null) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(connection.async().sunsubscribe(channel), context)
        .recover(err -> Future.succeededFuture());
  }

  /** Called (on the registering context) each time the subscription connection is back after a loss. */
  public void onReconnected(Runnable listener) {
    reconnectListeners.add(new Subscriber(vertx.getOrCreateContext(), s -> listener.run()));
  }

  public boolean isSubscribed(String channel) {
    return subscribers.containsKey(channel);
  }

  void close() {
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
  }
}
