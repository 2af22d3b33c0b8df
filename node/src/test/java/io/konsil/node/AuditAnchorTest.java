package io.konsil.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.AuditEntry;
import io.konsil.common.audit.AuditEvent;
import io.konsil.common.audit.AuditQuery;
import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.Basis;
import io.konsil.common.audit.Door;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.TestTokens;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The trail's head reaches the log — at start, as the trail grows, at stop — and a trail rewritten whole in a real
 * Redis, consistent in itself, is told apart by {@code audit-verify --anchor} with the head taken from that log line.
 */
class AuditAnchorTest {
  private static final Pattern HEAD = Pattern.compile("audit trail head (\\d+:[0-9a-f]{64}) \\(audit-verify --anchor \\1\\)");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AuditAnchor.LOGGER);
  private Vertx vertx;

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
    vertx = Vertx.vertx();
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    vertx.close().await();
  }

  private List<String> heads() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).map(m -> {
      Matcher h = HEAD.matcher(m);
      assertTrue(h.matches(), "a head line, nothing else: " + m);
      return h.group(1);
    }).toList();
  }

  private static AuditEvent read(String clinician, int n) {
    return new AuditEvent(new Actor(clinician, "gp", "SLK", null), "patient-kari", AuditAction.APPOINTMENT_READ,
        Basis.of(Basis.Kind.APPOINTMENT, "a-" + n), Door.REST);
  }

  private static String head(AuditTrail trail) {
    AuditEntry e = trail.query(AuditQuery.all(null, 1)).await().items().get(0);
    return e.seq() + ":" + e.hash();
  }

  @Test
  void theHeadIsLoggedWhenItMovedAndOnlyThenWithoutAnyPersonInIt() {
    AuditTrail trail = AuditTrail.inMemory(Clock.systemUTC(), "node-a");
    AuditAnchor anchor = new AuditAnchor(vertx, trail);
    anchor.start(Duration.ofMillis(50)).await();
    vertx.timer(200).await();
    assertEquals(List.of(), heads(), "an empty trail has no head");
    trail.append(List.of(read("gp-hansen", 1), read("gp-hansen", 2))).await();
    String second = head(trail);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (heads().isEmpty() && System.nanoTime() < deadline) {
      vertx.timer(20).await();
    }
    vertx.timer(200).await(); // several more periods: the head did not move, so no more lines
    assertEquals(List.of(second), heads());
    trail.append(read("gp-hansen", 3)).await();
    anchor.stop().await(); // the period or the stop writes the new head, once
    assertEquals(List.of(second, head(trail)), heads());
    lines.list.forEach(e -> assertTrue(!e.getFormattedMessage().contains("kari")
        && !e.getFormattedMessage().contains("hansen"), e.getFormattedMessage()));
  }

  @Test
  void aNodeLogsItsHeadWhenItStops() throws Exception {
    TestTokens tokens = new TestTokens();
    KonsilConfig config = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    KonsilNode node = KonsilNode.start(vertx, config).await();
    java.net.http.HttpResponse<String> read = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.port()
            + "/api/v1/appointments/a-demo-kari-now")).header("Authorization", "Bearer "
            + tokens.role("admin-konsil", "admin", "*")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, read.statusCode(), read.body());
    node.stop().await();
    List<String> heads = heads();
    assertTrue(!heads.isEmpty() && heads.get(heads.size() - 1).matches("[1-9]\\d*:[0-9a-f]{64}"), heads.toString());
  }

  @Test
  void aTrailRewrittenWholeIsIntactInItselfButDoesNotPassThroughALoggedHead() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      RedisGateway gateway = RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(redis.uri())).await();
      AuditTrail trail = AuditTrail.redis(gateway, Clock.systemUTC(), "node-a");
      for (int i = 1; i <= 3; i++) {
        trail.append(read("gp-hansen", i)).await();
      }
      new AuditAnchor(vertx, trail).write().await();
      String logged = heads().get(0);
      for (int i = 4; i <= 5; i++) {
        trail.append(read("gp-hansen", i)).await();
      }
      AuditVerifyCommandTest.Run through = AuditVerifyCommandTest.run("--redis", redis.uri(), "--anchor", logged);
      assertEquals(0, through.code(), through.out() + through.err());
      assertEquals("audit trail intact: 5 entries verified, through 1 logged head", through.out().strip());

      // Someone with write access to Redis writes the trail again, every hash computed anew: gp-olsen, not gp-hansen.
      redis.call("FLUSHALL");
      AuditTrail forged = AuditTrail.redis(gateway, Clock.systemUTC(), "node-a");
      for (int i = 1; i <= 5; i++) {
        forged.append(read("gp-olsen", i)).await();
      }
      gateway.close().await();
      AuditVerifyCommandTest.Run alone = AuditVerifyCommandTest.run("--redis", redis.uri());
      assertEquals(0, alone.code(), "the chain alone cannot tell: " + alone.out());
      AuditVerifyCommandTest.Run anchored = AuditVerifyCommandTest.run("--redis", redis.uri(), "--anchor", logged);
      assertEquals(1, anchored.code(), anchored.out() + anchored.err());
      assertTrue(anchored.out().startsWith("audit trail REWRITTEN: entry 3 is not the one the head " + logged
          + " names"), anchored.out());
      AuditVerifyCommandTest.Run beyond = AuditVerifyCommandTest.run("--redis", redis.uri(), "--anchor",
          "9:" + logged.substring(2));
      assertEquals(1, beyond.code());
      assertTrue(beyond.out().startsWith("audit trail REWRITTEN: entry 9 is missing"), beyond.out());
      AuditVerifyCommandTest.Run bad = AuditVerifyCommandTest.run("--redis", redis.uri(), "--anchor", "3:xyz");
      assertEquals(2, bad.code());
      assertTrue(bad.err().contains("--anchor takes SEQ:HASH"), bad.err());
    }
  }
}
