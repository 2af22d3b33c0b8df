package io.konsil.fhir;

import io.konsil.common.audit.AuditTrail;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The facade's audit entries in a network's trail: a real redis-server, emptied before each test. */
class RedisFhirAuditTest extends FhirAuditTest {
  private static RedisProcess redis;
  private RedisGateway gateway;

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  protected AuditTrail trail() throws Exception {
    redis.call("FLUSHALL");
    gateway = RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(redis.uri())).toCompletionStage()
        .toCompletableFuture().get();
    return AuditTrail.redis(gateway, Clock.systemUTC(), "node-fhir");
  }

  @Override
  protected void cleanUp() throws Exception {
    gateway.close().toCompletionStage().toCompletableFuture().get();
  }
}
