package io.konsil.common.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One master, one replica and three sentinels (quorum 2) on loopback: the smallest high-availability topology. The
 * master starts with AOF fsync always; the replica too, so that whichever is master keeps acknowledged writes.
 */
public final class RedisSentinelSet implements AutoCloseable {
  public static final String MASTER_NAME = "konsil";
  private final RedisProcess first;
  private final RedisProcess second;
  private final List<RedisProcess> sentinels = new ArrayList<>();

  private RedisSentinelSet(RedisProcess first, RedisProcess second) {
    this.first = first;
    this.second = second;
  }

  public static RedisSentinelSet start() {
    RedisProcess master = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always");
    RedisProcess replica = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always",
        "--replicaof", "127.0.0.1", String.valueOf(master.port()));
    RedisSentinelSet set = new RedisSentinelSet(master, replica);
    set.awaitReplicaInSync(replica, master);
    for (int i = 0; i < 3; i++) {
      set.sentinels.add(RedisProcess.sentinel(MASTER_NAME, master.port()));
    }
    set.awaitSentinelsKnowReplica();
    return set;
  }

  /** {@code redis-sentinel://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3#konsil}, as {@code --redis} takes it. */
  public String uri() {
    StringBuilder b = new StringBuilder("redis-sentinel://");
    for (int i = 0; i < sentinels.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("127.0.0.1:").append(sentinels.get(i).port());
    }
    return b.append('#').append(MASTER_NAME).toString();
  }

  /** The server the sentinels currently name as master. */
  public RedisProcess master() {
    int port = masterPortFromSentinels();
    return first.port() == port ? first : second;
  }

  public RedisProcess replica() {
    return master() == first ? second : first;
  }

  public List<RedisProcess> sentinels() {
    return sentinels;
  }

  /** Port of the master as a majority of live sentinels report it. */
  public int masterPortFromSentinels() {
    for (RedisProcess s : sentinels) {
      if (!s.alive()) {
        continue;
      }
      String out = s.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).trim();
      String[] lines = out.split("\\s+");
      if (lines.length == 2) {
        return Integer.parseInt(lines[1]);
      }
    }
    throw new IllegalStateException("no sentinel names a master");
  }

  /** Waits until the sentinels have promoted a master other than {@code oldMasterPort}. */
  public RedisProcess awaitFailoverFrom(int oldMasterPort, long timeoutSeconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      int port = masterPortFromSentinels();
      if (port != oldMasterPort) {
        RedisProcess promoted = first.port() == port ? first : second;
        if ("master".equals(promoted.info("replication", "role"))) {
          return promoted;
        }
      }
      RedisProcess.sleep(100);
    }
    throw new AssertionError("sentinels did not fail over from port " + oldMasterPort + " within " + timeoutSeconds + " s");
  }

  private void awaitReplicaInSync(RedisProcess replica, RedisProcess master) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if ("up".equals(replica.info("replication", "master_link_status"))) {
        return;
      }
      RedisProcess.sleep(50);
    }
    throw new IllegalStateException("replica did not sync: " + replica.log());
  }

  private void awaitSentinelsKnowReplica() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (RedisProcess s : sentinels) {
        String out = s.cli("SENTINEL", "REPLICAS", MASTER_NAME);
        String sentinelsSeen = s.cli("SENTINEL", "SENTINELS", MASTER_NAME);
        if (!out.contains(String.valueOf(second.port())) || sentinelsSeen.split("\\bname\\b").length - 1 < 2) {
          all = false;
        }
      }
      if (all) {
        return;
      }
      RedisProcess.sleep(100);
    }
    throw new IllegalStateException("sentinels did not discover the replica and each other");
  }

  @Override
  public void close() {
    sentinels.forEach(RedisProcess::close);
    first.close();
    second.close();
  }
}
