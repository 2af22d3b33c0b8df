package io.konsil.bench.audit;

import io.konsil.bench.harness.Args;
import io.konsil.bench.harness.Machine;
import io.konsil.bench.harness.Noise;
import io.konsil.bench.harness.OnContext;
import io.konsil.bench.harness.ServerProcess;
import io.konsil.bench.harness.Table;
import io.konsil.common.audit.Actor;
import io.konsil.common.audit.AuditAction;
import io.konsil.common.audit.AuditEvent;
import io.konsil.common.audit.AuditTrail;
import io.konsil.common.audit.Basis;
import io.konsil.common.audit.Door;
import io.konsil.common.audit.Verification;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The network's audit trail in Redis: every read of patient data appends one entry, and the whole trail is one chain
 * in one cluster slot, so its appends are the network's ceiling for audited accesses. Measured on a real redis-server,
 * from {@code nodes} nodes at once (each its own connection and {@code RedisAuditTrail}, as separate Konsil nodes
 * have), {@code in-flight} callers per node:
 * <ul>
 *   <li><b>HSET</b> (baseline): the entry's bytes written into a hash, the least a stored append can be, as many in
 *       flight as the callers (pipelined on the connection);
 *   <li><b>HSET, one at a time</b>: the same, but each node waits for one before the next (a node's appends to the
 *       chain go one after another: each is sealed against the head before it);
 *   <li><b>audit append</b>: {@code AuditTrail.append} — the entry sealed on the node, the function
 *       {@code konsil_audit_v2_append} (stores it and its three index entries only if the head is still the one sealed
 *       against), and on a lost race the head from the reply, the next turn and a new seal.
 * </ul>
 * Kinds run in alternating order over {@code rounds} after {@code warmup} seconds of all of them. Correctness: the
 * chain verifies afterwards and holds exactly the entries appended (none lost, none twice).
 *
 * <p>Options: {@code --nodes 1,3 --in-flight 16 --seconds 5 --rounds 2 --warmup 15}.
 */
public final class AuditTrailBench {
  private static final AuditEvent READ = new AuditEvent(new Actor("spec-ous-cardiology", "specialist", "OUS",
      "9000101"), "patient-kari", AuditAction.APPOINTMENT_READ, Basis.of(Basis.Kind.APPOINTMENT,
      "a-6b1f0e4c-2d9a-4c57-9a61-3f2d8c0b7e15"), Door.REST);

