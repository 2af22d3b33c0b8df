package io.konsil.bench.media;

import io.konsil.bench.harness.Args;
import io.konsil.bench.harness.Machine;
import io.konsil.bench.harness.ServerProcess;
import io.konsil.bench.harness.Table;
import io.konsil.common.testing.TestTokens;
import io.konsil.signaling.media.JanusProcess;
import io.konsil.signaling.testing.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Six people in one call, in the real web client (headless Chromium, fake camera), twice in the same run: a mesh
 * (node with {@code --mesh-max 6}) and through a real Janus (node with {@code --janus-ws}, {@code --mesh-max 4}: four
 * join peer to peer, the fifth moves the call). Per browser: upload bitrate (getStats outbound-rtp bytesSent over
 * every connection) and CPU (its whole process tree, /proc); the node's CPU (its own JVM, /proc); and, through
 * Janus, the time from the fifth admit (its welcome) to the five decoding each other through the server with every
 * mesh connection closed. Sequential phases, never more than {@code --people} browsers at once.
 *
 * <pre>bench/run.sh mesh-vs-sfu [--people 6] [--window 20] [--fps 10]</pre>
 */
public final class MeshVsSfuBench {

  private record Page(HeadlessChromium.Launched chromium) {
    ChromeDriver driver() {
      return chromium.driver();
    }

    Object js(String script) {
      return driver().executeScript(script);
    }

    long bytesSent() {
      Object r = driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
          + " window.__konsil.traffic().then(t => done(t.bytesSent), () => done(-1));");
      return ((Number) r).longValue();
    }

    /** CPU of every process of this browser (found by its own profile directory on the command line). */
    long cpuNanos() {
      long sum = 0;
      File[] procs = new File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
      for (File p : procs == null ? new File[0] : procs) {
        try {
          String cmd = Files.readString(p.toPath().resolve("cmdline")).replace('\0', ' ');
          if (cmd.contains(chromium.profile().toString())) {
            long cpu = ServerProcess.cpuNanos(Long.parseLong(p.getName()));
            sum += Math.max(0, cpu);
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile
        }
      }
      return sum;
    }

    void close() {
      chromium.close();
    }
  }

  /** What one run measured. */
  private record Result(String mode, double[] uploadKbps, double[] browserCpu, double nodeCpuMsPerSec, long switchMs) {
    double mean(double[] v) {
      return java.util.Arrays.stream(v).average().orElse(0);
    }

    double max(double[] v) {
      return java.util.Arrays.stream(v).max().orElse(0);
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int people = args.integer("people", 6);
    int window = args.integer("window", 20);
    int fps = args.integer("fps", 10);
    args.checkAllUsed();
    System.out.println(Machine.describe());
    try (JanusProcess janus = JanusProcess.start()) {
      Result mesh = run("mesh", people, people, window, fps, janus);
      Result sfu = run("sfu", people, 4, window, fps, janus);
      Table t = new Table("Six people, mesh vs through Janus (" + window + " s window, fake camera 640x480 at " + fps
          + " fps)", "media", "upload kbit/s per browser (mean)", "max", "browser CPU % (mean)", "max",
          "node CPU ms/s", "node CPU ms/s per participant", "fifth admit -> all decoding via SFU");
      for (Result r : List.of(mesh, sfu)) {
        t.row(r.mode(), Table.f0(r.mean(r.uploadKbps())), Table.f0(r.max(r.uploadKbps())),
            Table.f1(r.mean(r.browserCpu())), Table.f1(r.max(r.browserCpu())), Table.f1(r.nodeCpuMsPerSec()),
            Table.f2(r.nodeCpuMsPerSec() / people), r.switchMs() < 0 ? "-" : r.switchMs() + " ms");
      }
      t.note("upload: SFU/mesh = " + Table.f2(sfu.mean(sfu.uploadKbps()) / mesh.mean(mesh.uploadKbps()))
          + "; browser CPU: SFU/mesh = " + Table.f2(sfu.mean(sfu.browserCpu()) / mesh.mean(mesh.browserCpu()))
          + "; CPU % is of one core");
      t.print();
    }
  }

