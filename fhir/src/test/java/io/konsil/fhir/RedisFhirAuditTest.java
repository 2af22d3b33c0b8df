package io.konsil.fhir;

import io.konsil.common.audit.AuditTrail;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisPerClass;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The facade's audit entries in a network's trail: a real redis-server, emptied before each test. */
class RedisFhirAuditTest extends FhirAuditTest {
  @RegisterExtension
  static final RedisPerClass REDIS = new RedisPerClass();

  private RedisGateway gateway;

  @Override
  protected AuditTrail trail() throws Exception {
    REDIS.call("FLUSHALL");
    gateway = RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(REDIS.uri())).toCompletionStage()
        .toCompletableFuture().get();
    return AuditTrail.redis(gateway, Clock.systemUTC(), "node-fhir");
  }

  @Override
  protected void cleanUp() throws Exception {
    gateway.close().toCompletionStage().toCompletableFuture().get();
  }
}
