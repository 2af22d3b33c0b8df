package io.konsil.scheduler;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every workflow API test again (referrals, second opinions, agenda, schedules), on a real redis-server. */
class RedisWorkflowApiTest extends WorkflowApiTest {
  @RegisterExtension
  static final RedisTestStores REDIS = new RedisTestStores();

  @Override
  protected Future<Stores> stores(Vertx vertx) {
    return REDIS.fresh(vertx);
  }
}