  private static Result run(String mode, int people, int meshMax, int window, int fps, JanusProcess janus)
      throws Exception {
    int port = ServerProcess.freePort();
    List<String> flags = new ArrayList<>(List.of("--port", String.valueOf(port), "--jwt-app-id", TestTokens.APP_ID,
        "--jwt-secret", TestTokens.SECRET, "--mesh-max", String.valueOf(meshMax), "--janus-ws", janus.uri().toString(),
        "--recording-dir", janus.recordings().toString()));
    TestTokens tokens = new TestTokens();
    String room = "bench-" + mode + "-" + UUID.randomUUID().toString().substring(0, 8);
    List<Page> pages = new ArrayList<>();
    try (ServerProcess node = ServerProcess.start("media-" + mode, ServerProcess.jarCommand(
        ServerProcess.nodeJar().toPath(), flags), port)) {
      long switchMs = -1;
      for (int i = 0; i < people; i++) {
        Page p = launch("p" + i, fps);
        pages.add(p);
        String jwt = tokens.hs256(tokens.claims("bench-" + i + "-" + UUID.randomUUID(), "Clinician " + (i + 1),
            "specialist", true, room));
        p.driver().get("http://127.0.0.1:" + port + "/" + room + "?jwt=" + jwt + "#prejoin=0");
        until(Duration.ofSeconds(60), "p" + i + " in the call",
            () -> Boolean.TRUE.equals(p.js("return !!(window.__konsil && window.__konsil.state"
                + " && window.__konsil.state().phase === 'in-call')")));
        if ("sfu".equals(mode) && i == meshMax) {
          double welcomed = ((Number) p.js("return performance.timeOrigin + window.__konsil.state().marks.welcome"))
              .doubleValue();
          for (Page q : pages) {
            until(Duration.ofSeconds(180), "all decoding through the SFU", () -> carried(q, meshMax));
          }
          switchMs = System.currentTimeMillis() - Math.round(welcomed);
        }
      }
      for (Page q : pages) {
        until(Duration.ofSeconds(180), "everyone receives everyone", () -> "sfu".equals(mode) ? carried(q, people - 1)
            : Boolean.TRUE.equals(q.js("return window.__konsil.state().peers.filter(p => p.connectionState"
                + " === 'connected').length === " + (people - 1))));
      }
      Thread.sleep(10_000); // encoders ramp up their bitrate
      // Each page's window runs from its own first reading to its own last: on a loaded machine one getStats round
      // trip takes seconds, and a common window would credit the early pages with the time spent asking the others.
      long[] sent0 = new long[people];
      long[] sentAt0 = new long[people];
      long[] cpu0 = new long[people];
      long[] cpuAt0 = new long[people];
      for (int i = 0; i < people; i++) {
        cpuAt0[i] = System.nanoTime();
        cpu0[i] = pages.get(i).cpuNanos();
      }
      for (int i = 0; i < people; i++) {
        long before = System.nanoTime();
        sent0[i] = pages.get(i).bytesSent();
        sentAt0[i] = (before + System.nanoTime()) / 2;
      }
      long node0 = node.cpuNanos();
      long t0 = System.nanoTime();
      Thread.sleep(window * 1000L);
      double nodeMsPerSec = (node.cpuNanos() - node0) / 1e6 / ((System.nanoTime() - t0) / 1e9);
      double[] kbps = new double[people];
      double[] cpu = new double[people];
      for (int i = 0; i < people; i++) {
        long cpu1 = pages.get(i).cpuNanos();
        cpu[i] = (cpu1 - cpu0[i]) / 1e9 / ((System.nanoTime() - cpuAt0[i]) / 1e9) * 100;
      }
      for (int i = 0; i < people; i++) {
        long before = System.nanoTime();
        long sent1 = pages.get(i).bytesSent();
        double secs = ((before + System.nanoTime()) / 2 - sentAt0[i]) / 1e9;
        kbps[i] = (sent1 - sent0[i]) * 8 / 1000.0 / secs;
      }
      return new Result(mode, kbps, cpu, nodeMsPerSec, switchMs);
    } finally {
      pages.forEach(Page::close);
    }
  }

  private static boolean carried(Page q, int others) {
    return Boolean.TRUE.equals(q.js("const s = window.__konsil.state(); const subs = s.sfu.filter(l => l.leg !== 'publish');"
        + " return s.media.mode === 'sfu' && subs.length === " + others + " && subs.every(l => l.carrying)"
        + " && s.peers.length === 0;"));
  }

  private static void until(Duration timeout, String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.get()) {
          return;
        }
      } catch (RuntimeException busy) {
        // a page too busy to answer in time: ask again
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("timed out waiting for " + what);
  }

  /** Headless Chromium as the browser tests launch it; only 127.0.0.1 candidates go to the media server. */
  private static Page launch(String name, int fps) {
    // Six browsers in a mesh saturate two cores: one getStats round trip has taken more than 30 s there.
    HeadlessChromium.Launched chromium = HeadlessChromium.named("bench-" + name).scriptTimeout(Duration.ofMinutes(2))
        .arguments(List.of("--use-fake-device-for-media-stream=fps=" + fps, "--use-fake-ui-for-media-stream")).start();
    chromium.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.__konsilTest = { sfuLoopbackOnly: true };"));
    return new Page(chromium);
  }
}
