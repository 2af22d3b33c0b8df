package io.konsil.common.redis;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sharded channels on a Redis Cluster. Each channel is subscribed on a connection to the master that owns its slot
 * (as the cluster client's topology says), and a watch every {@link #CHECK_MS} ms moves it when the slot has a new
 * owner — after a failover or a resharding the old owner stops carrying the channel (it sends SUNSUBSCRIBE), and the
 * cluster client's own resubscription would go back to the old node. Each move is a gap for the subscribers.
 */
final class ClusterChannels implements ShardedChannels {
  static final long CHECK_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(ClusterChannels.class);

  private record Subscriber(Context context, Consumer<String> handler) {}

  /** Where a channel is subscribed now: the owner's node id and the connection to it. */
  private record Home(String nodeId, StatefulRedisPubSubConnection<String, String> connection) {}

  private final Vertx vertx;
  private final Inbox inbox = new Inbox();
  private final RedisClusterClient client;
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Home> homes = new ConcurrentHashMap<>();
  private final Map<String, StatefulRedisPubSubConnection<String, String>> byNode = new ConcurrentHashMap<>();
  private final List<Subscriber> gapListeners = new CopyOnWriteArrayList<>();
  private final long timer;
  private io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection<String, String> cluster;

  ClusterChannels(Vertx vertx, RedisClusterClient client) {
    this.vertx = vertx;
    this.client = client;
    this.timer = vertx.setPeriodic(CHECK_MS, t -> rehome());
  }

  @Override
  public Future<Void> subscribe(String channel, Consumer<String> handler) {
    Context context = vertx.getOrCreateContext();
    subscribers.put(channel, new Subscriber(context, handler));
    return vertx.executeBlocking(() -> {
      home(channel);
      return null;
    }, false).<Void>mapEmpty().recover(err -> {
      subscribers.remove(channel);
      return Future.failedFuture(RedisGateway.unavailable(err));
    });
  }

  /** Subscribes {@code channel} on its slot's master (blocking; worker threads only). */
  private synchronized void home(String channel) {
    RedisClusterNode owner = client.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
    if (owner == null) {
      throw new IllegalStateException("no master serves the slot of a channel yet");
    }
    Home current = homes.get(channel);
    if (current != null && current.nodeId().equals(owner.getNodeId()) && current.connection().isOpen()) {
      return;
    }
    StatefulRedisPubSubConnection<String, String> c = byNode.compute(owner.getNodeId(), (id, existing) ->
        existing != null && existing.isOpen() ? existing : open(owner));
    c.sync().ssubscribe(channel);
    homes.put(channel, new Home(owner.getNodeId(), c));
    if (current != null && current.connection().isOpen()) {
      try {
        current.connection().sync().sunsubscribe(channel);
      } catch (RuntimeException oldOwnerGone) {
        // it no longer serves the slot, or is down
      }
    }
  }

  private StatefulRedisPubSubConnection<String, String> open(RedisClusterNode node) {
    if (cluster == null) {
      cluster = client.connectPubSub(StringCodec.UTF8);
    }
    StatefulRedisPubSubConnection<String, String> c = cluster.getConnection(node.getNodeId());
    c.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void smessage(String channel, String message) {
        Subscriber s = subscribers.get(channel);
        if (s != null) {
          inbox.deliver(s.context(), s.handler(), message);
        }
      }
    });
    return c;
  }

  /** Moves every channel whose slot changed owner (or whose connection died) to the current owner. */
  private void rehome() {
    if (subscribers.isEmpty()) {
      return;
    }
    vertx.executeBlocking(() -> {
      boolean moved = false;
      for (String channel : List.copyOf(subscribers.keySet())) {
        Home home = homes.get(channel);
        RedisClusterNode owner = client.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (owner == null) {
          continue;
        }
        if (home == null || !home.nodeId().equals(owner.getNodeId()) || !home.connection().isOpen()) {
          try {
            home(channel);
            moved = true;
          } catch (RuntimeException e) {
            LOG.debug("channel not yet moved to its slot's new owner: {}", e.getMessage());
          }
        }
      }
      return moved;
    }, false).onSuccess(moved -> {
      if (moved) {
        gapListeners.forEach(s -> s.context().runOnContext(v -> s.handler().accept("moved")));
      }
    });
  }

  @Override
  public Future<Void> unsubscribe(String channel) {
    subscribers.remove(channel);
    Home home = homes.remove(channel);
    if (home == null || !home.connection().isOpen()) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(home.connection().async().sunsubscribe(channel), vertx.getOrCreateContext())
        .recover(err -> Future.succeededFuture());
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
    vertx.cancelTimer(timer);
    if (cluster != null) {
      cluster.close();
    }
  }
}
