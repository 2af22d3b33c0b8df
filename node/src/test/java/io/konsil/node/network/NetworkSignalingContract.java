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
 * A virtual hospital network as it runs: three real node processes (three hospitals) on one Redis topology started by
 * the subclass (a single redis-server, a Sentinel set, a Cluster), and real WebSocket clients — a patient, a GP and a
 * specialist each on another node. The same behaviour must hold on every topology.
 */
abstract class NetworkSignalingContract {
  static final TestTokens tokens = new TestTokens(NodeProcess.APP_ID, NodeProcess.SECRET);
  static NodeProcess a;
  static NodeProcess b;
  static NodeProcess c;
  Vertx vertx;

  /** Starts three nodes on the network's Redis ({@code redisFlags}: --redis URI, or --redis-cluster seeds). */
  static void startNodes(String... redisFlags) {
    // Started in parallel: each JVM takes a few seconds on a busy machine.
    a = NodeProcess.launch("slk-1", with(redisFlags, "--hospital", "SLK", "--resume-grace", "20s"));
    b = NodeProcess.launch("ous-1", with(redisFlags, "--hospital", "OUS", "--resume-grace", "20s"));
    c = NodeProcess.launch("hus-1", with(redisFlags, "--hospital", "HUS", "--resume-grace", "20s"));
    for (NodeProcess n : new NodeProcess[] {a, b, c}) {
      n.awaitHealthy(Duration.ofSeconds(120));
    }
  }

  static String[] with(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  /** The flags a node needs to join this network. */
  abstract String[] redisFlags();

  @AfterAll
  static void stopNodes() {
    for (NodeProcess n : new NodeProcess[] {a, b, c}) {
      if (n != null) {
        n.close();
      }
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
    NodeProcess doomed = NodeProcess.start("doomed-1", with(redisFlags(), "--resume-grace", "20s"));
    String room = room();
    String patientToken = tokens.patient("patient-ola", room);
    Admitted call = admittedAcrossNodes(room, doomed, patientToken);
    ScriptedSocket gp = call.gp();
    String patientId = call.patientId();

    long killedAt = System.nanoTime();
    doomed.kill9();
    awaitReconnecting(gp, patientId);
    long noticedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    assertTrue(noticedMs < 5000, "a dead node is noticed within 5 s, took " + noticedMs + " ms");

    ScriptedSocket again = resumeOn(c, room, patientToken, call);
    JsonObject back = await(gp.await(f -> "participant-updated".equals(f.getString("type"))
        && "connected".equals(f.getJsonObject("participant").getString("state")), Duration.ofSeconds(5)));
    assertEquals(patientId, back.getString("participantId"));
    assertTrue(again.unreadCopy().stream().noneMatch(f -> "lobby".equals(f.getString("type"))), "never back in the lobby");

    // The call goes on across the two surviving nodes.
    gp.send(new JsonObject().put("type", "offer").put("to", patientId).put("sdp", "v=0 restart"));
    assertEquals("v=0 restart", await(again.next("offer")).getString("sdp"));
  }

  @Test
  void aPatientWhoseNodeIsStoppedIsHandedOverAndResumesOnAnotherNode() {
    NodeProcess stopping = NodeProcess.start("stopping-1", with(redisFlags(), "--resume-grace", "20s"));
    String room = room();
    String patientToken = tokens.patient("patient-kari", room);
    Admitted call = admittedAcrossNodes(room, stopping, patientToken);
    ScriptedSocket gp = call.gp();
    ScriptedSocket patient = call.patient();
    String patientId = call.patientId();

    stopping.terminate();
    JsonObject ended = await(patient.next("ended"));
    assertEquals("node-shutdown", ended.getString("reason"));
    assertEquals(Boolean.TRUE, ended.getBoolean("resumable"), "other nodes are up: the patient is handed over");
    assertEquals((short) 1001, await(patient.closed()));
    awaitReconnecting(gp, patientId);

    ScriptedSocket again = resumeOn(b, room, patientToken, call);
    gp.send(new JsonObject().put("type", "offer").put("to", patientId).put("sdp", "v=0 after hand-over"));
    assertEquals("v=0 after hand-over", await(again.next("offer")).getString("sdp"));
  }

  /** A GP in the call on node a, and a patient on {@code patientNode} whom the GP admitted. */
  record Admitted(ScriptedSocket gp, ScriptedSocket patient, String patientId, JsonObject welcome) {}

  /** The GP sees the patient reconnecting (handed over or lost with its node), not gone. */
  void awaitReconnecting(ScriptedSocket gp, String patientId) {
    JsonObject reconnecting = await(gp.await(f -> "participant-updated".equals(f.getString("type"))
        && "reconnecting".equals(f.getJsonObject("participant").getString("state")), Duration.ofSeconds(10)));
    assertEquals(patientId, reconnecting.getString("participantId"), "reconnecting, not left");
  }

  /** The patient resumes on {@code node}: the same participant, not a newcomer. */
  ScriptedSocket resumeOn(NodeProcess node, String room, String patientToken, Admitted call) {
    ScriptedSocket again = connect(node, patientToken, room);
    again.send(new JsonObject().put("type", "resume").put("resumeToken", call.welcome().getString("resumeToken")));
    JsonObject resumed = await(again.next("welcome"));
    assertEquals(call.patientId(), resumed.getString("participantId"), "the same participant, not a newcomer: " + resumed);
    assertTrue(resumed.getBoolean("resumed"));
    return again;
  }

  Admitted admittedAcrossNodes(String room, NodeProcess patientNode, String patientToken) {
    ScriptedSocket gp = connect(a, tokens.gp("gp-berg", room), room);
    await(gp.next("welcome"));
    ScriptedSocket patient = connect(patientNode, patientToken, room);
    String patientId = await(patient.next("lobby")).getString("participantId");
    await(gp.next("knocking"));
    gp.send(new JsonObject().put("type", "admit").put("participantId", patientId));
    JsonObject welcome = await(patient.next("welcome"));
    await(gp.next("participant-joined"));
    return new Admitted(gp, patient, patientId, welcome);
  }

  @Test
  void theNetworkListsItsNodesForClientsThatFailOver() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(a.http() + "/network/nodes")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(null),
        "a page served by another node may read the list");
    JsonObject body = new JsonObject(r.body());
    for (NodeProcess n : new NodeProcess[] {a, b, c}) {
      assertTrue(body.getJsonArray("nodes").stream().anyMatch(o -> n.http().equals(((JsonObject) o).getString("url"))),
          r.body());
    }
  }

