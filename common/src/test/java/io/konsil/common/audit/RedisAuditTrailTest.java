package io.konsil.common.audit;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisPerClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a real redis-server; tampering goes straight to the server (as redis-cli would). */
class RedisAuditTrailTest extends AuditTrailContract {
  @RegisterExtension
  static final RedisPerClass REDIS = new RedisPerClass();

  private final List<RedisGateway> gateways = new ArrayList<>();

  @AfterEach
  void closeGateways() throws Exception {
    for (RedisGateway g : gateways) {
      await(g.close());
    }
  }

  @Override
  protected AuditTrail trail(String node) throws Exception {
    REDIS.call("FLUSHALL");
    REDIS.call("FUNCTION", "FLUSH");
    return connected(node);
  }

  @Override
  protected AuditTrail sameStore(String node, AuditTrail first) throws Exception {
    return connected(node);
  }

  private AuditTrail connected(String node) throws Exception {
    RedisGateway gateway = await(RedisGateway.connect(vertx,
        new KonsilConfig.Redis(REDIS.uri(), List.of(), 0, Duration.ofSeconds(5))));
    gateways.add(gateway);
    return AuditTrail.redis(gateway, clock, node);
  }

  @Override
  protected void edit(long seq, UnaryOperator<String> change) {
    String stored = REDIS.call("HGET", "konsil:{audit}:entries", Long.toString(seq)).trim();
    REDIS.call("HSET", "konsil:{audit}:entries", Long.toString(seq), change.apply(stored));
  }

  @Override
  protected void delete(long seq) {
    REDIS.call("HDEL", "konsil:{audit}:entries", Long.toString(seq));
  }
}
