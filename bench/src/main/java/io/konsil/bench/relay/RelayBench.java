package io.konsil.bench.relay;

import io.konsil.bench.harness.Args;
import io.konsil.bench.harness.Machine;
import io.konsil.bench.harness.Profile;
import io.konsil.bench.harness.ServerProcess;
import io.konsil.bench.harness.Servers;
import io.konsil.bench.harness.Table;
import io.konsil.common.token.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;

/**
 * Relay benchmark (issue 3): {@code pairs} pairs of authenticated participants, each pair in its own room, send
 * offer/candidate-sized frames to each other with {@code to}. For each server under test — the bare
 * {@link io.konsil.bench.baseline.BaselineServer} first, then Konsil with permessage-deflate off and on — it measures
 * saturating throughput (closed loop) and latency percentiles at fixed offered rates (open loop), all in one run, and
 * prints Konsil/baseline ratios. Servers run in their own JVM; this JVM is the load generator.
 *
 * <p>Options: {@code --pairs 100 --window 8 --rates 5000,20000 --warmup 3 --seconds 6 --targets baseline,konsil,konsil-deflate}.
 */
public final class RelayBench {
  private static final int DRIVERS = 2;
  private static boolean profile;

  record RateResult(double offered, double achieved, long sent, long received, Histogram latency) {}

