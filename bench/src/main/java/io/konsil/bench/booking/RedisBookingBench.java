package io.konsil.bench.booking;

import io.konsil.bench.harness.Args;
import io.konsil.bench.harness.Machine;
import io.konsil.bench.harness.Noise;
import io.konsil.bench.harness.OnContext;
import io.konsil.bench.harness.ServerProcess;
import io.konsil.bench.harness.Table;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.konsil.scheduler.Stores;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Contended booking on Redis (issue 11), on the same redis-server from the same client (Lettuce through the node's
 * {@link RedisGateway}), {@code clients} requests in flight, rounds of {@code hot} fresh slots each raced by
 * {@code per-slot} contenders in shuffled order:
 * <ul>
 *   <li><b>SET NX</b> (baseline): the least a claim can be, one key set if absent.
 *   <li><b>claim function</b>: {@code konsil_booking_v1_book}, the atomic step of a booking (check, slot, appointment,
 *       version) — the target is at least 0.5× the baseline's attempts/s.
 *   <li><b>store booking</b>: the whole {@code RedisBookingStore.book} (idempotency claim, write-ahead indexes, the
 *       function), for scale.
 * </ul>
 * Each kind runs for {@code seconds} per round, the kinds in alternating order over {@code rounds}, after
 * {@code warmup} seconds of all three. Correctness: exactly one winner per slot or key. Then Redis memory per slot
 * and per appointment (used_memory before and after, and {@code MEMORY USAGE} of each kind of key) and the sizing it
 * implies. Two servers: without persistence (the function's own cost shows) and with AOF {@code appendfsync always}
 * (as infra/redis/redis.conf ships).
 *
 * <p>Options: {@code --configs memory,aof --clients 64 --hot 20 --per-slot 50 --seconds 5 --rounds 2 --warmup 15
 * --memory-slots 80000 --memory-appointments 10000} (80,000 slots: about a region's 14-day horizon).
 */
public final class RedisBookingBench {
  private RedisBookingBench() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    List<String> configs = args.list("configs", List.of("memory", "aof"));
    int clients = args.integer("clients", 64);
    int hot = args.integer("hot", 20);
    int perSlot = args.integer("per-slot", 50);
    int seconds = args.integer("seconds", 5);
    int rounds = args.integer("rounds", 2);
    int warmup = args.integer("warmup", 15);
    int memorySlots = args.integer("memory-slots", 80_000);
    int memoryAppointments = args.integer("memory-appointments", 10_000);
    args.checkAllUsed();
    System.out.println("Contended booking on Redis: " + hot + " slots x " + perSlot + " contenders per round, "
        + clients + " in flight, " + seconds + " s per kind and round, " + rounds + " rounds after " + warmup
        + " s warm-up; " + Machine.describe());
    Vertx vertx = Vertx.vertx();
    boolean correct = true;
    try {
      for (String config : configs) {
        try (RedisProcess redis = "aof".equals(config) ? RedisProcess.durable() : RedisProcess.start()) {
          correct &= run(vertx, redis, config, clients, hot, perSlot, seconds, rounds, warmup, memorySlots,
              memoryAppointments);
        }
      }
    } finally {
      vertx.close().await();
    }
    System.exit(correct ? 0 : 1);
  }

  private static boolean run(Vertx vertx, RedisProcess redis, String config, int clients, int hot, int perSlot,
                             int seconds, int rounds, int warmup, int memorySlots, int memoryAppointments) {
    RedisGateway gateway = RedisGateway.connect(vertx, new KonsilConfig.Redis(redis.uri(), List.of(), 0,
        Duration.ofSeconds(10))).await();
    Context context = vertx.getOrCreateContext();
    Stores stores = Stores.redis(gateway);
    OnContext.await(context, stores::start);
    long redisPid = Long.parseLong(redis.info("server", "process_id"));
    System.out.println(config + ": redis " + redis.info("server", "redis_version") + " on port " + redis.port());
    ClaimTargets targets = new ClaimTargets(context, gateway, stores);
    List<Claim> kinds = List.of(targets.setNx(), targets.function(), targets.store());

    long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      for (Claim kind : kinds) {
        race(context, kind, hot, perSlot, clients);
      }
    }

    Map<Claim, Measured> measured = new HashMap<>();
    kinds.forEach(k -> measured.put(k, new Measured()));
    for (int r = 0; r < rounds; r++) {
      List<Claim> order = new ArrayList<>(kinds);
      if (r % 2 == 1) {
        Collections.reverse(order);
      }
      for (Claim kind : order) {
        Measured m = measured.get(kind);
        Noise noise = Noise.startAll(() -> ServerProcess.cpuNanos(redisPid));
        long redisCpu0 = ServerProcess.cpuNanos(redisPid);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
          m.add(race(context, kind, hot, perSlot, clients));
        }
        m.redisCpuNanos += ServerProcess.cpuNanos(redisPid) - redisCpu0;
        m.otherCpu = Math.max(m.otherCpu, noise.foreignPercent());
      }
    }

    Measured base = measured.get(kinds.get(0));
    Table table = new Table("Contended booking on Redis (" + config + ")", "claim", "attempts", "attempts/s",
        "vs SET NX", "wins", "p50 ms", "p99 ms", "Redis CPU µs/attempt", "other CPU %");
    boolean correct = true;
    for (Claim kind : kinds) {
      Measured m = measured.get(kind);
      table.row(kind.name(), m.attempts, Table.f0(m.rate()), Table.ratio(m.rate(), base.rate()), m.wins,
          Table.ms(m.latency.getValueAtPercentile(50)), Table.ms(m.latency.getValueAtPercentile(99)),
          Table.f1(m.redisCpuNanos / 1000.0 / m.attempts), Table.f0(m.otherCpu));
      correct &= m.wrong == 0;
    }
    table.note("each round: " + hot + " fresh slots (keys), " + perSlot + " contenders each, shuffled, " + clients
        + " in flight; kinds in alternating order over " + rounds + " rounds after " + warmup + " s warm-up");
    table.note("correctness: slots or keys without exactly one winner: "
        + kinds.stream().mapToInt(k -> measured.get(k).wrong).sum() + (correct ? " — CORRECT" : " — WRONG"));
    table.note("Redis CPU µs/attempt: redis-server's own CPU time over the kind's attempts (all its threads)");
    table.print();

    RedisMemory.measure(context, gateway, stores, config, memorySlots, memoryAppointments);
    gateway.close().await();
    return correct;
  }

  /** One kind of claim: makes a round's fresh targets, and tries one for one contender (true: won). */
  interface Claim {
    String name();

    List<String> fresh(int n);

    Future<Boolean> attempt(String target, String contender);
  }

  record Outcome(String target, boolean won, long micros) {}

  record Round(List<Outcome> outcomes, long nanos) {}

  /** A round: each of {@code hot} fresh targets tried by {@code perSlot} contenders, shuffled, at most n in flight. */
  static Round race(Context context, Claim kind, int hot, int perSlot, int inFlight) {
    List<String> targets = kind.fresh(hot);
    List<String[]> work = new ArrayList<>();
    for (String t : targets) {
      for (int p = 0; p < perSlot; p++) {
        work.add(new String[] {t, "c" + p + "-" + t});
      }
    }
    Collections.shuffle(work, new Random(work.size()));
    List<Outcome> out = Collections.synchronizedList(new ArrayList<>(work.size()));
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    OnContext.await(context, () -> {
      List<Future<Void>> lanes = new ArrayList<>();
      for (int i = 0; i < Math.min(inFlight, work.size()); i++) {
        lanes.add(lane(kind, work, next, out));
      }
      return Future.all(lanes).mapEmpty();
    });
    return new Round(List.copyOf(out), System.nanoTime() - t0);
  }

  private static Future<Void> lane(Claim kind, List<String[]> work, AtomicInteger next, List<Outcome> out) {
    int i = next.getAndIncrement();
    if (i >= work.size()) {
      return Future.succeededFuture();
    }
    String[] w = work.get(i);
    long t0 = System.nanoTime();
    return kind.attempt(w[0], w[1]).compose(won -> {
      out.add(new Outcome(w[0], won, (System.nanoTime() - t0) / 1000));
      return lane(kind, work, next, out);
    });
  }

  /** What one kind's measured rounds add up to. */
  static final class Measured {
    final Histogram latency = new Histogram(60_000_000L, 3);
    long attempts;
    long wins;
    long nanos;
    long redisCpuNanos;
    int wrong;
    double otherCpu;

    void add(Round round) {
      nanos += round.nanos();
      attempts += round.outcomes().size();
      Map<String, Integer> winners = new HashMap<>();
      for (Outcome o : round.outcomes()) {
        latency.recordValue(Math.max(0, o.micros()));
        if (o.won()) {
          wins++;
          winners.merge(o.target(), 1, Integer::sum);
        }
      }
      long targets = round.outcomes().stream().map(Outcome::target).distinct().count();
      wrong += (int) (targets - winners.values().stream().filter(n -> n == 1).count());
    }

    double rate() {
      return nanos == 0 ? 0 : attempts / (nanos / 1e9);
    }
  }

  static <T> Function<Throwable, Future<T>> lostWith(String code, T lost) {
    return e -> e instanceof io.konsil.common.error.KonsilException k && code.equals(k.code())
        ? Future.succeededFuture(lost) : Future.failedFuture(e);
  }
}
