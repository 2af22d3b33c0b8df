package io.konsil.scheduler;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Every workflow API test again (referrals, second opinions, agenda, schedules), on a real redis-server. */
class RedisWorkflowApiTest extends WorkflowApiTest {
  private static RedisTestStores redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisTestStores.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  protected Future<Stores> stores(Vertx vertx) {
    return redis.fresh(vertx);
  }

  @AfterEach
  void releaseGateway(VertxTestContext ctx) {
    redis.release().onComplete(ctx.succeedingThenComplete());
  }
}
