package io.konsil.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine something else used during a measurement window: all busy CPU time (from
 * {@code /proc/stat}) minus this JVM's and the server's own. On a shared 2-core box this is the number that tells a
 * clean window from a polluted one; every window reports it.
 */
public final class Noise {
  private final java.util.function.LongSupplier server;
  private final long total0;
  private final long busy0;
  private final long own0;
  private final long server0;

  private Noise(java.util.function.LongSupplier server) {
    this.server = server;
    long[] t = machine();
    total0 = t[0];
    busy0 = t[1];
    own0 = self();
    server0 = server.getAsLong();
  }

  public static Noise start(ServerProcess server) {
    return new Noise(server == null ? () -> 0 : server::cpuNanos);
  }

  /** Everything under test may be several processes (two nodes and their Redis): their CPU is ours, not noise. */
  public static Noise startAll(java.util.function.LongSupplier serverCpuNanos) {
    return new Noise(serverCpuNanos);
  }

  /** Percent of the whole machine (all cores) used by other processes since {@link #start}. */
  public double foreignPercent() {
    long[] t = machine();
    double total = (t[0] - total0) * 10_000_000.0;
    if (total <= 0) {
      return 0;
    }
    double busy = (t[1] - busy0) * 10_000_000.0;
    double ours = (self() - own0) + (server.getAsLong() - server0);
    return Math.max(0, 100.0 * (busy - ours) / total);
  }

  /** [total, busy] jiffies over all CPUs. */
  private static long[] machine() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total, total - idle};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private static long self() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