  private AuditTrailBench() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    List<Integer> nodeCounts = args.list("nodes", List.of("1", "3")).stream().map(Integer::parseInt).toList();
    int inFlight = args.integer("in-flight", 16);
    int seconds = args.integer("seconds", 5);
    int rounds = args.integer("rounds", 2);
    int warmup = args.integer("warmup", 15);
    args.checkAllUsed();
    System.out.println("Audit trail appends on Redis: " + nodeCounts + " nodes, " + inFlight + " callers each, "
        + seconds + " s per kind and round, " + rounds + " rounds after " + warmup + " s warm-up; "
        + Machine.describe());
    Vertx vertx = Vertx.vertx();
    boolean correct = true;
    try {
      for (int nodes : nodeCounts) {
        try (RedisProcess redis = RedisProcess.start()) {
          correct &= run(vertx, redis, nodes, inFlight, seconds, rounds, warmup);
        }
      }
    } finally {
      vertx.close().await();
    }
    System.exit(correct ? 0 : 1);
  }

  /** One node of the network: its own connection, trail and event loop. */
  private record Node(RedisGateway gateway, AuditTrail trail, Context context) {}

  /** One kind of append, for one node. */
  private interface Kind {
    String name();

    /** How many of a node's callers may have one in flight at once (the rest wait for a free lane). */
    int lanes(int inFlight);

    Future<Void> append(Node node, long n);
  }

  private static boolean run(Vertx vertx, RedisProcess redis, int nodeCount, int inFlight, int seconds, int rounds,
                             int warmup) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      RedisGateway gateway = RedisGateway.connect(vertx, new KonsilConfig.Redis(redis.uri(), List.of(), 0,
          Duration.ofSeconds(10))).await();
      nodes.add(new Node(gateway, AuditTrail.redis(gateway, Clock.systemUTC(), "node-" + (i + 1)),
          vertx.getOrCreateContext()));
    }
    long redisPid = redis.pid();
    AtomicLong appended = new AtomicLong();
    // The baseline writes an entry's bytes: those of a real entry, stored by the first append.
    OnContext.await(nodes.get(0).context(), () -> nodes.get(0).trail().append(READ));
    appended.incrementAndGet();
    String entry = redis.call("HGET", "konsil:{audit}:entries", "1");
    Kind hset = new Kind() {
      public String name() {
        return "HSET (baseline)";
      }

      public int lanes(int callers) {
        return callers;
      }

      public Future<Void> append(Node node, long n) {
        return node.gateway().call(c -> c.hset("bench:entries", node.trail().hashCode() + ":" + n, entry)).mapEmpty();
      }
    };
    Kind hsetOne = new Kind() {
      public String name() {
        return "HSET, one at a time";
      }

      public int lanes(int callers) {
        return 1;
      }

      public Future<Void> append(Node node, long n) {
        return hset.append(node, n);
      }
    };
    Kind audit = new Kind() {
      public String name() {
        return "audit append";
      }

      public int lanes(int callers) {
        return callers; // they queue in the trail: a node seals one entry at a time
      }

      public Future<Void> append(Node node, long n) {
        return node.trail().append(READ).onSuccess(v -> appended.incrementAndGet());
      }
    };
    List<Kind> kinds = List.of(hset, hsetOne, audit);

    long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      for (Kind kind : kinds) {
        window(nodes, kind, inFlight, 1, new Measured());
      }
    }
    long fcalls0 = fcalls(redis);
    Map<Kind, Measured> measured = new LinkedHashMap<>();
    kinds.forEach(k -> measured.put(k, new Measured()));
    for (int r = 0; r < rounds; r++) {
      List<Kind> order = new ArrayList<>(kinds);
      if (r % 2 == 1) {
        Collections.reverse(order);
      }
      for (Kind kind : order) {
        Measured m = measured.get(kind);
        Noise noise = Noise.startAll(() -> ServerProcess.cpuNanos(redisPid));
        long cpu0 = ServerProcess.cpuNanos(redisPid);
        long f0 = kind == audit ? fcalls(redis) : 0;
        window(nodes, kind, inFlight, seconds, m);
        m.redisCpuNanos += ServerProcess.cpuNanos(redisPid) - cpu0;
        m.fcalls += kind == audit ? fcalls(redis) - f0 : 0;
        m.otherCpu = Math.max(m.otherCpu, noise.foreignPercent());
      }
    }
    long fcallsMeasured = fcalls(redis) - fcalls0;

    Verification v = OnContext.await(nodes.get(0).context(), () -> nodes.get(0).trail().verify());
    long refused = measured.values().stream().mapToLong(x -> x.refused).sum();
    boolean correct = v.intact() && v.entries() == appended.get() && refused == 0;

    Measured base = measured.get(hsetOne);
    Table table = new Table("Audit trail appends on Redis, " + nodeCount + " node" + (nodeCount == 1 ? "" : "s"),
        "kind", "appends", "refused", "appends/s", "vs HSET one at a time", "p50 ms", "p99 ms", "FCALLs per append",
        "Redis CPU µs/append", "other CPU %");
    for (Kind kind : kinds) {
      Measured m = measured.get(kind);
      table.row(kind.name(), m.count, m.refused, Table.f0(m.rate()), Table.ratio(m.rate(), base.rate()),
          Table.ms(m.latency.getValueAtPercentile(50)), Table.ms(m.latency.getValueAtPercentile(99)),
          kind == audit ? Table.f2((double) m.fcalls / m.count) : "–",
          Table.f1(m.redisCpuNanos / 1000.0 / m.count), Table.f0(m.otherCpu));
    }
    table.note(nodeCount + " node(s), each its own connection and trail, " + inFlight + " callers each; latency as a "
        + "caller sees it (waiting for the node's earlier appends included); kinds in alternating order over " + rounds
        + " rounds after " + warmup + " s warm-up; an entry is " + entry.length() + " bytes");
    table.note("FCALLs per append above 1: appends that lost the head to another node and were sealed again, or waited "
        + "for another node's turn ("
        + fcallsMeasured + " FCALLs in the measured windows)");
    table.note("correctness: the chain verifies (" + v.entries() + " entries) and holds every append made ("
        + appended.get() + ")" + (correct ? " — CORRECT" : " — WRONG" + (v.reason() == null ? "" : ": " + v.reason())));
    measured.forEach((k, m) -> {
      if (m.why != null) {
        table.note(k.name() + ": " + m.refused + " refused, e.g. \"" + m.why + "\" — WRONG");
      }
    });
    table.print();
    for (Node node : nodes) {
      node.gateway().close().await();
    }
    return correct;
  }

  private static long fcalls(RedisProcess redis) {
    String stat = redis.info("commandstats", "cmdstat_fcall");
    if (stat == null) {
      return 0;
    }
    for (String part : stat.split(",")) {
      if (part.startsWith("calls=")) {
        return Long.parseLong(part.substring("calls=".length()));
      }
    }
    return 0;
  }

  /** Every node's callers append for {@code seconds}; completions and latencies into {@code m}. */
  private static void window(List<Node> nodes, Kind kind, int inFlight, int seconds, Measured m) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long t0 = System.nanoTime();
    List<Future<Void>> all = new ArrayList<>();
    AtomicLong n = new AtomicLong();
    for (Node node : nodes) {
      Promise<Void> done = Promise.promise();
      node.context().runOnContext(x -> {
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < kind.lanes(inFlight); i++) {
          lanes.add(lane(node, kind, end, n, m));
        }
        Future.all(lanes).<Void>mapEmpty().onComplete(done);
      });
      all.add(done.future());
    }
    Future.all(all).await();
    m.nanos += System.nanoTime() - t0;
  }

  /**
   * One caller: appends until {@code end}. A loop of callbacks, not of nested futures: a chain of thousands of
   * composed futures completes recursively and overflows the stack.
   */
  private static Future<Void> lane(Node node, Kind kind, long end, AtomicLong n, Measured m) {
    Promise<Void> done = Promise.promise();
    next(node, kind, end, n, m, done);
    return done.future();
  }

  private static void next(Node node, Kind kind, long end, AtomicLong n, Measured m, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      done.complete();
      return;
    }
    long t0 = System.nanoTime();
    kind.append(node, n.incrementAndGet()).onComplete(ar -> {
      if (ar.failed()) {
        m.refused(ar.cause());
      } else {
        m.record((System.nanoTime() - t0) / 1000);
      }
      next(node, kind, end, n, m, done);
    });
  }

  /** What one kind's measured windows add up to. */
  private static final class Measured {
    final Histogram latency = new Histogram(60_000_000L, 3);
    long count;
    long nanos;
    long fcalls;
    long redisCpuNanos;
    double otherCpu;

    long refused;
    String why;

    /** An append the trail refused: counted (the benchmark goes on), the first reason kept. */
    synchronized void refused(Throwable e) {
      refused++;
      why = why == null ? e.getMessage() : why;
    }

    synchronized void record(long micros) {
      latency.recordValue(Math.max(0, micros));
      count++;
    }

    double rate() {
      return nanos == 0 ? 0 : count / (nanos / 1e9);
    }
  }
}
