package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real redis-server: one server for the class, emptied and given the functions anew
 * per test, through a gateway of its own per test (closing it cancels whatever a timed-out test left running, so no
 * write of one test lands in the next).
 */
class RedisStoreContractTest extends StoreContract {
  private static RedisProcess redis;
  private static Vertx vertx;
  private RedisGateway gateway;

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    await(vertx.close());
    redis.close();
  }

  @Override
  protected Stores newStores() throws Exception {
    redis.call("FLUSHALL");
    redis.call("FUNCTION", "FLUSH");
    // A generous timeout: some contract tests write 30,000 slots, and the build machine is shared.
    gateway = RedisNode.await(RedisGateway.connect(vertx, new KonsilConfig.Redis(redis.uri(), List.of(), 0,
        Duration.ofSeconds(5))));
    Stores stores = Stores.redis(gateway);
    await(stores.start());
    return stores;
  }

  @AfterEach
  void closeGateway() throws Exception {
    if (gateway != null) {
      RedisNode.await(gateway.close());
    }
  }
}
