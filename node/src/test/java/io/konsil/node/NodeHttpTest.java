package io.konsil.node;

import io.konsil.common.testing.ResponseContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The assembled node in-process with demo data: DESIGN.md's fixed HTTP interface points. */
@ExtendWith(VertxExtension.class)
class NodeHttpTest {
  private static final TestTokens TOKENS = new TestTokens();
  private static Vertx vertx;
  private static KonsilNode node;
  private static WebClient http;
  private static WebSocketClient ws;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    KonsilConfig config = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    node = KonsilNode.start(vertx, config).await();
    http = WebClient.create(vertx);
    ws = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().await();
    vertx.close().await();
  }

  private HttpResponse<Buffer> get(String path, String token) throws Exception {
    var req = http.get(node.port(), "127.0.0.1", path);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    HttpResponse<Buffer> r = req.send().await();
    ResponseContract.get().check("GET", path, r.statusCode(), r.getHeader("content-type"), r.body());
    return r;
  }

  @Test
  void healthSaysUpWithEveryFeatureChecked() throws Exception {
    HttpResponse<Buffer> r = get("/health", null);
    assertEquals(200, r.statusCode());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("UP", body.getString("status"));
    assertEquals(java.util.List.of("signaling", "scheduler", "fhir", "web-client"), body.getJsonArray("checks").stream()
        .map(c -> ((JsonObject) c).getString("name")).toList(), body.encode());
  }

  @Test
  void metricsArePrometheusTextWithKonsilMeters() throws Exception {
    // One signaling connection so that connection meters have moved.
    String room = "metrics-room";
    var socket = ws.connect(new WebSocketConnectOptions().setPort(node.port()).setHost("127.0.0.1")
        .setURI("/signal/" + room + "?jwt=" + TOKENS.gp(room))).await();
    HttpResponse<Buffer> r = get("/metrics", null);
    socket.close().await();
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("content-type").startsWith("text/plain"), r.getHeader("content-type"));
    String text = r.bodyAsString();
    assertTrue(text.contains("# TYPE"), "Prometheus exposition format");
    assertTrue(text.contains("konsil_"), "Konsil's own meters are exported");
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters are exported");
  }

  @Test
  void theApiIsDescribedAndGuardedByTokens() throws Exception {
    HttpResponse<Buffer> spec = get("/api/v1/openapi.yaml", null);
    assertEquals(200, spec.statusCode());
    assertTrue(spec.bodyAsString().contains("openapi: 3"), "an OpenAPI 3 document");

    HttpResponse<Buffer> anonymous = get("/api/v1/slots", null);
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.getHeader("content-type").startsWith("application/problem+json"));
    assertEquals("token-missing", anonymous.bodyAsJsonObject().getString("code"));

    HttpResponse<Buffer> slots = get("/api/v1/slots?limit=5", TOKENS.patient("*"));
    assertEquals(200, slots.statusCode(), slots.bodyAsString());
    JsonObject first = slots.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    for (String field : new String[] {"id", "start", "end", "status", "mode", "specialty", "hospital", "clinicianId"}) {
      assertNotNull(first.getValue(field), "slot field " + field);
    }
  }

  @Test
  void aRoomUrlOpensTheCallPageAndTheIframeApiIsServed() throws Exception {
    HttpResponse<Buffer> page = get("/consultation-42?jwt=" + TOKENS.patient("consultation-42"), null);
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("content-type").startsWith("text/html"));
    assertEquals("no-referrer", page.getHeader("referrer-policy"));
    HttpResponse<Buffer> api = get("/external_api.js", null);
    assertEquals(200, api.statusCode());
    assertTrue(api.bodyAsString().contains("JitsiMeetExternalAPI"));
  }

  @Test
  void portZeroPicksAFreePortThatJoinLinksUse() throws Exception {
    assertTrue(node.port() > 0);
    assertEquals("http://localhost:" + node.port(), node.baseUrl());
    assertTrue(node.links().stream().anyMatch(l -> l.contains("http://localhost:" + node.port() + "/")), node.links().toString());
  }

  @Test
  void demoModePrintsLinksAndUnknownPathsAreNotTheCallPage() throws Exception {
    assertFalse(node.links().isEmpty(), "demo mode prints ready-to-click links");
    assertEquals(404, get("/api/v1/no-such-thing", TOKENS.patient("*")).statusCode());
    for (String path : new String[] {"/fhir", "/fhir/no-such-thing", "/fhir/Slot/a/b"}) {
      HttpResponse<Buffer> fhir = get(path, TOKENS.patient("*"));
      assertEquals(404, fhir.statusCode(), path);
      assertTrue(fhir.getHeader("content-type").startsWith("application/fhir+json"), path);
      assertEquals("OperationOutcome", fhir.bodyAsJsonObject().getString("resourceType"), path);
    }
    assertTrue(node.links().stream().anyMatch(l -> l.endsWith("/fhir/metadata")), node.links().toString());
  }

  @Test
  void theAgendaEventStreamsTokenInTheQueryNeverReachesTheAccessLog() throws Exception {
    ch.qos.logback.classic.Logger access =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("konsil.access");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    access.addAppender(lines);
    try {
      String token = TOKENS.patient("patient-kari", "*");
      HttpResponse<Buffer> r = get("/api/v1/agenda/events?access_token=" + token, null);
      assertEquals(403, r.statusCode(), "a patient has no agenda");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (lines.list.stream().noneMatch(e -> e.getFormattedMessage().contains("/agenda/events"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      String logged = lines.list.stream().map(e -> e.getFormattedMessage())
          .filter(m -> m.contains("/agenda/events")).findFirst().orElseThrow();
      // The access log names the route, never the query that carries the token.
      assertTrue(logged.contains("GET /api/v1/agenda/events 403"), logged);
      assertFalse(logged.contains("access_token") || logged.contains(token.substring(0, 20)), logged);
    } finally {
      access.detachAppender(lines);
    }
  }
}
