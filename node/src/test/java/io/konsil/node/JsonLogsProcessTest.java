package io.konsil.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.FreePort;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-format json} on a real node process: stdout is JSON lines only, and neither tokens (in a query, in
 * an Authorization header, forged or valid) nor a patient's identifier in a path appear in any of them.
 */
class JsonLogsProcessTest {
  private static final String SECRET = "json-logs-secret-0123456789abcdef";
  private static final String NATIONAL_ID = "12089012345";
  private static final String PATIENT_REF = "patient-ref-7731";

  @Test
  void jsonLogLinesCarryNoTokenAndNoPatientIdentifier() throws Exception {
    int port = FreePort.find();
    Path out = Files.createTempFile("konsil-json", ".log");
    Path err = Files.createTempFile("konsil-json", ".err");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--port", String.valueOf(port), "--demo", "--jwt-app-id", "konsil-test", "--jwt-secret", SECRET,
        "--log-format", "json", "--node-id", "json-node"));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    List<String> secrets = new ArrayList<>(List.of(NATIONAL_ID, PATIENT_REF));
    try {
      waitForHealth(http, base, p, out);
      String jwt = new JsonObject(send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/demo/sign-in"))
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"patient-kari\"}")).build()).body()).getString("jwt");
      String forged = new io.konsil.common.testing.TestTokens("konsil-test", "wrong-secret").patient(NATIONAL_ID, "*");
      secrets.add(jwt);
      secrets.add(jwt.substring(jwt.lastIndexOf('.') + 1));
      secrets.add(forged);
      secrets.add(forged.substring(forged.lastIndexOf('.') + 1));

      assertEquals(200, send(http, bearer(base + "/api/v1/appointments", jwt)).statusCode());
      assertEquals(404, send(http, bearer(base + "/api/v1/appointments/" + NATIONAL_ID, jwt)).statusCode());
      assertEquals(404, send(http, bearer(base + "/api/v1/appointments/" + PATIENT_REF, jwt)).statusCode());
      send(http, bearer(base + "/api/v1/slots?patient=" + NATIONAL_ID + "&q=" + PATIENT_REF, jwt));
      assertEquals(401, send(http, bearer(base + "/api/v1/appointments", forged)).statusCode());
      assertEquals(200, send(http, HttpRequest.newBuilder(URI.create(base + "/konsil-logs?jwt=" + jwt)).build())
          .statusCode());
      assertEquals(401, send(http, HttpRequest.newBuilder(URI.create(base + "/signal/konsil-logs?jwt=" + forged))
          .build()).statusCode());
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port
          + "/signal/konsil-logs?jwt=" + jwt), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
      ws.sendText("{\"type\":\"chat\",\"text\":\"my number is " + NATIONAL_ID + "\"}", true).get(5, TimeUnit.SECONDS);
      ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
    } finally {
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    boolean routeLogged = false;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject event;
      try {
        event = new JsonObject(line);
      } catch (DecodeException e) {
        throw new AssertionError("not a JSON line: " + line);
      }
      assertTrue(event.containsKey("@timestamp") && event.containsKey("level") && event.containsKey("message"), line);
      assertEquals("json-node", event.getString("node"), line);
      routeLogged |= "konsil.access".equals(event.getString("logger_name"))
          && event.getString("message").contains("GET /api/v1/appointments/:id 404");
      for (String secret : secrets) {
        assertFalse(line.contains(secret), "log line reveals " + secret + ": " + line);
      }
    }
    assertTrue(routeLogged, "the access log names the route: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.contains("websocket-upgrade")), "the handshake is logged");
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    for (String secret : secrets) {
      assertFalse(stderr.contains(secret), "stderr reveals " + secret);
    }
  }

  private static HttpRequest bearer(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build();
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void waitForHealth(HttpClient http, String base, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("node exited: " + Files.readString(log));
      }
      try {
        if (send(http, HttpRequest.newBuilder(URI.create(base + "/health")).build()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("node did not become healthy: " + Files.readString(log));
  }
}
