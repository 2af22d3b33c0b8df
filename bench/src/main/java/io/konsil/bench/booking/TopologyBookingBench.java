package io.konsil.bench.booking;

import io.konsil.bench.harness.Args;
import io.konsil.bench.harness.Machine;
import io.konsil.bench.harness.OnContext;
import io.konsil.bench.harness.Table;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisClusterSet;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.RedisSentinelSet;
import io.konsil.scheduler.Stores;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Booking through the Redis store on each production topology, in one run (issue 12): one redis-server with AOF,
 * Sentinel (master + replica, AOF on both) with {@code --redis-wait-replicas} 0 and 1, and a three-master Cluster with
 * a replica each (WAIT 0 and 1). The whole {@code RedisBookingStore.book} path (idempotency claim, write-ahead indexes,
 * the function, and WAIT when asked), {@code clients} bookings in flight; {@code uncontended}: every booking a fresh
 * slot, {@code contended}: each slot raced by {@code per-slot} patients. The topologies run in alternating order over
 * {@code rounds} after a warm-up, all on this machine's loopback (so the replica's round trip is a loopback one; on
 * real machines WAIT costs one network round trip to the replica more).
 */
public final class TopologyBookingBench {
  private TopologyBookingBench() {}

  private record Topology(String name, KonsilConfig.Redis settings) {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int clients = args.integer("clients", 32);
    int hot = args.integer("hot", 40);
    int perSlot = args.integer("per-slot", 10);
    int seconds = args.integer("seconds", 5);
    int rounds = args.integer("rounds", 2);
    int warmup = args.integer("warmup", 10);
    args.checkAllUsed();
    System.out.println("Booking on each Redis topology: " + clients + " in flight, " + seconds + " s per window, "
        + rounds + " rounds; " + Machine.describe());
    Vertx vertx = Vertx.vertx();
    Duration timeout = Duration.ofSeconds(10);
    try (RedisProcess single = RedisProcess.durable();
         RedisSentinelSet sentinel = RedisSentinelSet.start();
         RedisClusterSet cluster = RedisClusterSet.start(3, 1)) {
      List<Topology> topologies = List.of(
          new Topology("standalone AOF", new KonsilConfig.Redis(single.uri(), List.of(), 0, timeout)),
          new Topology("sentinel WAIT 0", new KonsilConfig.Redis(sentinel.uri(), List.of(), 0, timeout)),
          new Topology("sentinel WAIT 1", new KonsilConfig.Redis(sentinel.uri(), List.of(), 1, timeout)),
          new Topology("cluster 3x2 WAIT 0", new KonsilConfig.Redis(null, cluster.seeds(), 0, timeout)),
          new Topology("cluster 3x2 WAIT 1", new KonsilConfig.Redis(null, cluster.seeds(), 1, timeout)));
      Context context = vertx.getOrCreateContext();
      List<ClaimTargets> targets = new ArrayList<>();
      List<RedisGateway> gateways = new ArrayList<>();
      for (Topology t : topologies) {
        RedisGateway g = RedisGateway.connect(vertx, t.settings()).await();
        Stores stores = Stores.redis(g);
        OnContext.await(context, stores::start);
        gateways.add(g);
        targets.add(new ClaimTargets(context, g, stores));
      }
      long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
      while (System.nanoTime() < warmupEnd) {
        for (ClaimTargets t : targets) {
          RedisBookingBench.race(context, t.store(), hot, 1, clients);
        }
      }
      List<Histogram[]> latency = new ArrayList<>();
      List<long[]> counts = new ArrayList<>(); // uncontended bookings, uncontended nanos, contended attempts, nanos, wrong
      for (int i = 0; i < topologies.size(); i++) {
        latency.add(new Histogram[] {new Histogram(60_000_000L, 3), new Histogram(60_000_000L, 3)});
        counts.add(new long[5]);
      }
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < topologies.size(); k++) {
          int i = r % 2 == 0 ? k : topologies.size() - 1 - k;
          BookingWindow.run(context, targets.get(i).store(), hot, 1, clients, seconds, latency.get(i)[0], counts.get(i), 0);
          BookingWindow.run(context, targets.get(i).store(), hot, perSlot, clients, seconds, latency.get(i)[1],
              counts.get(i), 2);
        }
      }
      Table table = new Table("Booking on each Redis topology (store path, " + clients + " in flight)", "topology",
          "uncontended bookings/s", "p50 ms", "p99 ms", "contended attempts/s", "p50 ms", "p99 ms", "double bookings");
      for (int i = 0; i < topologies.size(); i++) {
        long[] c = counts.get(i);
        table.row(topologies.get(i).name(), Table.f0(c[0] / (c[1] / 1e9)),
            Table.ms(latency.get(i)[0].getValueAtPercentile(50)), Table.ms(latency.get(i)[0].getValueAtPercentile(99)),
            Table.f0(c[2] / (c[3] / 1e9)), Table.ms(latency.get(i)[1].getValueAtPercentile(50)),
            Table.ms(latency.get(i)[1].getValueAtPercentile(99)), c[4]);
      }
      table.note("uncontended: a fresh slot per booking; contended: " + perSlot + " patients per slot; " + rounds
          + " rounds, topologies in alternating order; all processes on one 2-core machine's loopback");
      table.print();
      for (RedisGateway g : gateways) {
        g.close().await();
      }
    } finally {
      vertx.close().await();
    }
    System.exit(0);
  }
}
