package io.konsil.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestTokens;
import io.konsil.node.testing.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A virtual hospital network as it runs: three real node processes (three hospitals) on one real redis-server, and
 * real WebSocket clients — a patient, a GP and a specialist each on another node.
 */
class NetworkSignalingTest {
  private static final TestTokens tokens = new TestTokens(NodeProcess.APP_ID, NodeProcess.SECRET);
  private static RedisProcess redis;
  private static NodeProcess a;
  private static NodeProcess b;
  private static NodeProcess c;
  private Vertx vertx;

  @BeforeAll
  static void network() {
    redis = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always");
    // Started in parallel: each JVM takes a few seconds on a busy machine.
    a = NodeProcess.launch("slk-1", "--redis", redis.uri(), "--hospital", "SLK", "--resume-grace", "20s");
    b = NodeProcess.launch("ous-1", "--redis", redis.uri(), "--hospital", "OUS", "--resume-grace", "20s");
    c = NodeProcess.launch("hus-1", "--redis", redis.uri(), "--hospital", "HUS", "--resume-grace", "20s");
    for (NodeProcess n : new NodeProcess[] {a, b, c}) {
      n.awaitHealthy(Duration.ofSeconds(120));
    }
  }

  @AfterAll
  static void down() {
    for (NodeProcess n : new NodeProcess[] {a, b, c}) {
      if (n != null) {
        n.close();
      }
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void client() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeClient() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aPatientAGpAndASpecialistOnThreeNodesMeetChatAndEndAsOnOneNode() {
    String room = room();
    ScriptedSocket gp = connect(a, tokens.gp("gp-hansen", room), room);
    JsonObject gpWelcome = await(gp.next("welcome"));

    ScriptedSocket patient = connect(b, tokens.patient("patient-kari", room), room);
    JsonObject lobby = await(patient.next("lobby"));
    assertEquals(1, lobby.getInteger("position"));
    JsonObject knock = await(gp.next("knocking"));
    assertEquals("patient-kari", knock.getJsonObject("participant").getString("userId"));
    String patientId = lobby.getString("participantId");

    gp.send(new JsonObject().put("type", "admit").put("id", "a1").put("participantId", patientId));
    JsonObject welcome = await(patient.next("welcome"));
    assertEquals(patientId, welcome.getString("participantId"));
    assertEquals(gpWelcome.getString("participantId"),
        welcome.getJsonArray("participants").getJsonObject(0).getString("id"));
    await(gp.next("participant-joined"));
    assertEquals("a1", await(gp.next("ack")).getString("id"));

    ScriptedSocket specialist = connect(c, tokens.specialist("spec-ous-cardiology", room), room);
    JsonObject specWelcome = await(specialist.next("welcome"));
    assertEquals(2, specWelcome.getJsonArray("participants").size(), "the specialist sees both at once");
    await(gp.next("participant-joined"));
    await(patient.next("participant-joined"));
    String specId = specWelcome.getString("participantId");

    // offer/answer/candidate between nodes, in order, with the sender set by the server
    specialist.send(new JsonObject().put("type", "offer").put("to", patientId).put("sdp", "v=0 offer-1").put("id", "o1"));
    specialist.send(new JsonObject().put("type", "candidate").put("to", patientId).put("candidate", "c-1"));
    specialist.send(new JsonObject().put("type", "candidate").put("to", patientId).put("candidate", "c-2"));
    JsonObject offer = await(patient.next("offer"));
    assertEquals(specId, offer.getString("from"));
    assertEquals("v=0 offer-1", offer.getString("sdp"));
    assertFalse(offer.containsKey("id"), "the sender's correlation id is not forwarded");
    assertEquals("c-1", await(patient.next("candidate")).getString("candidate"));
    assertEquals("c-2", await(patient.next("candidate")).getString("candidate"));
    patient.send(new JsonObject().put("type", "answer").put("to", specId).put("sdp", "v=0 answer-1"));
    assertEquals(patientId, await(specialist.next("answer")).getString("from"));

    patient.send(new JsonObject().put("type", "chat").put("text", "Jeg ser dere begge"));
    for (ScriptedSocket s : new ScriptedSocket[] {gp, patient, specialist}) {
      assertEquals("Jeg ser dere begge", await(s.next("chat")).getString("text"));
    }
    specialist.send(new JsonObject().put("type", "update").put("audioMuted", true));
    assertTrue(await(gp.next("participant-updated")).getJsonObject("participant").getBoolean("audioMuted"));

    gp.send(new JsonObject().put("type", "end"));
    for (ScriptedSocket s : new ScriptedSocket[] {gp, patient, specialist}) {
      assertEquals("ended-by-moderator", await(s.next("ended")).getString("reason"));
      assertEquals((short) 1000, await(s.closed()));
    }
  }

  @Test
  void aPatientWhoseNodeIsKilledResumesOnAnotherNodeWithoutPassingTheLobbyAgain() {
    NodeProcess doomed = NodeProcess.start("doomed-1", "--redis", redis.uri(), "--resume-grace", "20s");
    String room = room();
    ScriptedSocket gp = connect(a, tokens.gp("gp-berg", room), room);
    await(gp.next("welcome"));
    String patientToken = tokens.patient("patient-ola", room);
    ScriptedSocket patient = connect(doomed, patientToken, room);
    JsonObject lobby = await(patient.next("lobby"));
    String patientId = lobby.getString("participantId");
    await(gp.next("knocking"));
    gp.send(new JsonObject().put("type", "admit").put("participantId", patientId));
    JsonObject welcome = await(patient.next("welcome"));
    await(gp.next("participant-joined"));

    long killedAt = System.nanoTime();
    doomed.kill9();
    JsonObject reconnecting = await(gp.await(f -> "participant-updated".equals(f.getString("type"))
        && "reconnecting".equals(f.getJsonObject("participant").getString("state")), Duration.ofSeconds(10)));
    long noticedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    assertEquals(patientId, reconnecting.getString("participantId"));
    assertTrue(noticedMs < 5000, "a dead node is noticed within 5 s, took " + noticedMs + " ms");

    ScriptedSocket again = connect(c, patientToken, room);
    again.send(new JsonObject().put("type", "resume").put("resumeToken", welcome.getString("resumeToken")));
    JsonObject resumed = await(again.next("welcome"));
    assertTrue(resumed.getBoolean("resumed"));
    assertEquals(patientId, resumed.getString("participantId"), "the same participant, not a newcomer");
    JsonObject back = await(gp.await(f -> "participant-updated".equals(f.getString("type"))
        && "connected".equals(f.getJsonObject("participant").getString("state")), Duration.ofSeconds(5)));
    assertEquals(patientId, back.getString("participantId"));
    assertTrue(again.unreadCopy().stream().noneMatch(f -> "lobby".equals(f.getString("type"))), "never back in the lobby");

    // The call goes on across the two surviving nodes.
    gp.send(new JsonObject().put("type", "offer").put("to", patientId).put("sdp", "v=0 restart"));
    assertEquals("v=0 restart", await(again.next("offer")).getString("sdp"));
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

  @Test
  void theNetworkListsItsNodesForClientsThatFailOver() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(a.http() + "/network/nodes")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    JsonObject body = new JsonObject(r.body());
    for (NodeProcess n : new NodeProcess[] {a, b, c}) {
      assertTrue(body.getJsonArray("nodes").stream().anyMatch(o -> n.http().equals(((JsonObject) o).getString("url"))),
          r.body());
    }
  }

  private ScriptedSocket connect(NodeProcess node, String jwt, String room) {
    return await(ScriptedSocket.connect(vertx, node.ws() + "/signal/" + room + "?jwt=" + jwt));
  }

  private static HttpResponse<String> health(NodeProcess n) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(n.http() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String room() {
    return "konsil-net-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static <T> T await(Future<T> f) {
    try {
      CompletableFuture<T> cf = f.toCompletionStage().toCompletableFuture();
      return cf.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
