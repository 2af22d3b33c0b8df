package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * For running an API test class on Redis: one redis-server for the class, and per test an emptied store on it,
 * reached through a gateway of that test's Vert.x.
 */
public final class RedisTestStores implements AutoCloseable {
  private final RedisProcess redis;
  private final List<RedisGateway> gateways = new ArrayList<>();

  private RedisTestStores(RedisProcess redis) {
    this.redis = redis;
  }

  public static RedisTestStores start() {
    return new RedisTestStores(RedisProcess.start());
  }

  public RedisProcess process() {
    return redis;
  }

  public String uri() {
    return redis.uri();
  }

  public Future<Stores> fresh(Vertx vertx) {
    redis.call("FLUSHALL");
    redis.call("FUNCTION", "FLUSH");
    return RedisGateway.connect(vertx, new KonsilConfig.Redis(redis.uri(), List.of(), 0, Duration.ofSeconds(5)))
        .map(gateway -> {
          gateways.add(gateway);
          return Stores.redis(gateway);
        });
  }

  /** Closes the gateways of the tests so far. */
  public Future<Void> release() {
    List<Future<Void>> closed = gateways.stream().map(RedisGateway::close).toList();
    gateways.clear();
    return Future.join(closed).mapEmpty();
  }

  @Override
  public void close() {
    redis.close();
  }
}
