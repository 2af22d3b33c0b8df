package io.konsil.common.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster on loopback: {@code masters} masters (at least three) and {@code replicasPerMaster} replicas
 * each, built with {@code redis-cli --cluster create}.
 */
public final class RedisClusterSet implements AutoCloseable {
  private final List<RedisProcess> nodes = new ArrayList<>();

  private RedisClusterSet() {}

  public static RedisClusterSet start(int masters, int replicasPerMaster) {
    RedisClusterSet set = new RedisClusterSet();
    int total = masters * (1 + replicasPerMaster);
    for (int i = 0; i < total; i++) {
      set.nodes.add(RedisProcess.start("cluster", RedisProcess.freePort(), "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--appendonly", "yes",
          "--appendfsync", "always", "--cluster-allow-pubsubshard-when-down", "yes"));
    }
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    for (RedisProcess n : set.nodes) {
      create.add("127.0.0.1:" + n.port());
    }
    create.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
    RedisProcess.run(create);
    set.awaitOk();
    return set;
  }

  /** {@code redis://127.0.0.1:P} of every node, as {@code --redis-cluster} takes them. */
  public List<String> seeds() {
    return nodes.stream().map(RedisProcess::uri).toList();
  }

  public List<RedisProcess> nodes() {
    return nodes;
  }

  public List<RedisProcess> masters() {
    return nodes.stream().filter(n -> n.alive() && "master".equals(n.info("replication", "role"))).toList();
  }

  /** Waits until every live node reports {@code cluster_state:ok} and agrees on the slot map. */
  public void awaitOk() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (RedisProcess n : nodes) {
        if (n.alive() && !n.call("CLUSTER", "INFO").contains("cluster_state:ok")) {
          ok = false;
        }
      }
      if (ok) {
        try {
          RedisProcess.run(List.of("redis-cli", "--cluster", "check", "127.0.0.1:" + masters().get(0).port()));
          return;
        } catch (IllegalStateException notYet) {
          // slots still settling
        }
      }
      RedisProcess.sleep(100);
    }
    throw new IllegalStateException("cluster did not reach cluster_state:ok");
  }

  /** Moves {@code slots} slots from one master to another while traffic may run ({@code redis-cli --cluster reshard}). */
  public void reshard(RedisProcess from, RedisProcess to, int slots) {
    RedisProcess.run(List.of("redis-cli", "--cluster", "reshard", "127.0.0.1:" + from.port(),
        "--cluster-from", nodeId(from), "--cluster-to", nodeId(to), "--cluster-slots", String.valueOf(slots),
        "--cluster-yes"));
  }

  public String nodeId(RedisProcess node) {
    return node.call("CLUSTER", "MYID").trim();
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}
