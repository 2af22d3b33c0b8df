package io.konsil.common.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Sharded channels on one server (or a Sentinel-managed master): one subscription connection, which Lettuce
 * reconnects — to the new master after a failover — and resubscribes by itself.
 */
final class StandaloneChannels implements ShardedChannels {
  private record Subscriber(Context context, Consumer<String> handler) {}

  private final Vertx vertx;
  private final Inbox inbox = new Inbox();
  private final RedisClient client;
  private volatile StatefulRedisPubSubConnection<String, String> connection;
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final List<Subscriber> gapListeners = new CopyOnWriteArrayList<>();
  private volatile boolean everDisconnected;

  StandaloneChannels(Vertx vertx, RedisClient client) {
    this.vertx = vertx;
    this.client = client;
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
        if (c == connection) {
          everDisconnected = true;
        }
      }

      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
        if (everDisconnected && c == connection) {
          gapListeners.forEach(s -> s.context().runOnContext(v -> s.handler().accept(address.toString())));
        }
      }
    });
  }

  /** Opened lazily, off the event loop, on first subscribe. */
  private Future<StatefulRedisPubSubConnection<String, String>> connection() {
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (c != null) {
      return Future.succeededFuture(c);
    }
    return vertx.executeBlocking(() -> {
      synchronized (this) {
        if (connection == null) {
          StatefulRedisPubSubConnection<String, String> opened = client.connectPubSub(StringCodec.UTF8);
          opened.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
              Subscriber s = subscribers.get(channel);
              if (s != null) {
                inbox.deliver(s.context(), s.handler(), message);
              }
            }
          });
          connection = opened;
        }
        return connection;
      }
    }, false);
  }

  @Override
  public Future<Void> subscribe(String channel, Consumer<String> handler) {
    Context context = vertx.getOrCreateContext();
    subscribers.put(channel, new Subscriber(context, handler));
    return connection()
        .compose(c -> Future.fromCompletionStage(c.async().ssubscribe(channel), context))
        .recover(err -> {
          subscribers.remove(channel);
          return Future.failedFuture(RedisGateway.unavailable(err));
        });
  }

  @Override
  public Future<Void> unsubscribe(String channel) {
    Context context = vertx.getOrCreateContext();
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (subscribers.remove(channel) == null || c == null) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(c.async().sunsubscribe(channel), context).recover(err -> Future.succeededFuture());
  }

  @Override
  public void onGap(Runnable listener) {
    gapListeners.add(new Subscriber(vertx.getOrCreateContext(), s -> listener.run()));
  }

  @Override
  public boolean isSubscribed(String channel) {
    return subscribers.containsKey(channel);
  }

  @Override
  public void close() {
    StatefulRedisPubSubConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
  }
}
