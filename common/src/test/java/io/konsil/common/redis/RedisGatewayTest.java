package io.konsil.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException;
import io.konsil.common.testing.RedisClusterSet;
import io.konsil.common.testing.RedisProcess;
import io.konsil.common.testing.RedisSentinelSet;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway against real redis-server processes: one server, a Sentinel set and a Cluster. */
class RedisGatewayTest {
  private static final Library LIB = new Library("konsil_gateway_test_v1",
      "#!lua name=konsil_gateway_test_v1\n"
          + "redis.register_function('konsil_gw_incr', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)\n");

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFunctionIsLoadedOnFirstUseAndADeadServerFailsFastWithStoreUnavailableThenRecovers() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      RedisGateway gw = await(RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(redis.uri())));
      assertEquals(5L, (Long) await(gw.fcall(LIB, "konsil_gw_incr", ScriptOutputType.INTEGER, new String[] {"k"}, "5")));
      assertEquals(7L, (Long) await(gw.fcall(LIB, "konsil_gw_incr", ScriptOutputType.INTEGER, new String[] {"k"}, "2")));

      redis.kill9();
      long t0 = System.nanoTime();
      KonsilException down = failure(gw.ping());
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals(503, down.status());
      assertEquals(RedisGateway.STORE_UNAVAILABLE, down.code());
      assertTrue(tookMs < 1500, "failed after " + tookMs + " ms");

      redis.restart();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try {
          await(gw.ping());
          break;
        } catch (KonsilException notYet) {
          assertTrue(System.nanoTime() < deadline, "gateway did not reconnect");
          Thread.sleep(100);
        }
      }
      // The restarted server has no persistence, so the library is gone: the gateway loads it again by itself.
      assertEquals(1L, (Long) await(gw.fcall(LIB, "konsil_gw_incr", ScriptOutputType.INTEGER, new String[] {"k"}, "1")));
      await(gw.close());
    }
  }

  @Test
  void shardedSubscriptionsDeliverAndComeBackAfterTheServerRestarts() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      RedisGateway gw = await(RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(redis.uri())));
      BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
      BlockingQueue<String> reconnects = new ArrayBlockingQueue<>(10);
      gw.channels().onGap(() -> reconnects.add("back"));
      await(gw.channels().subscribe("konsil:{room:a}:bus", got::add));
      await(gw.call(c -> c.spublish("konsil:{room:a}:bus", "one")));
      assertEquals("one", got.poll(5, TimeUnit.SECONDS));

      redis.restart();
      assertEquals("back", reconnects.poll(15, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String second = null;
      while (second == null && System.nanoTime() < deadline) {
        try {
          await(gw.call(c -> c.spublish("konsil:{room:a}:bus", "two")));
        } catch (KonsilException notYet) {
          // command connection still reconnecting
        }
        second = got.poll(200, TimeUnit.MILLISECONDS);
      }
      assertEquals("two", second, "resubscribed after the restart");
      await(gw.close());
    }
  }

  @Test
  void waitReplicasConfirmsWithALiveReplicaAndRefusesWithoutOne() throws Exception {
    try (RedisProcess master = RedisProcess.start();
         RedisProcess replica = RedisProcess.start("--replicaof", "127.0.0.1", String.valueOf(master.port()))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!"up".equals(replica.info("replication", "master_link_status"))) {
        assertTrue(System.nanoTime() < deadline, "replica never synced");
        Thread.sleep(50);
      }
      RedisGateway gw = await(RedisGateway.connect(vertx,
          KonsilConfig.Redis.standalone(master.uri()).withWaitReplicas(1)));
      await(gw.call(c -> c.set("x", "1")));
      await(gw.confirmReplicas());
      replica.kill9();
      await(gw.call(c -> c.set("x", "2")));
      KonsilException refused = failure(gw.confirmReplicas());
      assertEquals(RedisGateway.STORE_UNAVAILABLE, refused.code());
      await(gw.close());
    }
  }

  @Test
  void sentinelAndClusterAreReachedThroughTheSameGateway() throws Exception {
    try (RedisSentinelSet sentinel = RedisSentinelSet.start()) {
      RedisGateway gw = await(RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(sentinel.uri())));
      await(gw.call(c -> c.set("via-sentinel", "yes")));
      assertEquals("yes", sentinel.master().call("GET", "via-sentinel"));
      await(gw.close());
    }
    try (RedisClusterSet cluster = RedisClusterSet.start(3, 1)) {
      RedisGateway gw = await(RedisGateway.connect(vertx,
          KonsilConfig.Redis.cluster(cluster.seeds()).withWaitReplicas(1)));
      // WAIT goes to the key's own master: confirmed with its replica up, refused once the replica is gone.
      step("set", () -> await(gw.call(c -> c.set("{h:OUS}:x", "1"))));
      step("wait", () -> await(gw.confirmReplicas("{h:OUS}:x")));
      RedisProcess owner = cluster.ownerOf(cluster.slotOf("{h:OUS}:x"));
      cluster.replicaOf(owner).kill9();
      await(gw.call(c -> c.set("{h:OUS}:x", "2")));
      assertEquals(RedisGateway.STORE_UNAVAILABLE, failure(gw.confirmReplicas("{h:OUS}:x")).code());
      for (int i = 0; i < 20; i++) {
        String key = "k" + i;
        step("fcall " + key, () -> gw.fcall(LIB, "konsil_gw_incr", ScriptOutputType.INTEGER, new String[] {key}, "1"));
      }
      BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
      for (String room : new String[] {"a", "b", "c", "d"}) {
        await(gw.channels().subscribe("konsil:{room:" + room + "}:bus", got::add));
      }
      for (String room : new String[] {"a", "b", "c", "d"}) {
        await(gw.call(c -> c.spublish("konsil:{room:" + room + "}:bus", room)));
        assertEquals(room, got.poll(5, TimeUnit.SECONDS), "sharded message for room " + room);
      }
      await(gw.close());
    }
  }

  interface Step {
    Object run() throws Exception;
  }

  private static void step(String name, Step s) throws Exception {
    try {
      Object r = s.run();
      if (r instanceof Future<?> f) {
        await(f);
      }
    } catch (Exception e) {
      throw new AssertionError(name + " failed: " + e + " / " + e.getCause(), e);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static KonsilException failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (KonsilException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }

  @SuppressWarnings("unused")
  private static void isKonsil(Throwable t) {
    assertInstanceOf(KonsilException.class, t);
  }
}
