package io.konsil.common.audit;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The contract on a real redis-server; tampering goes straight to the server (as redis-cli would). */
class RedisAuditTrailTest extends AuditTrailContract {
  private static RedisProcess redis;
  private final List<RedisGateway> gateways = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @AfterEach
  void closeGateways() throws Exception {
    for (RedisGateway g : gateways) {
      await(g.close());
    }
  }

  @Override
  protected AuditTrail trail(String node) throws Exception {
    redis.call("FLUSHALL");
    redis.call("FUNCTION", "FLUSH");
    return connected(node);
  }

  @Override
  protected AuditTrail sameStore(String node, AuditTrail first) throws Exception {
    return connected(node);
  }

  private AuditTrail connected(String node) throws Exception {
    RedisGateway gateway = await(RedisGateway.connect(vertx,
        new KonsilConfig.Redis(redis.uri(), List.of(), 0, Duration.ofSeconds(5))));
    gateways.add(gateway);
    return AuditTrail.redis(gateway, clock, node);
  }

  @Override
  protected void edit(long seq, UnaryOperator<String> change) {
    String stored = redis.call("HGET", "konsil:{audit}:entries", Long.toString(seq)).trim();
    redis.call("HSET", "konsil:{audit}:entries", Long.toString(seq), change.apply(stored));
  }

  @Override
  protected void delete(long seq) {
    redis.call("HDEL", "konsil:{audit}:entries", Long.toString(seq));
  }
}
