package io.konsil.common.redis;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Sharded pub/sub (Redis 7 {@code SSUBSCRIBE}): a channel hashes to a slot like a key, so in a cluster its messages
 * stay on the shard that owns the slot instead of being broadcast to every node. Messages reach the handler on the
 * Vert.x context that subscribed. Subscriptions survive reconnects and, on a cluster, follow their slot to a new
 * master (failover, resharding); messages published in between are lost, which {@link #onGap} tells subscribers so
 * they can bring their state back in sync.
 */
public interface ShardedChannels {

  /** Subscribes {@code handler} to {@code channel}, replacing an earlier handler of that channel. */
  Future<Void> subscribe(String channel, Consumer<String> handler);

  Future<Void> unsubscribe(String channel);

  /** Called (on the registering context) whenever messages may have been missed: a reconnect, a slot that moved. */
  void onGap(Runnable listener);

  boolean isSubscribed(String channel);

  void close();
}
