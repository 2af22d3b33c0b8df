package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an API test class on Redis: one real redis-server for the class, and per test an emptied store on it, reached
 * through gateways of that test's Vert.x that are closed after the test. Register it in the Redis subclass of an API
 * test: {@code @RegisterExtension static final RedisTestStores REDIS = new RedisTestStores();} and return
 * {@code REDIS.fresh(vertx)} as the test's stores.
 */
public final class RedisTestStores implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private RedisProcess redis;
  private final List<RedisGateway> gateways = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    redis = RedisProcess.start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    release().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (redis != null) {
      redis.close();
    }
  }

  public RedisProcess process() {
    return redis;
  }

  /** Empties the server (data and functions) and opens the test's stores on it. */
  public Future<Stores> fresh(Vertx vertx) {
    redis.call("FLUSHALL");
    redis.call("FUNCTION", "FLUSH");
    return gateway(vertx).map(Stores::redis);
  }

  /**
   * Closes the gateways of the test now — for a test that closes its own Vert.x in its {@code @AfterEach}, which runs
   * before this extension's {@code afterEach}.
   */
  public Future<Void> release() {
    List<Future<Void>> closed = gateways.stream().map(RedisGateway::close).toList();
    gateways.clear();
    return Future.join(closed).mapEmpty();
  }

  /** One more gateway of the test's Vert.x to the class's server, closed after the test. */
  public Future<RedisGateway> gateway(Vertx vertx) {
    return RedisGateway.connect(vertx, new KonsilConfig.Redis(redis.uri(), List.of(), 0, Duration.ofSeconds(5)))
        .onSuccess(gateways::add);
  }
}
