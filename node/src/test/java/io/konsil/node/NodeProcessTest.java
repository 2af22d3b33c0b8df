package io.konsil.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.FreePort;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher as a user runs it: a real JVM process, its exit codes, its logs and its reaction to SIGTERM. */
class NodeProcessTest {
  private static final String SECRET = "process-test-secret-0123456789abcdef";

  private static Process launch(Path log, String... flags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(flags));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void anUnknownFlagExitsWithCode2AndSaysWhy() throws Exception {
    Path log = Files.createTempFile("konsil-node", ".log");
    Process p = launch(log, "--no-such-flag");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertTrue(Files.readString(log).contains("unknown flag --no-such-flag"), Files.readString(log));
  }

  @Test
  void anUnreachableRedisStopsTheStartWithExitCode1AndSaysWhere() throws Exception {
    Path log = Files.createTempFile("konsil-node", ".log");
    Process p = launch(log, "--redis", "redis://127.0.0.1:1");
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue());
    assertTrue(Files.readString(log).contains("cannot reach Redis at redis://127.0.0.1:1"), Files.readString(log));
  }

  @Test
  void sigtermTellsConnectedClientsAndStopsCleanlyWithoutLoggingTokens() throws Exception {
    int port = FreePort.find();
    Path log = Files.createTempFile("konsil-node", ".log");
    Process p = launch(log, "--port", String.valueOf(port), "--jwt-app-id", "konsil-test", "--jwt-secret", SECRET);
    HttpClient http = HttpClient.newHttpClient();
    try {
      waitForHealth(http, port, p, log);
      String token = new io.konsil.common.testing.TestTokens("konsil-test", SECRET).gp("room-sigterm");
      LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      WebSocket ws = http.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/signal/room-sigterm?jwt=" + token), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
              frames.add(data.toString());
              webSocket.request(1);
              return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
              closed.complete(statusCode);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      String welcome = frames.poll(10, TimeUnit.SECONDS);
      assertTrue(welcome != null && welcome.contains("\"welcome\""), String.valueOf(welcome));

      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the node stops within 30 s of SIGTERM");
      String last = frames.poll(5, TimeUnit.SECONDS);
      assertTrue(last != null && last.contains("ended"), "clients are told before the node goes: " + last);
      assertEquals(1001, closed.get(5, TimeUnit.SECONDS), "closed as 'going away'");
      ws.abort();
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(out.contains("shutting down"), out);
      assertTrue(!out.contains(token), "the token never appears in the log");
      assertTrue(out.contains("GET /signal/* websocket-upgrade"), "the access log shows the request's route only");
    } finally {
      p.destroyForcibly();
    }
  }

  private static void waitForHealth(HttpClient http, int port, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("node exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
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
