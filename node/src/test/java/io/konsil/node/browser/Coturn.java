package io.konsil.node.browser;

import io.konsil.common.testing.FreePort;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real coturn ({@code turnserver}) on loopback with REST-API credentials ({@code use-auth-secret}), as production
 * runs it, for tests that check Konsil's TURN credentials end to end.
 */
final class Coturn implements AutoCloseable {
  static final String BINARY = "/usr/bin/turnserver";

  private final Process process;
  private final int port;
  private final Path log;

  private Coturn(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static boolean available() {
    return new File(BINARY).canExecute();
  }

  static Coturn start(String secret) throws IOException, InterruptedException {
    int port = FreePort.find();
    int relayLow = 20000 + (port % 20000);
    Path log = Files.createTempFile("konsil-coturn-", ".log");
    Process p = new ProcessBuilder(List.of(BINARY, "-n",
        "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
        "--min-port=" + relayLow, "--max-port=" + (relayLow + 200),
        "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=konsil.test",
        "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--fingerprint",
        "--pidfile=" + log + ".pid", "--log-file=" + log, "--simple-log"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Coturn coturn = new Coturn(p, port, log);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("turnserver exited: " + Files.readString(log));
      }
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return coturn;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    coturn.close();
    throw new IOException("turnserver did not listen on " + port);
  }

  String uri() {
    return "turn:127.0.0.1:" + port;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
  }
}
