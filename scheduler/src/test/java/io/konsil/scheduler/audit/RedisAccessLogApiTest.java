package io.konsil.scheduler.audit;

import static io.konsil.scheduler.Responses.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.common.audit.AuditTrail;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.RedisTestStores;
import io.konsil.scheduler.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The access-log tests on Redis (stores and trail); tampering edits the stored entry with a plain Redis command. */
class RedisAccessLogApiTest extends AccessLogApiTest {
  @RegisterExtension
  static final RedisTestStores REDIS = new RedisTestStores();
  private RedisGateway gateway;

  @Override
  protected Future<Stores> stores(Vertx vertx) {
    return REDIS.fresh(vertx);
  }

  @Override
  protected void prepare() throws Exception {
    gateway = await(REDIS.gateway(vertx));
  }

  @Override
  protected Function<Clock, AuditTrail> audit() {
    return clock -> AuditTrail.redis(gateway, clock, "node-test");
  }

  @Override
  protected void tamper(long seq) {
    String stored = REDIS.process().call("HGET", "konsil:{audit}:entries", Long.toString(seq));
    REDIS.process().call("HSET", "konsil:{audit}:entries", Long.toString(seq), stored.replace("\"gp-1\"", "\"gp-x\""));
  }

  @Override
  protected void afterStop() throws Exception {
    await(REDIS.release()); // the trail's gateway and the stores'; this test's Vert.x closes next
  }

  /** Health-grade: while the trail cannot be written, patient data is not handed out (503), never unlogged. */
  @Test
  void whenTheTrailIsDownReadsOfPatientDataFailClosedWith503() throws Exception {
    try (RedisProcess lone = RedisProcess.start()) {
      Vertx v = Vertx.vertx();
      RedisGateway g = await(RedisGateway.connect(v, KonsilConfig.Redis.standalone(lone.uri())));
      Fixture fx = await(Fixture.start(v, c -> c, true, Stores.inMemory(), Fixture.T0,
          clock -> AuditTrail.redis(g, clock, "node-test")));
      try {
        String gp = fx.token("gp-1", "gp", "H1");
        String id = fx.book(gp, "a", new JsonObject().put("slotId", "card-1-0").put("patientId", "kari"))
            .toCompletionStage().toCompletableFuture().get().bodyAsJsonObject().getString("id");
        assertEquals(200, await(fx.get("/api/v1/appointments/" + id, gp)).statusCode());
        lone.close();
        problem(await(fx.get("/api/v1/appointments/" + id, gp)), 503, "store-unavailable");
        problem(await(fx.get("/api/v1/me/access-log", fx.patient("kari"))), 503, "store-unavailable");
      } finally {
        await(fx.stop());
        await(g.close());
        await(v.close());
      }
    }
  }
}
