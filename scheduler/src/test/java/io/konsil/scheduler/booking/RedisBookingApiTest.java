package io.konsil.scheduler.booking;

import io.konsil.scheduler.RedisTestStores;
import io.konsil.scheduler.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Every booking API test again, with the scheduler on a real redis-server. */
class RedisBookingApiTest extends BookingApiTest {
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