  record Result(String target, boolean deflate, double saturated, double cpuMicrosPerFrame, Histogram saturatedLatency,
      List<RateResult> rates, long errors, long closed, String firstError) {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int pairs = args.integer("pairs", 100);
    int window = args.integer("window", 8);
    int warmup = args.integer("warmup", 3);
    int seconds = args.integer("seconds", 6);
    List<Integer> rates = args.integers("rates", List.of(5000, 20000));
    List<String> targets = args.list("targets", List.of("baseline", "konsil", "konsil-deflate"));
    profile = args.string("profile", "false").equals("true");
    args.checkAllUsed();

    System.out.println("Relay benchmark: " + pairs + " pairs, window " + window + ", rates " + rates + ", "
        + Machine.describe());
    System.out.println("frames: candidate " + Frames.candidateBytes() + " B, offer " + Frames.offerBytes()
        + " B, 1 offer per " + (Frames.OFFER_EVERY - 1) + " candidates");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(DRIVERS));
    TokenIssuer issuer = Servers.issuer();
    Map<String, Result> results = new LinkedHashMap<>();
    try {
      for (String target : targets) {
        results.put(target, run(vertx, issuer, target, pairs, window, warmup, seconds, rates));
      }
    } finally {
      vertx.close().await();
    }
    report(results, pairs, window, seconds, rates);
    System.exit(0);
  }

  private static Result run(Vertx vertx, TokenIssuer issuer, String target, int pairs, int window, int warmup,
      int seconds, List<Integer> rates) throws Exception {
    boolean konsil = Servers.authenticated(target);
    boolean deflate = target.endsWith("-deflate");
    System.out.println("\n-- " + target + " (" + Servers.describe(target) + ")");
    try (ServerProcess server = Servers.byName(target, "relay-" + target)) {
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(4 * pairs + 100)
          .setMaxFrameSize(65536)
          .setMaxMessageSize(65536)
          .setTryUsePerMessageCompression(deflate));
      BiFunction<String, String, String> token = konsil
          ? (user, room) -> Servers.moderatorToken(issuer, user, room)
          : (user, room) -> null;
      List<RelayDriver> drivers = new ArrayList<>();
      List<String> deployments = new ArrayList<>();
      for (int d = 0; d < DRIVERS; d++) {
        List<Integer> mine = new ArrayList<>();
        for (int i = d; i < pairs; i += DRIVERS) {
          mine.add(i);
        }
        RelayDriver driver = new RelayDriver(client, server.port(), mine, token);
        drivers.add(driver);
        deployments.add(vertx.deployVerticle(driver).await());
      }
      if (deflate) {
        boolean negotiated = true;
        for (RelayDriver d : drivers) {
          negotiated &= d.deflate().await();
        }
        System.out.println("permessage-deflate negotiated on every socket: " + negotiated);
        if (!negotiated) {
          throw new IllegalStateException("the node did not accept permessage-deflate; is --ws-deflate wired?");
        }
      }
      System.out.println(pairs + " pairs joined");

      // Saturating throughput: closed loop with a bounded window per direction.
      all(drivers, d -> d.saturate(window));
      Thread.sleep(warmup * 1000L);
      all(drivers, RelayDriver::reset);
      Profile recording = profile ? Profile.start(server) : null;
      long cpu0 = server.cpuNanos();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      List<RelayDriver.Stats> sat = stats(drivers);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      long cpu1 = server.cpuNanos();
      if (recording != null) {
        recording.stop(25).forEach(System.out::println);
      }
      all(drivers, RelayDriver::idle);
      long satReceived = sat.stream().mapToLong(RelayDriver.Stats::received).sum();
      double saturated = satReceived / elapsed;
      double cpuPerFrame = (cpu1 - cpu0) / 1000.0 / Math.max(1, satReceived);
      System.out.printf("saturated: %,.0f frames/s, server CPU %.1f µs/frame, p50 %s ms p99 %s ms (window %d)%n",
          saturated, cpuPerFrame, Table.ms(merge(sat).getValueAtPercentile(50)),
          Table.ms(merge(sat).getValueAtPercentile(99)), window);
      Thread.sleep(1000);

      List<RateResult> rateResults = new ArrayList<>();
      long errors = sat.stream().mapToLong(RelayDriver.Stats::errors).sum();
      for (int rate : rates) {
        all(drivers, d -> d.rate((double) rate / DRIVERS));
        Thread.sleep(Math.max(1, warmup - 1) * 1000L);
        all(drivers, RelayDriver::reset);
        long r0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        all(drivers, RelayDriver::idle);
        double rElapsed = (System.nanoTime() - r0) / 1e9;
        Thread.sleep(500); // let in-flight frames land so they are counted
        List<RelayDriver.Stats> st = stats(drivers);
        long sent = st.stream().mapToLong(RelayDriver.Stats::sent).sum();
        long received = st.stream().mapToLong(RelayDriver.Stats::received).sum();
        errors += st.stream().mapToLong(RelayDriver.Stats::errors).sum();
        Histogram h = merge(st);
        rateResults.add(new RateResult(rate, sent / rElapsed, sent, received, h));
        System.out.printf("rate %,d/s: sent %,.0f/s, p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms, lost %d%n",
            rate, sent / rElapsed, Table.ms(h.getValueAtPercentile(50)), Table.ms(h.getValueAtPercentile(99)),
            Table.ms(h.getValueAtPercentile(99.9)), Table.ms(h.getMaxValue()), Math.max(0, sent - received));
        Thread.sleep(1000);
      }
      List<RelayDriver.Stats> last = stats(drivers);
      long closed = last.stream().mapToLong(RelayDriver.Stats::closed).sum();
      String firstError = last.stream().map(RelayDriver.Stats::firstError).filter(e -> e != null).findFirst()
          .orElse(null);
      for (String id : deployments) {
        vertx.undeploy(id).await();
      }
      client.close().await();
      if (firstError != null) {
        System.out.println("first error: " + firstError);
      }
      return new Result(target, deflate, saturated, cpuPerFrame, merge(sat), rateResults, errors, closed, firstError);
    }
  }

  private static void report(Map<String, Result> results, int pairs, int window, int seconds, List<Integer> rates) {
    Result base = results.get("baseline");
    List<String> header = new ArrayList<>(List.of("server", "saturated frames/s", "vs baseline", "server CPU µs/frame"));
    for (int rate : rates) {
      header.add("@" + rate + "/s p50 ms");
      header.add("p99 ms");
      header.add("p99.9 ms");
    }
    header.add("errors");
    Table table = new Table("Relay: " + pairs + " pairs, offer/candidate mix", header.toArray(new String[0]));
    for (Result r : results.values()) {
      List<Object> row = new ArrayList<>(List.of(r.target(), Table.f0(r.saturated()),
          base == null ? "n/a" : Table.ratio(r.saturated(), base.saturated()), Table.f1(r.cpuMicrosPerFrame())));
      for (RateResult rr : r.rates()) {
        row.add(Table.ms(rr.latency().getValueAtPercentile(50)));
        row.add(Table.ms(rr.latency().getValueAtPercentile(99)));
        row.add(Table.ms(rr.latency().getValueAtPercentile(99.9)));
      }
      row.add(r.errors() + r.closed());
      table.row(row.toArray());
    }
    table.note("saturated = closed loop, " + window + " frames in flight per direction, " + seconds
        + " s window; latency = open loop at the offered rate, " + seconds + " s window, stamped at write");
    for (Result r : results.values()) {
      for (RateResult rr : r.rates()) {
        if (rr.achieved() < rr.offered() * 0.97 || rr.received() < rr.sent() * 0.999) {
          table.note(r.target() + " @" + (long) rr.offered() + "/s: generator reached " + Table.f0(rr.achieved())
              + "/s, delivered " + rr.received() + " of " + rr.sent());
        }
      }
    }
    Result k = results.get("konsil");
    if (k != null && base != null) {
      table.note("target Konsil >= 0.5x baseline frames/s: " + Table.ratio(k.saturated(), base.saturated())
          + (k.saturated() >= 0.5 * base.saturated() ? " MET" : " MISSED"));
      if (!k.rates().isEmpty()) {
        long p99 = k.rates().get(0).latency().getValueAtPercentile(99);
        table.note("target p99 <= 5 ms @" + (long) k.rates().get(0).offered() + "/s: " + Table.ms(p99) + " ms"
            + (p99 <= 5000 ? " MET" : " MISSED"));
      }
    }
    table.print();
  }

  private static Histogram merge(List<RelayDriver.Stats> stats) {
    Histogram h = new Histogram(60_000_000L, 3);
    stats.forEach(s -> h.add(s.latency()));
    return h;
  }

  private static List<RelayDriver.Stats> stats(List<RelayDriver> drivers) {
    List<RelayDriver.Stats> out = new ArrayList<>();
    for (RelayDriver d : drivers) {
      out.add(d.stats().await());
    }
    return out;
  }

  private static void all(List<RelayDriver> drivers, java.util.function.Function<RelayDriver, Future<Void>> f) {
    List<Future<Void>> fs = new ArrayList<>();
    drivers.forEach(d -> fs.add(f.apply(d)));
    Future.all(fs).await();
  }
}