  /** A call across two nodes: a GP on {@code a} and an admitted patient on {@code b}; returns both. */
  ScriptedSocket[] callAcrossNodes(String room) {
    ScriptedSocket gp = connect(a, tokens.gp("gp-" + room, room), room);
    await(gp.next("welcome"));
    ScriptedSocket patient = connect(b, tokens.patient("pat-" + room, room), room);
    String patientId = await(patient.next("lobby")).getString("participantId");
    await(gp.next("knocking"));
    gp.send(new JsonObject().put("type", "admit").put("participantId", patientId));
    await(patient.next("welcome"));
    await(gp.next("participant-joined"));
    return new ScriptedSocket[] {gp, patient};
  }

  /** Frames cross from {@code from} to {@code to} (participant {@code toId}) and arrive. */
  void relays(ScriptedSocket from, ScriptedSocket to, String toId, String sdp) {
    from.send(new JsonObject().put("type", "offer").put("to", toId).put("sdp", sdp));
    assertEquals(sdp, await(to.await(f -> "offer".equals(f.getString("type")) && sdp.equals(f.getString("sdp")),
        Duration.ofSeconds(15))).getString("sdp"));
  }

  ScriptedSocket connect(NodeProcess node, String jwt, String room) {
    return await(ScriptedSocket.connect(vertx, node.ws() + "/signal/" + room + "?jwt=" + jwt));
  }

  static HttpResponse<String> health(NodeProcess n) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(n.http() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String room() {
    return "konsil-net-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static <T> T await(Future<T> f) {
    try {
      CompletableFuture<T> cf = f.toCompletionStage().toCompletableFuture();
      return cf.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
