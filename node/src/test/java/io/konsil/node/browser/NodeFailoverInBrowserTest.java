package io.konsil.node.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.RedisProcess;
import io.konsil.node.testing.NodeProcess;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client on a network of three real nodes (separate processes) on one real Redis, in real Chromium: a
 * patient whose node is stopped (SIGTERM, hand-over) and then a GP whose node dies (kill -9) carry on the same call on
 * another node — same participant, no second trip through the lobby, video flowing — with nothing but the list the
 * page got from {@code GET /network/nodes}.
 */
class NodeFailoverInBrowserTest {
  private static RedisProcess redis;
  private static Map<String, NodeProcess> nodes;

  @BeforeAll
  static void start() {
    assertTrue(Chromium.available(), "Chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
    redis = RedisProcess.start();
    List<String> ids = List.of("slk-1", "ous-1", "hus-1");
    // Launched together, then awaited: three JVMs start in parallel.
    nodes = ids.stream().collect(Collectors.toMap(Function.identity(), id -> NodeProcess.launch(id,
        "--redis", redis.uri(), "--demo", "--hospital", id.substring(0, 3).toUpperCase(), "--resume-grace", "30s", "--join-before", "15d",
        "--rate-limits", "off", "--redis-timeout", "3s")));
    nodes.values().forEach(n -> n.awaitHealthy(Duration.ofSeconds(120)));
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.values().forEach(NodeProcess::close);
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void aCallOutlivesAStoppedNodeAndAKilledNodeOnTheNetwork() {
    NodeProcess a = nodes.get("slk-1");
    NodeProcess b = nodes.get("ous-1");
    NodeProcess c = nodes.get("hus-1");
    // The page may only connect where its Content-Security-Policy allows: it names the other live nodes.
    awaitCspNames(a, b, c);
    awaitCspNames(b, a, c);

    KonsilRest onA = new KonsilRest(a.http());
    KonsilRest onB = new KonsilRest(b.http());
    String patientJwt = onA.signIn("patient-sofie");
    JsonObject appointment = onA.bookEarliest(patientJwt, "general-practice", "SLK");
    String gpJwt = onB.signIn(appointment.getString("clinicianId"));

    try (Browser patient = Chromium.launch("patient", 900, 640); Browser gp = Chromium.launch("gp", 900, 640)) {
      // The patient is on slk-1, the GP on ous-1: a cross-node call from the start.
      patient.open(onA.callUrl(onA.join(patientJwt, appointment.getString("id"))));
      patient.click("#prejoin-join");
      patient.find("#lobby-position");
      gp.open(onB.callUrl(onB.join(gpJwt, appointment.getString("id"))));
      gp.click("#prejoin-join");
      gp.click("#knocks .knock button.admit");
      patient.waitForRemoteVideos(1);
      gp.waitForRemoteVideos(1);
      String patientId = (String) patient.js("return window.__konsil.state().participantId");
      String gpId = (String) gp.js("return window.__konsil.state().participantId");
      patient.waitJs("the patient's page knows all three nodes", "window.__konsil.state().nodes.length === 3");
      gp.waitJs("the GP's page knows all three nodes", "window.__konsil.state().nodes.length === 3");
      assertEquals(a.http(), patient.js("return window.__konsil.state().node"));

      // 1. slk-1 is stopped for an upgrade: it hands its participants over; the patient resumes elsewhere.
      a.terminate();
      patient.waitJs("the patient on another node", "window.__konsil.state().signaling === 'connected'"
          + " && window.__konsil.state().node !== '" + a.http() + "'");
      assertEquals(patientId, patient.js("return window.__konsil.state().participantId"), "resumed, not a newcomer");
      assertEquals("in-call", patient.js("return window.__konsil.state().phase"), "never back in the lobby");
      gp.waitJs("the GP sees the patient in the call again", inCall(patientId));
      System.out.printf("figure: node stopped → patient resumed on %s in %s ms%n",
          patient.js("return window.__konsil.state().node"), outage(patient));
      patient.waitForRemoteVideos(1);
      gp.waitForRemoteVideos(1);

      // 2. ous-1 dies without a word: the GP's page finds another node and resumes there.
      b.kill9();
      gp.waitJs("the GP on the last node", "window.__konsil.state().signaling === 'connected'"
          + " && window.__konsil.state().node === '" + c.http() + "'");
      assertEquals(gpId, gp.js("return window.__konsil.state().participantId"));
      assertEquals(Boolean.TRUE, gp.js("return window.__konsil.state().me.moderator === true"), "still the moderator");
      patient.waitJs("the patient on the last node too", "window.__konsil.state().signaling === 'connected'"
          + " && window.__konsil.state().node === '" + c.http() + "'");
      assertEquals(patientId, patient.js("return window.__konsil.state().participantId"));
      patient.waitJs("the patient sees the GP in the call", inCall(gpId));
      gp.waitJs("the GP sees the patient in the call", inCall(patientId));
      System.out.printf("figure: node killed → GP resumed on %s in %s ms%n",
          gp.js("return window.__konsil.state().node"), outage(gp));
      assertNotEquals(Boolean.TRUE, gp.js("return window.__konsil.state().knocking.length > 0"), "nobody knocks again");
      patient.waitForRemoteVideos(1);
      gp.waitForRemoteVideos(1);

      // Signaling on the new node carries the call: chat flows both ways.
      patient.type("#chat-input", "Hører du meg fortsatt?");
      patient.click("#chat-send");
      gp.waitJs("chat after two failovers",
          "[...document.querySelectorAll('#chat-log .text')].some(e => e.textContent === 'Hører du meg fortsatt?')");
      patient.assertCleanConsole();
      gp.assertCleanConsole();
    }
  }

  private static String inCall(String participantId) {
    return "window.__konsil.state().participants.some(p => p.id === '" + participantId + "' && p.state === 'in-call')";
  }

  /** Milliseconds from the last drop of signaling to connected again, as the page timed it. */
  private static Object outage(Browser b) {
    return b.js("const t = window.__konsil.state().signalingTimeline;"
        + " const d = t.findLast(x => x.state === 'reconnecting'); const c = t.findLast(x => x.state === 'connected');"
        + " return d && c ? Math.round(c.at - d.at) : null");
  }

  /** Waits until {@code node}'s call page's CSP lets it connect to each of {@code others} (http and ws). */
  private static void awaitCspNames(NodeProcess node, NodeProcess... others) {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String csp = "";
    while (System.nanoTime() < deadline) {
      try {
        csp = http.send(HttpRequest.newBuilder(URI.create(node.http() + "/some-room")).build(),
            HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Security-Policy").orElse("");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      String connect = csp.replaceAll(".*connect-src ([^;]*);.*", "$1");
      if (Stream.of(others).allMatch(o -> connect.contains(o.http()) && connect.contains(o.ws()))) {
        assertTrue(!connect.contains(node.http() + " "), "its own origin is 'self': " + connect);
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError(node.http() + " never named the other nodes in connect-src: " + csp);
  }
}
