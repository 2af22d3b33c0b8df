package io.konsil.signaling.network;

import io.konsil.common.redis.RedisGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network's nodes in Redis. Each node refreshes {@code konsil:{node:INSTANCE}:alive} (its announcement, expiring after
 * {@link #TTL}) every {@link #BEAT}, and is listed in the set {@code konsil:{nodes}}. Every node checks the others as
 * often; the first to remove a lapsed instance from the set (SREM answers 1 to exactly one caller) takes care of its
 * rooms, listed in {@code konsil:{node:INSTANCE}:rooms}. So a dead node is noticed within TTL + BEAT (4 s).
 */
public final class RedisNodeRegistry implements NodeRegistry {
  static final Duration BEAT = Duration.ofSeconds(1);
  static final Duration TTL = Duration.ofSeconds(3);
  static final String NODES = "konsil:{nodes}";
  private static final Logger LOG = LoggerFactory.getLogger(RedisNodeRegistry.class);

  private final Vertx vertx;
  private final RedisGateway redis;
  private final NodeInfo self;
  private long timer = -1;
  private boolean stopped;

  public RedisNodeRegistry(Vertx vertx, RedisGateway redis, NodeInfo self) {
    this.vertx = vertx;
    this.redis = redis;
    this.self = self;
  }

  static String announcement(String instance) {
    return "konsil:{node:" + instance + "}:alive";
  }

  static String roomsKey(String instance) {
    return "konsil:{node:" + instance + "}:rooms";
  }

  @Override
  public String instance() {
    return self.instance();
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Future<Void> start(Consumer<String> lost, Runnable takenForDead) {
    return beat().onSuccess(v -> {
      timer = vertx.setPeriodic(BEAT.toMillis(), t -> beat().compose(listed -> {
        if (!listed) {
          // Someone removed us from the set: they took us for dead and marked our people reconnecting.
          takenForDead.run();
        }
        return watch(lost);
      }).onFailure(err -> LOG.debug("heartbeat failed: {}", err.getMessage())));
    }).mapEmpty();
  }

  /** Refreshes the announcement; true when this node was still listed (SADD added nothing). */
  private Future<Boolean> beat() {
    if (stopped) {
      return Future.succeededFuture(true);
    }
    JsonObject info = new JsonObject().put("instance", self.instance()).put("node", self.nodeId())
        .put("url", self.url()).put("hospital", self.hospital());
    // SADD again each beat: after a Redis restart without persistence the set is rebuilt by the living.
    return redis.call(c -> c.set(announcement(self.instance()), info.encode(),
            io.lettuce.core.SetArgs.Builder.px(TTL.toMillis())))
        .compose(ok -> redis.call(c -> c.sadd(NODES, self.instance())))
        .map(added -> added == null || added == 0L);
  }

  private Future<Void> watch(Consumer<String> lost) {
    return redis.call(c -> c.smembers(NODES)).compose(instances -> {
      List<Future<Void>> checks = new ArrayList<>();
      for (String other : instances) {
        if (other.equals(self.instance())) {
          continue;
        }
        checks.add(redis.call(c -> c.exists(announcement(other))).compose(alive -> {
          if (alive != null && alive > 0) {
            return Future.succeededFuture();
          }
          return redis.call(c -> c.srem(NODES, other)).map(removed -> {
            if (removed != null && removed == 1L && !stopped) {
              lost.accept(other);
            }
            return null;
          });
        }));
      }
      return Future.join(checks).mapEmpty();
    });
  }

  @Override
  public Future<Void> holding(String roomKey, boolean holds) {
    String key = roomsKey(self.instance());
    return redis.call(c -> holds ? c.sadd(key, roomKey) : c.srem(key, roomKey)).mapEmpty();
  }

  @Override
  public Future<Set<String>> roomsOf(String instance) {
    return redis.call(c -> c.smembers(roomsKey(instance))).map(HashSet::new);
  }

  @Override
  public Future<Void> forget(String instance) {
    return redis.call(c -> c.del(roomsKey(instance))).mapEmpty();
  }

  @Override
  public Future<List<NodeInfo>> nodes() {
    return redis.call(c -> c.smembers(NODES)).compose(instances -> {
      List<String> list = new ArrayList<>(instances);
      List<Future<String>> reads = new ArrayList<>();
      for (String i : list) {
        reads.add(redis.call(c -> c.get(announcement(i))));
      }
      return Future.join(reads).map(cf -> {
        List<NodeInfo> live = new ArrayList<>();
        for (Future<String> f : reads) {
          if (f.succeeded() && f.result() != null) {
            JsonObject o = new JsonObject(f.result());
            live.add(new NodeInfo(o.getString("instance"), o.getString("node"), o.getString("url"),
                o.getString("hospital")));
          }
        }
        live.sort(java.util.Comparator.comparing(NodeInfo::nodeId).thenComparing(NodeInfo::instance));
        return live;
      });
    });
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    // Leaving cleanly: no announcement, not listed; its rooms were handed over by the switchboard's shutdown.
    return redis.call(c -> c.del(announcement(self.instance()), roomsKey(self.instance())))
        .compose(v -> redis.call(c -> c.srem(NODES, self.instance()))).mapEmpty();
  }

}
