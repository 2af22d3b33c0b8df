package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real redis-server: one server for the class, emptied and given the functions anew per test. */
class RedisStoreContractTest extends StoreContract {
  private static RedisProcess redis;
  private static Vertx vertx;
  private static RedisGateway gateway;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisProcess.start();
    vertx = Vertx.vertx();
    // A generous timeout: some contract tests write 30,000 slots, and the build machine is shared.
    gateway = await(RedisGateway.connect(vertx, new KonsilConfig.Redis(redis.uri(), List.of(), 0,
        Duration.ofSeconds(5))));
  }

  @AfterAll
  static void stopRedis() throws Exception {
    await(gateway.close());
    await(vertx.close());
    redis.close();
  }

  @Override
  protected Stores newStores() throws Exception {
    redis.call("FLUSHALL");
    redis.call("FUNCTION", "FLUSH");
    Stores stores = Stores.redis(gateway);
    await(stores.start());
    return stores;
  }
}
