package io.konsil.node.testing;

import io.konsil.common.testing.FreePort;
import io.konsil.node.Main;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Konsil node as an operator runs it: its own JVM process ({@code io.konsil.node.Main} with flags), on a free port,
 * with its output in a log file. Tests can kill it with SIGKILL (a crash) or SIGTERM (a graceful stop).
 */
public final class NodeProcess implements AutoCloseable {
  public static final String APP_ID = "konsil-test";
  public static final String SECRET = "process-test-secret-0123456789abcdef";

  private final Process process;
  private final int port;
  private final Path log;
  private final String nodeId;

  private NodeProcess(Process process, int port, Path log, String nodeId) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.nodeId = nodeId;
  }

  /** Starts a node with the test's app id and secret on a free port, plus {@code flags}; does not wait. */
  public static NodeProcess launch(String nodeId, String... flags) {
    int port = FreePort.find();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--port", String.valueOf(port), "--node-id", nodeId, "--jwt-app-id", APP_ID, "--jwt-secret", SECRET,
        "--public-url", "http://127.0.0.1:" + port));
    cmd.addAll(List.of(flags));
    try {
      Path log = Files.createTempFile("konsil-" + nodeId + "-", ".log");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new NodeProcess(p, port, log, nodeId);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Launches and waits until {@code /health} answers 200. */
  public static NodeProcess start(String nodeId, String... flags) {
    return launch(nodeId, flags).awaitHealthy(Duration.ofSeconds(90));
  }

  public NodeProcess awaitHealthy(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node " + nodeId + " exited (" + process.exitValue() + "): " + log());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(http() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(150);
    }
    throw new AssertionError("node " + nodeId + " did not become healthy: " + log());
  }

  public int port() {
    return port;
  }

  public String http() {
    return "http://127.0.0.1:" + port;
  }

  public String ws() {
    return "ws://127.0.0.1:" + port;
  }

  public Process process() {
    return process;
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** kill -9: the node dies without telling anyone. */
  public void kill9() {
    process.destroyForcibly();
    waitExit();
  }

  /** SIGTERM: the node shuts down gracefully. */
  public void terminate() {
    process.destroy();
    waitExit();
  }

  public int waitExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
