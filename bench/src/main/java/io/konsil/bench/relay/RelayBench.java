package io.konsil.bench.relay;

import io.konsil.bench.harness.Args;
import io.konsil.bench.harness.Machine;
import io.konsil.bench.harness.Noise;
import io.konsil.bench.harness.Profile;
import io.konsil.bench.harness.ServerProcess;
import io.konsil.bench.harness.Servers;
import io.konsil.bench.harness.Table;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.token.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Relay benchmark (issue 3): {@code pairs} pairs of authenticated participants, each pair in its own room (both hold
 * moderator tokens, so no lobby), send offer/candidate-sized frames to each other with {@code to}. Servers under
 * test — the bare {@link io.konsil.bench.baseline.BaselineServer}, Konsil with permessage-deflate off and on — all run
 * at once in their own JVMs with their pairs connected; this JVM is the load generator and drives one server at a
 * time, phase by phase, in alternating order over several rounds, so slow drift and other processes on a shared
 * machine hit every server alike. Each window reports the CPU other processes used ("other CPU").
 *
 * <p>Phases: saturating throughput (closed loop, {@code window} frames in flight per direction) and latency at fixed
 * offered rates (open loop). Options: {@code --pairs 100 --window 8 --rates 5000,20000 --warmup 2 --seconds 4
 * --rounds 2 --targets baseline,konsil,konsil-deflate --profile}.
 */
public final class RelayBench {
  private static final int DRIVERS = 2;

  record Window(double framesPerSecond, double cpuMicrosPerFrame, double otherCpu, long sent, long received,
      Histogram latency) {}

  /** One server under test with its connected pairs and its measurements, per phase, per round. */
  static final class Target {
    final String name;
    final ServerProcess server;
    /** Every process under test (a network target: two nodes and their Redis); their CPU is the server's. */
    final List<java.util.function.LongSupplier> cpus = new ArrayList<>();
    final List<ServerProcess> others = new ArrayList<>();
    final WebSocketClient client;
    final List<RelayDriver> drivers = new ArrayList<>();
    final List<String> deployments = new ArrayList<>();
    final List<Window> saturated = new ArrayList<>();
    final Map<Integer, List<Window>> rates = new LinkedHashMap<>();
    long errors;
    long closed;
    String firstError;

    Target(String name, ServerProcess server, WebSocketClient client) {
      this.name = name;
      this.server = server;
      this.client = client;
      cpus.add(server::cpuNanos);
    }

    long cpuNanos() {
      return cpus.stream().mapToLong(java.util.function.LongSupplier::getAsLong).sum();
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int pairs = args.integer("pairs", 100);
    int window = args.integer("window", 8);
    int warmup = args.integer("warmup", 2);
    int seconds = args.integer("seconds", 4);
    int rounds = args.integer("rounds", 2);
    List<Integer> rates = args.integers("rates", List.of(5000, 20000));
    List<String> names = args.list("targets", List.of("baseline", "konsil", "konsil-deflate"));
    boolean network = names.stream().anyMatch(n -> n.startsWith("konsil-redis") || n.startsWith("konsil-cross"));
    boolean profile = args.string("profile", "false").equals("true");
    args.checkAllUsed();

    System.out.println("Relay benchmark: " + pairs + " pairs, window " + window + ", rates " + rates + ", " + rounds
        + " rounds, " + Machine.describe());
    System.out.println("frames: candidate " + Frames.candidateBytes() + " B, offer " + Frames.offerBytes()
        + " B, 1 offer per " + (Frames.OFFER_EVERY - 1) + " candidates");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(DRIVERS));
    TokenIssuer issuer = Servers.issuer();
    List<Target> targets = new ArrayList<>();
    RedisProcess redis = network ? RedisProcess.start() : null;
    RedisHop hop = null;
    Map<Integer, List<Histogram>> hops = new LinkedHashMap<>();
    try {
      for (String name : names) {
        targets.add(connect(vertx, issuer, name, pairs, redis));
      }
      hop = network ? RedisHop.connect(vertx, redis.uri()) : null;
      for (int round = 1; round <= rounds; round++) {
        List<Target> order = new ArrayList<>(targets);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (Target t : order) {
          boolean prof = profile && round == rounds;
          t.saturated.add(saturate(t, window, round == 1 ? warmup + 2 : warmup, seconds, prof));
          Thread.sleep(500);
        }
        for (int rate : rates) {
          for (Target t : order) {
            t.rates.computeIfAbsent(rate, r -> new ArrayList<>()).add(fixedRate(t, rate, warmup, seconds));
            Thread.sleep(500);
          }
          if (hop != null) {
            Histogram h = hop.measure(rate, warmup, seconds);
            hops.computeIfAbsent(rate, r -> new ArrayList<>()).add(h);
            System.out.printf("%-15s @%,6d/s  p50 %6s  p99 %6s  p99.9 %6s ms (SPUBLISH -> message)%n", "redis-hop", rate,
                Table.ms(h.getValueAtPercentile(50)), Table.ms(h.getValueAtPercentile(99)),
                Table.ms(h.getValueAtPercentile(99.9)));
          }
        }
      }
    } finally {
      for (Target t : targets) {
        close(vertx, t);
      }
      if (hop != null) {
        hop.close();
      }
      vertx.close().await();
      if (redis != null) {
        redis.close();
      }
    }
    report(targets, pairs, window, seconds, rounds, rates, hops);
    System.exit(0);
  }

