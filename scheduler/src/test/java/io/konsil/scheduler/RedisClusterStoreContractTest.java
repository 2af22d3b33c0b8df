package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisClusterSet;
import io.konsil.common.testing.RedisProcess;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real three-master Redis Cluster: the keys of every function call and multi-key command
 * must hash to one slot, or the cluster refuses them (CROSSSLOT) and the contract fails. Emptied per test, with a
 * gateway of its own per test (as RedisStoreContractTest).
 */
class RedisClusterStoreContractTest extends StoreContract {
  private static RedisClusterSet cluster;
  private static Vertx vertx;
  private RedisGateway gateway;

  @BeforeAll
  static void startCluster() {
    cluster = RedisClusterSet.start(3, 0);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    await(vertx.close());
    cluster.close();
  }

  @Override
  protected Stores newStores() throws Exception {
    for (RedisProcess master : cluster.masters()) {
      master.call("FLUSHALL");
      master.call("FUNCTION", "FLUSH");
    }
    gateway = RedisNode.await(RedisGateway.connect(vertx, new KonsilConfig.Redis(null,
        KonsilConfig.Redis.cluster(cluster.seeds()).clusterSeeds(), 0, Duration.ofSeconds(5))));
    Stores stores = Stores.redis(gateway);
    await(stores.start());
    return stores;
  }

  @AfterEach
  void closeGateway() throws Exception {
    if (gateway != null) {
      RedisNode.await(gateway.close());
    }
  }
}
