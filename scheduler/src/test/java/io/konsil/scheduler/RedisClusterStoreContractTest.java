package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.testing.RedisClusterSet;
import io.konsil.common.testing.RedisProcess;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real three-master Redis Cluster: the keys of every function call and multi-key command
 * must hash to one slot, or the cluster refuses them (CROSSSLOT) and the contract fails.
 */
class RedisClusterStoreContractTest extends StoreContract {
  private static RedisClusterSet cluster;
  private static Vertx vertx;
  private static RedisGateway gateway;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = RedisClusterSet.start(3, 0);
    vertx = Vertx.vertx();
    KonsilConfig.Redis settings = KonsilConfig.Redis.cluster(cluster.seeds());
    gateway = RedisNode.await(RedisGateway.connect(vertx, new KonsilConfig.Redis(null, settings.clusterSeeds(), 0,
        Duration.ofSeconds(5))));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (gateway != null) {
      await(gateway.close());
    }
    await(vertx.close());
    cluster.close();
  }

  @Override
  protected Stores newStores() throws Exception {
    for (RedisProcess master : cluster.masters()) {
      master.call("FLUSHALL");
      master.call("FUNCTION", "FLUSH");
    }
    Stores stores = Stores.redis(gateway);
    await(stores.start());
    return stores;
  }
}