  private static Target connect(Vertx vertx, TokenIssuer issuer, String name, int pairs, RedisProcess redis) {
    boolean deflate = name.endsWith("-deflate");
    System.out.println("-- " + name + " (" + Servers.describe(name) + ")");
    boolean cross = name.startsWith("konsil-cross");
    boolean onRedis = cross || name.startsWith("konsil-redis");
    List<String> redisFlags = onRedis ? List.of("--redis", redis.uri()) : List.of();
    ServerProcess server = onRedis ? Servers.konsil("relay-" + name, deflate, redisFlags)
        : Servers.byName(name, "relay-" + name);
    ServerProcess second = cross ? Servers.konsil("relay-" + name + "-b", deflate, redisFlags) : null;
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(4 * pairs + 100)
        .setMaxFrameSize(65536)
        .setMaxMessageSize(65536)
        .setTryUsePerMessageCompression(deflate));
    Target t = new Target(name, server, client);
    if (second != null) {
      t.others.add(second);
      t.cpus.add(second::cpuNanos);
    }
    if (onRedis) {
      long redisPid = redis.pid();
      t.cpus.add(() -> ServerProcess.cpuNanos(redisPid));
    }
    int portB = second == null ? server.port() : second.port();
    BiFunction<String, String, String> token = Servers.authenticated(name)
        ? (user, room) -> Servers.moderatorToken(issuer, user, room)
        : (user, room) -> null;
    for (int d = 0; d < DRIVERS; d++) {
      List<Integer> mine = new ArrayList<>();
      for (int i = d; i < pairs; i += DRIVERS) {
        mine.add(i);
      }
      RelayDriver driver = new RelayDriver(client, server.port(), portB, mine, token);
      t.drivers.add(driver);
      t.deployments.add(vertx.deployVerticle(driver).await());
    }
    if (deflate) {
      boolean negotiated = true;
      for (RelayDriver d : t.drivers) {
        negotiated &= d.deflate().await();
      }
      if (!negotiated) {
        throw new IllegalStateException(name + ": the server did not accept permessage-deflate");
      }
      System.out.println("   permessage-deflate negotiated on every socket");
    }
    System.out.println("   " + pairs + " pairs joined");
    return t;
  }

  private static Window saturate(Target t, int window, int warmup, int seconds, boolean profile) throws Exception {
    all(t, d -> d.saturate(window));
    Thread.sleep(warmup * 1000L);
    all(t, RelayDriver::reset);
    Profile recording = profile ? Profile.start(t.server) : null;
    Noise noise = Noise.startAll(t::cpuNanos);
    long cpu0 = t.cpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    List<RelayDriver.Stats> st = stats(t);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long cpu1 = t.cpuNanos();
    double other = noise.foreignPercent();
    all(t, RelayDriver::idle);
    if (recording != null) {
      recording.stop(25).forEach(System.out::println);
    }
    long received = st.stream().mapToLong(RelayDriver.Stats::received).sum();
    long sent = st.stream().mapToLong(RelayDriver.Stats::sent).sum();
    Window w = new Window(received / elapsed, (cpu1 - cpu0) / 1000.0 / Math.max(1, received), other, sent, received,
        merge(st));
    account(t, st);
    System.out.printf("%-15s saturated %,9.0f frames/s  server CPU %5.1f µs/frame  other CPU %4.0f%%%n", t.name,
        w.framesPerSecond(), w.cpuMicrosPerFrame(), other);
    return w;
  }

  private static Window fixedRate(Target t, int rate, int warmup, int seconds) throws Exception {
    all(t, d -> d.rate((double) rate / DRIVERS));
    Thread.sleep(warmup * 1000L);
    all(t, RelayDriver::reset);
    Noise noise = Noise.startAll(t::cpuNanos);
    long cpu0 = t.cpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    all(t, RelayDriver::idle);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long cpu1 = t.cpuNanos();
    double other = noise.foreignPercent();
    Thread.sleep(300); // frames in flight land and are counted
    List<RelayDriver.Stats> st = stats(t);
    long sent = st.stream().mapToLong(RelayDriver.Stats::sent).sum();
    long received = st.stream().mapToLong(RelayDriver.Stats::received).sum();
    Histogram h = merge(st);
    account(t, st);
    Window w = new Window(sent / elapsed, (cpu1 - cpu0) / 1000.0 / Math.max(1, received), other, sent, received, h);
    System.out.printf("%-15s @%,6d/s  p50 %6s  p99 %6s  p99.9 %6s  max %7s ms  lost %d  other CPU %4.0f%%%n", t.name,
        rate, Table.ms(h.getValueAtPercentile(50)), Table.ms(h.getValueAtPercentile(99)),
        Table.ms(h.getValueAtPercentile(99.9)), Table.ms(h.getMaxValue()), Math.max(0, sent - received), other);
    return w;
  }

  private static void account(Target t, List<RelayDriver.Stats> st) {
    t.errors += st.stream().mapToLong(RelayDriver.Stats::errors).sum();
    t.closed = st.stream().mapToLong(RelayDriver.Stats::closed).sum();
    if (t.firstError == null) {
      t.firstError = st.stream().map(RelayDriver.Stats::firstError).filter(e -> e != null).findFirst().orElse(null);
    }
  }

  private static void report(List<Target> targets, int pairs, int window, int seconds, int rounds,
      List<Integer> rates, Map<Integer, List<Histogram>> hops) {
    Target base = targets.stream().filter(t -> t.name.equals("baseline")).findFirst().orElse(null);
    List<String> header = new ArrayList<>(List.of("server", "saturated frames/s", "vs baseline", "CPU µs/frame"));
    for (int rate : rates) {
      header.add("@" + rate + "/s p50 ms");
      header.add("p99");
      header.add("p99.9");
    }
    header.add("other CPU %");
    header.add("errors");
    Table table = new Table("Relay: " + pairs + " pairs, offer/candidate mix, median of " + rounds + " rounds",
        header.toArray(new String[0]));
    for (Target t : targets) {
      List<Object> row = new ArrayList<>();
      row.add(t.name);
      row.add(Table.f0(median(t.saturated, Window::framesPerSecond)));
      row.add(base == null ? "n/a" : String.format("%.2fx", ratio(t, base)));
      row.add(Table.f1(median(t.saturated, Window::cpuMicrosPerFrame)));
      List<Window> all = new ArrayList<>(t.saturated);
      for (int rate : rates) {
        List<Window> ws = t.rates.get(rate);
        all.addAll(ws);
        row.add(Table.f2(median(ws, w -> w.latency().getValueAtPercentile(50) / 1000.0)));
        row.add(Table.f2(median(ws, w -> w.latency().getValueAtPercentile(99) / 1000.0)));
        row.add(Table.f2(median(ws, w -> w.latency().getValueAtPercentile(99.9) / 1000.0)));
      }
      row.add(String.format("%.0f-%.0f", all.stream().mapToDouble(Window::otherCpu).min().orElse(0),
          all.stream().mapToDouble(Window::otherCpu).max().orElse(0)));
      row.add(t.errors + t.closed);
      table.row(row.toArray());
    }
    table.note("saturated: closed loop, " + window + " frames in flight per direction; rates: open loop stamped at "
        + "write; each window " + seconds + " s; vs baseline = median over rounds of (server / baseline in the same round)");
    table.note("other CPU = share of the machine used by processes other than the load generator and the server "
        + "under test during the window (0 = clean)");
    for (Target t : targets) {
      StringBuilder raw = new StringBuilder(t.name + " per round: saturated");
      t.saturated.forEach(w -> raw.append(' ').append(Table.f0(w.framesPerSecond())));
      for (int rate : rates) {
        raw.append("; p99 @").append(rate);
        t.rates.get(rate).forEach(w -> raw.append(' ').append(Table.ms(w.latency().getValueAtPercentile(99))));
        for (Window w : t.rates.get(rate)) {
          if (w.received() < w.sent() * 0.999 || w.framesPerSecond() < rate * 0.97) {
            raw.append(" (generator ").append(Table.f0(w.framesPerSecond())).append("/s, delivered ")
                .append(w.received()).append(" of ").append(w.sent()).append(')');
          }
        }
      }
      table.note(raw.toString());
      if (t.firstError != null) {
        table.note(t.name + " first error: " + t.firstError);
      }
    }
    if (!hops.isEmpty()) {
      StringBuilder line = new StringBuilder("redis hop (SPUBLISH -> message, same Redis, same run), median of rounds:");
      for (Map.Entry<Integer, List<Histogram>> e : hops.entrySet()) {
        line.append(String.format(" @%d/s p50 %.2f p99 %.2f ms;", e.getKey(),
            medianOf(e.getValue(), 50), medianOf(e.getValue(), 99)));
      }
      table.note(line.toString());
      Target same = targets.stream().filter(t -> t.name.equals("konsil-redis")).findFirst().orElse(null);
      Target cross = targets.stream().filter(t -> t.name.equals("konsil-cross")).findFirst().orElse(null);
      if (same != null && cross != null) {
        for (int rate : rates) {
          double p50Same = median(same.rates.get(rate), w -> w.latency().getValueAtPercentile(50) / 1000.0);
          double p50Cross = median(cross.rates.get(rate), w -> w.latency().getValueAtPercentile(50) / 1000.0);
          double hop50 = medianOf(hops.get(rate), 50);
          double added = p50Cross - p50Same;
          table.note(String.format("target cross-node adds <= one Redis hop at p50 @%d/s: +%.2f ms vs hop %.2f ms %s",
              rate, added, hop50, added <= hop50 * 1.1 + 0.05 ? "MET" : "MISSED"));
        }
      }
    }
    Target k = targets.stream().filter(t -> t.name.equals("konsil")).findFirst().orElse(null);
    if (k != null && base != null) {
      double r = ratio(k, base);
      table.note(String.format("target Konsil >= 0.5x baseline frames/s: %.2fx %s", r, r >= 0.5 ? "MET" : "MISSED"));
    }
    if (k != null && !rates.isEmpty()) {
      double p99 = median(k.rates.get(rates.get(0)), w -> w.latency().getValueAtPercentile(99) / 1000.0);
      table.note(String.format("target p99 <= 5 ms @%d/s: %.2f ms %s", rates.get(0), p99, p99 <= 5 ? "MET" : "MISSED"));
    }
    if (k != null && base != null && rates.contains(10_000)) {
      double kp = median(k.rates.get(10_000), w -> w.latency().getValueAtPercentile(99) / 1000.0);
      double bp = median(base.rates.get(10_000), w -> w.latency().getValueAtPercentile(99) / 1000.0);
      table.note(String.format("target relay p99 within +1 ms of the forwarder @10000/s: %.2f vs %.2f ms (+%.2f) %s",
          kp, bp, kp - bp, kp - bp <= 1.0 ? "MET" : "MISSED"));
    }
    table.print();
  }

  private static double medianOf(List<Histogram> hs, double percentile) {
    return median(hs.stream().mapToDouble(h -> h.getValueAtPercentile(percentile) / 1000.0).toArray());
  }

  /** Median over rounds of this target's saturated throughput divided by the baseline's in the same round. */
  private static double ratio(Target t, Target base) {
    double[] r = new double[t.saturated.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = t.saturated.get(i).framesPerSecond() / base.saturated.get(i).framesPerSecond();
    }
    return median(r);
  }

  private static double median(List<Window> ws, Function<Window, Double> f) {
    return median(ws.stream().mapToDouble(f::apply).toArray());
  }

  private static double median(double[] v) {
    Arrays.sort(v);
    return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static Histogram merge(List<RelayDriver.Stats> stats) {
    Histogram h = new Histogram(60_000_000L, 3);
    stats.forEach(s -> h.add(s.latency()));
    return h;
  }

  private static List<RelayDriver.Stats> stats(Target t) {
    List<RelayDriver.Stats> out = new ArrayList<>();
    for (RelayDriver d : t.drivers) {
      out.add(d.stats().await());
    }
    return out;
  }

  private static void all(Target t, Function<RelayDriver, Future<Void>> f) {
    List<Future<Void>> fs = new ArrayList<>();
    t.drivers.forEach(d -> fs.add(f.apply(d)));
    Future.all(fs).await();
  }

  private static void close(Vertx vertx, Target t) {
    try {
      for (String id : t.deployments) {
        vertx.undeploy(id).await();
      }
      t.client.close().await();
    } catch (RuntimeException e) {
      System.out.println(t.name + ": closing: " + e.getMessage());
    } finally {
      t.server.close();
      t.others.forEach(ServerProcess::close);
    }
  }
}
