package io.konsil.scheduler.booking;

import io.konsil.scheduler.RedisTestStores;
import io.konsil.scheduler.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every booking API test again, with the scheduler on a real redis-server. */
class RedisBookingApiTest extends BookingApiTest {
  @RegisterExtension
  static final RedisTestStores REDIS = new RedisTestStores();

  @Override
  protected Future<Stores> stores(Vertx vertx) {
    return REDIS.fresh(vertx);
  }
}
