package io.konsil.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisPerClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

  /**
   * Turns, step by step on the function itself: a node whose entry lost the race has the next turn; meanwhile another
   * node's entry is refused with 'wait' even though it follows the head; the turn's node appends and the turn is gone;
   * a turn whose node never comes back runs out (250 ms).
   */
  @Test
  void theNodeThatLostTheRaceAppendsNextAndAnAbandonedTurnRunsOut() throws Exception {
    trail("node-a");
    AuditTrail loader = connected("node-a"); // loads konsil_audit_v2 with its first append
    await(loader.append(read("gp-hansen", "SLK", "patient-kari", "a-1")));
    String head = REDIS.call("HGET", "konsil:{audit}:head", "hash").trim();
    // node-b sealed against seq 0: it lost, and has the turn.
    assertEquals(List.of("0", "1", head, "lost"), fcall("0", "1", "node-b"));
    // node-c follows the head (seq 1) but it is node-b's turn.
    assertEquals(List.of("0", "1", head, "wait"), fcall("1", "2", "node-c"));
    assertEquals(List.of("1"), fcall("1", "2", "node-b"));
    assertEquals(null, REDIS.call("HGET", "konsil:{audit}:head", "turn"), "the turn is gone once used");
    // node-c lost again (its seq 2 is taken) and has the turn; node-b may not append until it runs out.
    assertEquals("lost", fcall("1", "2", "node-c").get(3));
    assertEquals("wait", fcall("2", "3", "node-b").get(3));
    Thread.sleep(300);
    assertEquals(List.of("1"), fcall("2", "3", "node-b"), "node-c never came back: its turn ran out");
  }

  /**
   * Redis dies with thousands of appends waiting on this node: each fails as 503 (the request behind it is refused,
   * nothing is acknowledged that was not stored), none hangs, and the queue does not unwind into a stack overflow.
   */
  @Test
  void withRedisDeadEveryWaitingAppendFailsCleanlyAndNoneHangs() throws Exception {
    try (io.konsil.common.testing.RedisProcess own = io.konsil.common.testing.RedisProcess.start()) {
      RedisGateway gateway = await(RedisGateway.connect(vertx,
          new KonsilConfig.Redis(own.uri(), List.of(), 0, Duration.ofSeconds(1))));
      gateways.add(gateway);
      AuditTrail trail = AuditTrail.redis(gateway, clock, "node-a");
      await(trail.append(read("gp-hansen", "SLK", "patient-kari", "a-0")));
      own.kill9();
      List<io.vertx.core.Future<Void>> waiting = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        waiting.add(trail.append(read("gp-hansen", "SLK", "patient-kari", "a-" + i)));
      }
      io.vertx.core.Future.join(waiting).toCompletionStage().toCompletableFuture()
          .handle((v, e) -> null).get(60, java.util.concurrent.TimeUnit.SECONDS);
      List<String> outcomes = waiting.stream().map(f -> !f.isComplete() ? "pending"
          : f.succeeded() ? "acknowledged" : f.cause() instanceof io.konsil.common.error.KonsilException k
              ? Integer.toString(k.status()) : f.cause().getClass().getSimpleName()).distinct().toList();
      assertEquals(List.of("503"), outcomes);
    }
  }

  /** konsil_audit_v2_append through redis-cli, for an entry with no index keys: the reply's lines. */
  private static List<String> fcall(String expectedSeq, String seq, String node) {
    String reply = REDIS.cli("FCALL", "konsil_audit_v2_append", "2", "konsil:{audit}:head",
        "konsil:{audit}:entries", expectedSeq, seq, "h" + seq + node, "{}", node);
    return List.of(reply.trim().split("\\R"));
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
