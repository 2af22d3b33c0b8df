package io.konsil.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestTokens;
import io.konsil.node.KonsilNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one redis-server share one audit trail: a call spanning both leaves each consultation event once,
 * written by the node that committed it, and either node shows the whole log and verifies the whole chain.
 */
class NetworkAuditTest {
  private static final TestTokens TOKENS = new TestTokens();

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aCallAcrossTwoNodesIsAuditedOnceByTheNodeThatCommittedEachEvent() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      Vertx vertx = Vertx.vertx();
      KonsilConfig base = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET)
          .withRedis(KonsilConfig.Redis.standalone(redis.uri()))
          .withHttp(new KonsilConfig.Http(null, KonsilConfig.RateLimits.off(), false));
      KonsilNode slk = KonsilNode.start(vertx, base.withNodeId("slk-1")).await();
      KonsilNode ous = KonsilNode.start(vertx, base.withNodeId("ous-1")).await();
      WebClient http = WebClient.create(vertx);
      try {
        String room = "audit-" + System.nanoTime();
        // A GP whose token carries the HPR number an identity provider vouched for (as Konsil's join tokens do).
        JsonObject gpClaims = TOKENS.claims("gp-hansen", "Ingrid Hansen", "gp", true, room);
        gpClaims.getJsonObject("context").getJsonObject("user").put("hospital", "SLK").put("hpr", "9000001");
        ScriptedSocket gp = await(ScriptedSocket.connect(vertx,
            "ws://127.0.0.1:" + slk.port() + "/signal/" + room + "?jwt=" + TOKENS.hs256(gpClaims)));
        await(gp.next("welcome"));
        ScriptedSocket patient = await(ScriptedSocket.connect(vertx,
            "ws://127.0.0.1:" + ous.port() + "/signal/" + room + "?jwt=" + TOKENS.patient("patient-kari", room)));
        String pid = await(patient.next("lobby")).getString("participantId");
        await(gp.next("knocking"));
        await(gp.send(new JsonObject().put("type", "admit").put("participantId", pid)));
        await(patient.next("welcome"));
        // Recording consent on each node: written once, by the node that committed it.
        await(gp.send(new JsonObject().put("type", "consent").put("id", "c1").put("recording", true)
            .put("version", "konsil-recording-v1")));
        await(gp.next("ack"));
        await(patient.send(new JsonObject().put("type", "consent").put("id", "c2").put("recording", true)
            .put("version", "konsil-recording-v1")));
        await(patient.next("ack"));
        await(patient.send(new JsonObject().put("type", "leave")));
        await(patient.closed());

        String admin = TOKENS.role("admin-konsil", "admin", "*");
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.stream().filter(x -> !x.startsWith("access-log.")).count() < 5 && System.nanoTime() < deadline) {
          JsonArray items = await(http.get(slk.port(), "127.0.0.1", "/api/v1/audit?patientId=patient-kari")
              .bearerTokenAuthentication(admin).send()).bodyAsJsonObject().getJsonArray("items");
          seen.clear();
          items.forEach(i -> seen.add(((JsonObject) i).getString("action") + " on "
              + ((JsonObject) i).getString("node")));
          Thread.sleep(50);
        }
        Thread.sleep(300);
        JsonArray all = await(http.get(ous.port(), "127.0.0.1", "/api/v1/audit?patientId=patient-kari")
            .bearerTokenAuthentication(admin).send()).bodyAsJsonObject().getJsonArray("items");
        List<String> fromOtherNode = new ArrayList<>();
        all.forEach(i -> fromOtherNode.add(((JsonObject) i).getString("action") + " on "
            + ((JsonObject) i).getString("node")));
        // The admin's own searches are in the trail too; the consultation events appear once each.
        List<String> consultation = fromOtherNode.stream()
            .filter(s -> s.startsWith("consultation.") || s.startsWith("recording.")).toList();
        assertEquals(List.of("consultation.leave on ous-1", "recording.consent on ous-1", "recording.consent on slk-1",
            "consultation.admit on slk-1", "consultation.join on ous-1"), consultation);
        // Every signaling entry names its door; the GP's name them by HPR number, role and hospital.
        for (Object o : all) {
          JsonObject e = (JsonObject) o;
          if (e.getString("action").startsWith("consultation.") || e.getString("action").startsWith("recording.")) {
            assertEquals("signaling", e.getString("door"), e.encode());
            if ("gp-hansen".equals(e.getJsonObject("actor").getString("id"))) {
              assertEquals(new JsonObject().put("id", "gp-hansen").put("role", "gp").put("hospital", "SLK")
                  .put("hpr", "9000001"), e.getJsonObject("actor"));
            }
          }
          if (e.getString("action").equals("recording.consent")) {
            assertEquals("konsil-recording-v1", e.getString("detail"));
          }
        }

        JsonObject log = await(http.get(slk.port(), "127.0.0.1", "/api/v1/me/access-log")
            .bearerTokenAuthentication(TOKENS.patient("patient-kari", "*")).send()).bodyAsJsonObject();
        assertTrue(log.getJsonArray("items").stream().anyMatch(i -> "gp-hansen".equals(
            ((JsonObject) i).getJsonObject("actor").getString("id"))), log.encode());
        JsonObject verified = await(http.get(ous.port(), "127.0.0.1", "/api/v1/audit/verify")
            .bearerTokenAuthentication(admin).send()).bodyAsJsonObject();
        assertTrue(verified.getBoolean("intact"), verified.encode());
      } finally {
        http.close();
        slk.stop().await();
        ous.stop().await();
        vertx.close().await();
      }
    }
  }
}
