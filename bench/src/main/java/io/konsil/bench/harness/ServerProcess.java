package io.konsil.bench.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM, started and measured from the outside the same way whatever it is (the real
 * Konsil node or the bare baseline), so that heap and CPU figures of the two are comparable: same JVM flags, heap read
 * with {@code jcmd GC.run} + {@code GC.heap_info}, CPU from {@code /proc/PID/stat}, RSS from {@code /proc/PID/status}.
 * The child dies with the benchmark: it is stopped in {@link #close()} and by a shutdown hook.
 */
public final class ServerProcess implements AutoCloseable {
  /** Same flags for every server under test; G1 as in production, a fixed heap ceiling so runs are comparable. */
  public static final List<String> JVM_FLAGS = List.of("-Xms256m", "-Xmx4g", "-XX:+UseG1GC");

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final Thread hook;

  private ServerProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
    this.hook = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The Java command for {@code mainClass} on this JVM's classpath, with {@link #JVM_FLAGS}. */
  public static List<String> javaCommand(String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  /** The Java command for an executable jar, with {@link #JVM_FLAGS}. */
  public static List<String> jarCommand(Path jar, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    return cmd;
  }

  /** Starts {@code command} and waits until {@code GET http://127.0.0.1:port/health} answers 200. */
  public static ServerProcess start(String name, List<String> command, int port) {
    try {
      Path dir = Path.of("bench", "target", "logs");
      Files.createDirectories(dir);
      Path log = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      Process p = pb.start();
      ServerProcess sp = new ServerProcess(name, p, port, log);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!sp.healthy()) {
        if (!p.isAlive()) {
          throw new IllegalStateException(name + " exited with " + p.exitValue() + "; see " + log);
        }
        if (System.nanoTime() > deadline) {
          sp.close();
          throw new IllegalStateException(name + " not healthy after 60 s; see " + log);
        }
        Thread.sleep(100);
      }
      return sp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean healthy() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      int status = c.getResponseCode();
      c.disconnect();
      return status == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /** Heap in use after a full GC, in bytes. */
  public long heapUsedAfterGc() {
    jcmd("GC.run");
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("cannot read heap of " + name + ": " + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** Live bytes per class (the histogram forces a full GC first), for explaining where the heap went. */
  public Map<String, long[]> classHistogram() {
    Map<String, long[]> out = new HashMap<>();
    for (String line : jcmd("GC.class_histogram").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) {
        out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
      }
    }
    return out;
  }

  /** User + system CPU time the server process has used, in nanoseconds. */
  public long cpuNanos() {
    return cpuNanos(pid());
  }

  /** User + system CPU time process {@code pid} has used, in nanoseconds (-1 when unknown). */
  public static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException e) {
      return -1;
    }
  }

  /** Resident set size in bytes. */
  public long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  public boolean alive() {
    return process.isAlive();
  }

  String jcmdPublic(String... command) {
    return jcmd(command);
  }

  private String jcmd(String... command) {
    try {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid())));
      cmd.addAll(List.of(command));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed for " + name + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM (the node drains gracefully), then kill after 15 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }

  public static File nodeJar() {
    return Path.of("node", "target", "konsil-node.jar").toFile();
  }
}
