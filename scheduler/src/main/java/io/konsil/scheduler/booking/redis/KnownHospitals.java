package io.konsil.scheduler.booking.redis;

import io.konsil.common.redis.RedisGateway;
import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The hospitals that have slots ({@link BookingKeys#HOSPITALS}), which a network-wide search asks one by one. The set
 * only grows, and rarely (a hospital joins the network), so this node reads it at most once a second instead of once
 * per search; hospitals it adds slots to itself are known at once. Another node's new hospital is searched from the
 * next read on, at most a second later.
 */
final class KnownHospitals {
  private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RedisGateway gateway;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private volatile long readAt;
  private volatile boolean everRead;

  KnownHospitals(RedisGateway gateway) {
    this.gateway = gateway;
  }

  Future<Set<String>> all() {
    if (everRead && System.nanoTime() - readAt < FRESH_NANOS) {
      return Future.succeededFuture(Set.copyOf(known));
    }
    long started = System.nanoTime();
    return gateway.call(c -> c.smembers(BookingKeys.HOSPITALS)).map(read -> {
      known.addAll(read);
      readAt = started;
      everRead = true;
      return Set.copyOf(known);
    });
  }

  /** Records that slots were written at {@code hospital} (after it was added to the set in Redis). */
  void add(String hospital) {
    known.add(hospital);
  }
}
