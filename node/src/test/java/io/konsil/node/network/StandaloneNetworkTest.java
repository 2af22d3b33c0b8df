package io.konsil.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.ScriptedSocket;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The network on one redis-server (AOF, fsync always), including what happens while that server is down. */
class StandaloneNetworkTest extends NetworkSignalingContract {
  private static RedisProcess redis;

  @BeforeAll
  static void network() {
    redis = RedisProcess.durable();
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
  void whileRedisIsDownCallsOnOneNodeGoOnJoinsFailFastAndTheNetworkRecoversByItself() throws Exception {
    String room = room();
    ScriptedSocket gp = connect(a, tokens.gp("gp-lie", room), room);
    String gpId = await(gp.next("welcome")).getString("participantId");
    ScriptedSocket patient = connect(a, tokens.patient("patient-aisha", room), room);
    String patientId = await(patient.next("lobby")).getString("participantId");
    await(gp.next("knocking"));
    gp.send(new JsonObject().put("type", "admit").put("participantId", patientId));
    await(patient.next("welcome"));
    await(gp.next("participant-joined"));
    ScriptedSocket remote = connect(b, tokens.specialist("spec-remote", room), room);
    await(remote.next("welcome"));

    redis.kill9();
    try {
      duringTheOutage(room, gp, patient, gpId, patientId);
    } finally {
      redis.restart();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (health(a).statusCode() != 200 || health(b).statusCode() != 200) {
      assertTrue(System.nanoTime() < deadline, "nodes did not recover: " + health(a).body());
      Thread.sleep(200);
    }
    // Back by themselves: a newcomer joins across nodes and cross-node frames flow again.
    ScriptedSocket late = connect(b, tokens.specialist("spec-late", room), room);
    JsonObject lateWelcome = await(late.next("welcome"));
    assertEquals(room, lateWelcome.getString("room"));
    late.send(new JsonObject().put("type", "chat").put("text", "back"));
    assertEquals("back", await(gp.await(f -> "chat".equals(f.getString("type")), Duration.ofSeconds(10))).getString("text"));
    assertEquals("back", await(remote.await(f -> "chat".equals(f.getString("type")), Duration.ofSeconds(10))).getString("text"));
  }

  private void duringTheOutage(String room, ScriptedSocket gp, ScriptedSocket patient, String gpId, String patientId)
      throws Exception {
    // Same-node relay needs no Redis.
    gp.send(new JsonObject().put("type", "offer").put("to", patientId).put("sdp", "v=0 during-outage"));
    assertEquals("v=0 during-outage", await(patient.next("offer")).getString("sdp"));
    patient.send(new JsonObject().put("type", "answer").put("to", gpId).put("sdp", "v=0 answer"));
    assertEquals("v=0 answer", await(gp.next("answer")).getString("sdp"));
    // What needs Redis fails fast with a clear code.
    long t0 = System.nanoTime();
    ScriptedSocket.Refusal refused = await(ScriptedSocket.refused(vertx,
        b.ws() + "/signal/" + room + "?jwt=" + tokens.patient("late", room)));
    long refusedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertEquals(503, refused.status());
    assertEquals("store-unavailable", refused.code());
    assertTrue(refusedMs < 1500, "refused in " + refusedMs + " ms");
    HttpResponse<String> health = health(a);
    assertEquals(503, health.statusCode());
    assertTrue(health.body().contains("\"DOWN\""), health.body());
  }

}
