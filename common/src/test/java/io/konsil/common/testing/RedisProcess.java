package io.konsil.common.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (or sentinel) on a free loopback port with its own directory, started by a test and
 * stopped by it. Missing {@code redis-server} fails the test: infra/test.sh installs it, and a test that silently
 * skipped would hide that the network was never exercised.
 */
public final class RedisProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final List<String> args;
  private final String name;
  private Process process;

  private RedisProcess(String name, int port, Path dir, List<String> args) {
    this.name = name;
    this.port = port;
    this.dir = dir;
    this.args = args;
  }

  private static RedisProcess shared;

  /**
   * One server for the whole test JVM (started on first use, killed at exit), for suites that run their tests
   * against Redis and keep them apart by unique names rather than by a server each.
   */
  public static synchronized RedisProcess shared() {
    if (shared == null || !shared.alive()) {
      shared = start();
      RedisProcess s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::kill9, "redis-shared-stop"));
    }
    return shared;
  }

  /** A standalone server with no persistence (fast), or with the given extra redis.conf directives as flags. */
  public static RedisProcess start(String... extraArgs) {
    return start("redis", freePort(), extraArgs);
  }

  /** A server with AOF and {@code appendfsync always}, as infra/redis/redis.conf ships. */
  public static RedisProcess durable() {
    return start("--appendonly", "yes", "--appendfsync", "always");
  }

  public static RedisProcess start(String name, int port, String... extraArgs) {
    try {
      Path dir = Files.createTempDirectory("konsil-" + name + "-");
      List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "no",
          "--repl-diskless-sync-delay", "0", "--logfile", dir.resolve("redis.log").toString()));
      args.addAll(List.of(extraArgs));
      RedisProcess p = new RedisProcess(name, port, dir, args);
      p.launch(List.of(redisServer()), false);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A sentinel watching {@code master} under {@code masterName}, quorum 2, reacting within about a second. */
  public static RedisProcess sentinel(String masterName, int masterPort) {
    try {
      int port = freePort();
      Path dir = Files.createTempDirectory("konsil-sentinel-");
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(conf, String.join("\n",
          "port " + port,
          "bind 127.0.0.1",
          "protected-mode no",
          "dir " + dir,
          "logfile " + dir.resolve("sentinel.log"),
          "sentinel resolve-hostnames no",
          "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 2",
          "sentinel down-after-milliseconds " + masterName + " 1000",
          "sentinel failover-timeout " + masterName + " 5000",
          "sentinel parallel-syncs " + masterName + " 1",
          ""));
      RedisProcess p = new RedisProcess("sentinel", port, dir, List.of(conf.toString(), "--sentinel"));
      p.launch(List.of(redisServer()), true);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String redisServer() {
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError("redis-server is not installed; infra/test.sh installs it (apt-get install redis-server)");
  }

  private void launch(List<String> command, boolean sentinel) {
    List<String> full = new ArrayList<>(command);
    full.addAll(args);
    try {
      process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + full, e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited at start: " + log());
      }
      try {
        String reply = command("PING");
        if (reply.startsWith("+PONG") || (sentinel && reply.startsWith("+"))) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      sleep(20);
    }
    throw new IllegalStateException(name + " did not answer PING on port " + port + ": " + log());
  }

  public int port() {
    return port;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public Path dir() {
    return dir;
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** The server's log so far (for failure messages). */
  public String log() {
    try {
      Path log = Files.exists(dir.resolve("redis.log")) ? dir.resolve("redis.log")
          : Files.exists(dir.resolve("sentinel.log")) ? dir.resolve("sentinel.log") : dir.resolve("stdout.log");
      String text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** Sends one command (inline protocol) and returns the first reply line, or a bulk reply's content. */
  public String command(String... words) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      StringBuilder resp = new StringBuilder("*").append(words.length).append("\r\n");
      for (String w : words) {
        byte[] b = w.getBytes(StandardCharsets.UTF_8);
        resp.append('$').append(b.length).append("\r\n").append(w).append("\r\n");
      }
      out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String first = in.readLine();
      if (first == null) {
        throw new IOException("no reply");
      }
      if (first.startsWith("$")) {
        int len = Integer.parseInt(first.substring(1));
        if (len < 0) {
          return null;
        }
        char[] buf = new char[len];
        int read = 0;
        while (read < len) {
          int n = in.read(buf, read, len - read);
          if (n < 0) {
            break;
          }
          read += n;
        }
        return new String(buf, 0, read);
      }
      return first;
    }
  }

  /** {@link #command} for tests that cannot continue without an answer. */
  public String call(String... words) {
    try {
      return command(words);
    } catch (IOException e) {
      throw new IllegalStateException(name + " on port " + port + " did not answer " + String.join(" ", words), e);
    }
  }

  /** A line of {@code INFO section}, e.g. {@code info("replication", "role")}. */
  public String info(String section, String field) {
    for (String line : call("INFO", section).split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).trim();
      }
    }
    return null;
  }

  /** Runs {@code redis-cli -p PORT args...} and returns its output (for cluster administration). */
  public String cli(String... cliArgs) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
    command.addAll(List.of(cliArgs));
    return run(command);
  }

  static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed (" + p.exitValue() + "): " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kill -9: no shutdown, no final fsync beyond what the fsync policy already did. */
  public void kill9() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts the server again on the same port and directory (its AOF or RDB, if any, is loaded). */
  public RedisProcess restart() {
    kill9();
    waitPortFree();
    launch(List.of(args.contains("--sentinel") ? redisServer() : redisServer()), args.contains("--sentinel"));
    return this;
  }

  private void waitPortFree() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        return;
      } catch (IOException busy) {
        sleep(50);
      }
    }
  }

  @Override
  public void close() {
    kill9();
  }

  /** A free port whose cluster bus port (port + 10000) is free too. */
  static int freePort() {
    for (int i = 0; i < 50; i++) {
      int p = FreePort.find();
      if (p + 10_000 > 65_535) {
        continue;
      }
      try (ServerSocket bus = new ServerSocket()) {
        bus.setReuseAddress(true);
        bus.bind(new InetSocketAddress("127.0.0.1", p + 10_000));
        return p;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IllegalStateException("no free port pair for redis");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
