package io.konsil.signaling.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.FreePort;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Janus 1.1 ({@code janus -F DIR}) for one test class: a copy of /etc/janus in a temp dir where only the
 * VideoRoom plugin and the WebSocket transport stay enabled (the rest deleted and disabled), the WebSocket on a free
 * loopback port, ICE on 127.0.0.2 (infra/janus/loopback-ice.sh), logs to a file instead of stdout. A missing
 * {@code janus} fails the test: infra/test.sh installs it.
 */
public final class JanusProcess implements AutoCloseable {
  static final String BINARY = System.getenv().getOrDefault("KONSIL_JANUS", "/usr/bin/janus");
  static final String LIBDIR = "/usr/lib/x86_64-linux-gnu/janus";
  static final String ICE_INTERFACE = "konsil-sfu0";
  static final String ICE_ADDRESS = "127.0.0.2";
  private static final Pattern FINGERPRINT = Pattern.compile("Fingerprint of our certificate: ([0-9A-F:]+)");

  private final Path dir;
  private final Path recordings;
  private final int port;
  private Process process;

  private JanusProcess(Path dir, Path recordings, int port) {
    this.dir = dir;
    this.recordings = recordings;
    this.port = port;
  }

  /** Starts Janus with its default 60 s session timeout. */
  public static JanusProcess start() {
    return start(60);
  }

  public static JanusProcess start(int sessionTimeoutSeconds) {
    assertTrue(new File(BINARY).canExecute(), "janus is needed (apt-get install janus; infra/test.sh does it)");
    ensureLoopbackIce();
    try {
      Path dir = Files.createTempDirectory("konsil-janus-");
      Path recordings = Files.createDirectories(dir.resolve("recordings"));
      JanusProcess janus = new JanusProcess(dir, recordings, FreePort.find());
      janus.configure(sessionTimeoutSeconds);
      janus.launch();
      return janus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return URI.create("ws://127.0.0.1:" + port);
  }

  public Path recordings() {
    return recordings;
  }

  /** The DTLS fingerprint Janus made for itself at its latest start (every answer and offer must carry it). */
  public String fingerprint() {
    Matcher m = FINGERPRINT.matcher(log());
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("janus.log"));
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills Janus (as a crash would) and starts it again on the same port: every session is gone. */
  public void restart() {
    process.destroyForcibly();
    waitFor(process);
    launch();
  }

  /** Kills Janus and leaves it down. */
  public void kill() {
    process.destroyForcibly();
    waitFor(process);
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitFor(process);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }

  private void configure(int sessionTimeout) throws IOException {
    copyTree(Path.of("/etc/janus"), dir);
    // Delete the configs of everything we do not load; the disable lists below keep Janus from loading the libraries.
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".jcfg")).collect(Collectors.toList())) {
        String n = f.getFileName().toString();
        if (!n.equals("janus.jcfg") && !n.equals("janus.plugin.videoroom.jcfg")
            && !n.equals("janus.transport.websockets.jcfg")) {
          Files.delete(f);
        }
      }
    }
    Map<String, String> values = Map.of(
        "@CONFIGS@", dir.toString(),
        "@LIBDIR@", LIBDIR,
        "@INTERFACE_IP@", ICE_ADDRESS,
        "@SESSION_TIMEOUT@", String.valueOf(sessionTimeout),
        "@ICE_INTERFACE@", ICE_INTERFACE,
        "@DISABLED_PLUGINS@", othersIn("plugins", "libjanus_videoroom.so"),
        "@DISABLED_TRANSPORTS@", othersIn("transports", "libjanus_websockets.so"),
        "@DISABLED_LOGGERS@", othersIn("loggers", ""),
        "@WS_PORT@", String.valueOf(port),
        "@WS_IP@", "127.0.0.1");
    for (String name : List.of("janus.jcfg", "janus.transport.websockets.jcfg", "janus.plugin.videoroom.jcfg")) {
      String text = Files.readString(infra().resolve(name));
      for (Map.Entry<String, String> v : values.entrySet()) {
        text = text.replace(v.getKey(), v.getValue());
      }
      Files.writeString(dir.resolve(name), text);
    }
  }

  private void launch() {
    try {
      Path logFile = dir.resolve("janus.log");
      Files.deleteIfExists(logFile);
      process = new ProcessBuilder(BINARY, "-F", dir.toString(), "-C", dir.resolve("janus.jcfg").toString(),
          "--disable-stdout", "--log-file", logFile.toString(), "--disable-colors")
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("janus.out").toFile())
          .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("janus exited at start:\n" + log());
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return;
        } catch (IOException notYet) {
          Thread.sleep(50);
        }
      }
      throw new IllegalStateException("janus did not open its WebSocket port within 15 s:\n" + log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String othersIn(String folder, String keep) throws IOException {
    List<String> others = new ArrayList<>();
    try (Stream<Path> libs = Files.list(Path.of(LIBDIR, folder))) {
      libs.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".so") && !n.equals(keep))
          .sorted()
          .forEach(others::add);
    }
    return String.join(",", others);
  }

  /** Janus ignores loopback devices for ICE; infra/janus/loopback-ice.sh gives it 127.0.0.2 on a veth device. */
  private static void ensureLoopbackIce() {
    try {
      Process p = new ProcessBuilder("bash", infra().resolve("loopback-ice.sh").toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor() == 0, "infra/janus/loopback-ice.sh failed (it needs root and iproute2): " + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Path infra() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.exists(here.resolve("infra/janus/janus.jcfg"))) {
      here = here.getParent();
    }
    if (here == null) {
      throw new IllegalStateException("infra/janus not found above " + Path.of("").toAbsolutePath());
    }
    return here.resolve("infra/janus");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.collect(Collectors.toList())) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static void waitFor(Process p) {
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
