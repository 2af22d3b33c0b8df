package io.konsil.scheduler;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One scheduler "node" of a test network: its own Vert.x, its own gateway to a shared redis-server, and a
 * {@link Fixture} (real HTTP server) over {@code Stores.redis}. Several of them on one Redis are nodes of one network.
 */
public final class RedisNode implements AutoCloseable {
  public final Vertx vertx;
  public final RedisGateway gateway;
  public final Fixture fixture;
  private final Context context;

  private RedisNode(Vertx vertx, RedisGateway gateway, Fixture fixture) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.fixture = fixture;
    this.context = vertx.getOrCreateContext();
  }

  /**
   * Runs {@code work} (requests to the node, store calls) on one Vert.x context of this node: requests issued from
   * the JUnit thread on a shared HTTP/1 pool were seen to hang now and then.
   */
  public <T> Future<T> on(Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }

  /**
   * A node on {@code redisUri}; {@code seed} writes the fixture's network (do it on one node only). Its command
   * timeout is 5 s, not the node's 1 s: tests of correctness should not fail because the shared build machine is busy.
   */
  public static RedisNode start(String redisUri, boolean seed) throws Exception {
    return start(new KonsilConfig.Redis(redisUri, List.of(), 0, Duration.ofSeconds(5)), seed, c -> c);
  }

  public static RedisNode start(KonsilConfig.Redis redis, boolean seed, UnaryOperator<KonsilConfig> configure)
      throws Exception {
    return start(redis, seed, Fixture.T0, configure);
  }

  /** A node whose clock starts at {@code clockStart}: one started later than the others. */
  public static RedisNode startAt(KonsilConfig.Redis redis, Instant clockStart, UnaryOperator<KonsilConfig> configure)
      throws Exception {
    return start(redis, false, clockStart, configure);
  }

  private static RedisNode start(KonsilConfig.Redis redis, boolean seed, Instant clockStart,
                                 UnaryOperator<KonsilConfig> configure) throws Exception {
    Vertx vertx = Vertx.vertx();
    RedisGateway gateway = await(RedisGateway.connect(vertx, redis));
    Fixture fixture = await(Fixture.start(vertx, configure, seed, Stores.redis(gateway), clockStart));
    return new RedisNode(vertx, gateway, fixture);
  }

  /** A gateway setting like the node's flags give it: {@code --redis-wait-replicas}, a 1 s command timeout. */
  public static KonsilConfig.Redis settings(String redisUri, int waitReplicas) {
    return new KonsilConfig.Redis(redisUri, List.of(), waitReplicas, Duration.ofSeconds(1));
  }

  public static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    await(fixture.stop().eventually(gateway::close));
    await(vertx.close());
  }
}
