package io.konsil.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.AuditEvent;
import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.Basis;
import io.konsil.common.audit.Door;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code konsil-node audit-verify --redis URI}: intact, then an entry edited with a plain Redis command. */
class AuditVerifyCommandTest {

  @Test
  void theCommandSaysIntactThenNamesTheEntryThatWasEditedInRedis() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      Vertx vertx = Vertx.vertx();
      RedisGateway gateway = RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(redis.uri())).await();
      AuditTrail trail = AuditTrail.redis(gateway, Clock.systemUTC(), "node-a");
      for (int i = 1; i <= 5; i++) {
        trail.append(new AuditEvent(new Actor("gp-hansen", "gp", "SLK", "9000001"), "patient-kari",
            AuditAction.APPOINTMENT_READ, Basis.of(Basis.Kind.APPOINTMENT, "a-" + i), Door.REST)).await();
      }
      gateway.close().await();
      vertx.close().await();

      Run intact = run("--redis", redis.uri());
      assertEquals(0, intact.code, intact.err);
      assertEquals("audit trail intact: 5 entries verified", intact.out.strip());

      String third = redis.call("HGET", "konsil:{audit}:entries", "3");
      redis.call("HSET", "konsil:{audit}:entries", "3", third.replace("gp-hansen", "gp-olsen"));
      Run broken = run("--redis", redis.uri());
      assertEquals(1, broken.code, broken.err);
      assertEquals("audit trail BROKEN at entry 3: content does not match its hash (2 entries before it verified)",
          broken.out.strip());

      redis.call("HDEL", "konsil:{audit}:entries", "2");
      assertTrue(run("--redis", redis.uri()).out.contains("BROKEN at entry 2: entry missing"));
    }
  }

  /**
   * A trail begun by nodes of the version before doors (its entry stored as they stored it, hash computed outside
   * Java) and continued by this version verifies as one chain.
   */
  @Test
  void aTrailBegunBeforeDoorsWereRecordedStillVerifiesWithNewEntriesOnIt() throws Exception {
    String legacy = "{\"seq\":1,\"at\":1767254400000,\"node\":\"node-old\",\"actor\":{\"id\":\"gp-hansen\","
        + "\"role\":\"gp\",\"hospital\":\"SLK\",\"hpr\":\"9000001\"},\"patient\":\"patient-kari\",\"action\":"
        + "\"appointment.read\",\"basis\":{\"kind\":\"appointment\",\"ref\":\"a-1\",\"reason\":null},\"prev\":"
        + "\"0000000000000000000000000000000000000000000000000000000000000000\",\"hash\":"
        + "\"ee79b9bd48f9904ff231530c64799ca5ebbd2092356ef55b2a8f1b3478dbc753\"}";
    try (RedisProcess redis = RedisProcess.start()) {
      redis.call("HSET", "konsil:{audit}:entries", "1", legacy);
      redis.call("HSET", "konsil:{audit}:head", "seq", "1", "hash",
          "ee79b9bd48f9904ff231530c64799ca5ebbd2092356ef55b2a8f1b3478dbc753");
      Vertx vertx = Vertx.vertx();
      RedisGateway gateway = RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(redis.uri())).await();
      AuditTrail trail = AuditTrail.redis(gateway, Clock.systemUTC(), "node-new");
      trail.append(new AuditEvent(new Actor("spec-lie", "specialist", "OUS", null), "patient-kari",
          AuditAction.APPOINTMENT_READ, Basis.of(Basis.Kind.APPOINTMENT, "a-1"), Door.FHIR)).await();
      trail.append(new AuditEvent(new Actor("gp-hansen", "gp", "SLK", "9000001"), "patient-kari",
          AuditAction.RECORDING_CONSENT, Basis.of(Basis.Kind.CONSULTATION, "room-1"), Door.SIGNALING,
          "konsil-recording-v1")).await();
      gateway.close().await();
      vertx.close().await();
      Run intact = run("--redis", redis.uri());
      assertEquals(0, intact.code, intact.err);
      assertEquals("audit trail intact: 3 entries verified", intact.out.strip());
      assertTrue(redis.call("HGET", "konsil:{audit}:entries", "2").contains("\"door\":\"fhir\""));
    }
  }

  @Test
  void withoutRedisItExplainsWhereAnEmbeddedTrailIsVerified() {
    Run r = run();
    assertEquals(2, r.code);
    assertTrue(r.err.contains("GET /api/v1/audit/verify"), r.err);
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AuditVerify.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
