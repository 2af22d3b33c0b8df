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
  private int masters;

  private RedisClusterSet() {}

  public static RedisClusterSet start(int masters, int replicasPerMaster) {
    RedisClusterSet set = new RedisClusterSet();
    set.masters = masters;
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

  private boolean rolesSettled(RedisProcess n) {
    int m = 0;
    int r = 0;
    for (String line : n.cli("CLUSTER", "NODES").split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 3 || f[2].contains("fail")) {
        continue;
      }
      if (f[2].contains("master")) {
        m++;
      } else if (f[2].contains("slave")) {
        r++;
      }
    }
    long alive = nodes.stream().filter(RedisProcess::alive).count();
    return m >= masters && m + r == alive;
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

  /**
   * Waits until every live node reports {@code cluster_state:ok}, agrees on the slot map, and sees every master and
   * replica in its role (right after creation some nodes still list the future replicas as masters, and a client that
   * read its topology then would send writes to a replica).
   */
  public void awaitOk() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (RedisProcess n : nodes) {
        if (n.alive() && (!n.call("CLUSTER", "INFO").contains("cluster_state:ok") || !rolesSettled(n))) {
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

  /** The hash slot of {@code key} (hash tags respected). */
  public int slotOf(String key) {
    return Integer.parseInt(masters().get(0).call("CLUSTER", "KEYSLOT", key).replaceAll("[^0-9]", ""));
  }

  /** The live master that serves {@code slot}, as the cluster itself says (CLUSTER SHARDS via redis-cli). */
  public RedisProcess ownerOf(int slot) {
    for (RedisProcess m : masters()) {
      String out = m.cli("CLUSTER", "NODES");
      for (String line : out.split("\n")) {
        String[] f = line.trim().split(" ");
        if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
          continue;
        }
        for (int i = 8; i < f.length; i++) {
          String range = f[i];
          if (range.startsWith("[")) {
            continue;
          }
          String[] ends = range.split("-");
          int lo = Integer.parseInt(ends[0]);
          int hi = ends.length > 1 ? Integer.parseInt(ends[1]) : lo;
          if (slot >= lo && slot <= hi) {
            int port = Integer.parseInt(f[1].replaceAll("^[^:]*:(\\d+).*$", "$1"));
            return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
          }
        }
      }
      return null;
    }
    return null;
  }

  /** A replica of {@code master}, or null. */
  public RedisProcess replicaOf(RedisProcess master) {
    String id = nodeId(master);
    for (RedisProcess n : nodes) {
      if (n.alive() && n != master && "slave".equals(n.info("replication", "role"))
          && n.call("CLUSTER", "NODES").contains("myself,slave " + id)) {
        return n;
      }
    }
    return null;
  }

  /** {@code CLUSTER FAILOVER} on {@code replica}: it becomes master of its master's slots, without data loss. */
  public void manualFailover(RedisProcess replica) {
    replica.call("CLUSTER", "FAILOVER");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!"master".equals(replica.info("replication", "role"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("manual failover did not complete");
      }
      RedisProcess.sleep(50);
    }
    awaitOk();
  }

  /**
   * Moves one hash slot with its keys from {@code from} to {@code to} while clients keep using it (the migration
   * protocol redis-cli's resharding runs for every slot: IMPORTING/MIGRATING, MIGRATE in batches, SETSLOT NODE).
   */
  public void moveSlot(int slot, RedisProcess from, RedisProcess to) {
    String fromId = nodeId(from);
    String toId = nodeId(to);
    to.call("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", fromId);
    from.call("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", toId);
    while (true) {
      String keys = from.cli("CLUSTER", "GETKEYSINSLOT", String.valueOf(slot), "100").trim();
      if (keys.isEmpty()) {
        break;
      }
      List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", String.valueOf(to.port()), "", "0", "5000",
          "KEYS"));
      migrate.addAll(List.of(keys.split("\\s+")));
      from.cli(migrate.toArray(new String[0]));
    }
    for (RedisProcess m : masters()) {
      m.call("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", toId);
    }
    awaitOk();
  }

  public String nodeId(RedisProcess node) {
    return node.call("CLUSTER", "MYID").trim();
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}
