package io.konsil.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.RedisSentinelSet;
import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network on Redis with Sentinel (one master, one replica, three sentinels): the nodes find the master through
 * the sentinels and follow a failover by themselves.
 */
class SentinelNetworkTest extends NetworkSignalingContract {
  private static RedisSentinelSet redis;

  @BeforeAll
  static void network() {
    redis = RedisSentinelSet.start();
    startNodes("--redis", redis.uri());
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Override
  String[] redisFlags() {
    return new String[] {"--redis", redis.uri()};
  }

  @Test
  void whenTheMasterIsKilledTheNodesFollowTheFailoverAndTheCallGoesOnAcrossNodes() throws Exception {
    String room = room();
    ScriptedSocket[] call = callAcrossNodes(room);
    ScriptedSocket gp = call[0];
    ScriptedSocket patient = call[1];
    String patientId = patient.history().stream().filter(f -> "welcome".equals(f.getString("type"))).findFirst()
        .orElseThrow().getString("participantId");
    relays(gp, patient, patientId, "v=0 before");

    RedisProcess master = redis.master();
    int oldPort = master.port();
    master.kill9();
    RedisProcess promoted = redis.awaitFailoverFrom(oldPort, 60);
    assertTrue(promoted.port() != oldPort);

    // Both nodes follow without a restart: health comes back, and frames cross nodes again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (health(a).statusCode() != 200 || health(b).statusCode() != 200) {
      assertTrue(System.nanoTime() < deadline, "nodes did not follow the failover: " + health(a).body());
      Thread.sleep(200);
    }
    boolean crossed = false;
    while (!crossed && System.nanoTime() < deadline) {
      gp.send(new JsonObject().put("type", "offer").put("to", patientId).put("sdp", "v=0 after"));
      try {
        await(patient.await(f -> "offer".equals(f.getString("type")) && "v=0 after".equals(f.getString("sdp")),
            Duration.ofSeconds(2)));
        crossed = true;
      } catch (AssertionError notYet) {
        // the bus is still resubscribing
      }
    }
    assertTrue(crossed, "cross-node frames flow after the failover");
    // Clients that may have missed frames in the switch were brought back in sync with a fresh welcome.
    JsonObject resync = await(patient.await(f -> "welcome".equals(f.getString("type")) && f.getBoolean("resumed", false),
        Duration.ofSeconds(20)));
    assertEquals(patientId, resync.getString("participantId"));
    // The old master comes back as a replica of the new one.
    master.restart();
  }
}
