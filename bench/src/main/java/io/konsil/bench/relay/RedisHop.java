package io.konsil.bench.relay;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.redis.RedisGateway;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;

/**
 * The one Redis round trip a cross-node frame adds, measured in the same run: this load generator publishes stamped
 * messages on a sharded channel it is itself subscribed to (SPUBLISH → Redis → message), at a fixed rate, through the
 * same client library and code path the nodes use ({@link RedisGateway}).
 */
final class RedisHop {
  private final Vertx vertx;
  private final RedisGateway redis;
  private final String channel = "konsil:{bench}:hop";
  private final Histogram latency = new Histogram(60_000_000L, 3);
  private long sent;
  private long received;

  private RedisHop(Vertx vertx, RedisGateway redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  static RedisHop connect(Vertx vertx, String uri) {
    RedisGateway gw = RedisGateway.connect(vertx, KonsilConfig.Redis.standalone(uri)).await();
    RedisHop hop = new RedisHop(vertx, gw);
    gw.channels().subscribe(hop.channel, hop::arrived).await();
    return hop;
  }

  private synchronized void arrived(String message) {
    long stamp = Long.parseLong(message);
    latency.recordValue(Math.min(60_000_000L, Math.max(0, (System.nanoTime() - stamp) / 1000)));
    received++;
  }

  /** Publishes at {@code rate} per second for {@code seconds} after a warm-up; returns the latency histogram (µs). */
  Histogram measure(int rate, int warmupSeconds, int seconds) throws InterruptedException {
    run(rate, warmupSeconds);
    synchronized (this) {
      latency.reset();
      sent = 0;
      received = 0;
    }
    run(rate, seconds);
    Thread.sleep(300);
    synchronized (this) {
      return latency.copy();
    }
  }

  private void run(int rate, int seconds) throws InterruptedException {
    long t0 = System.nanoTime();
    double perNano = rate / 1e9;
    long[] due = {0};
    long timer = vertx.setPeriodic(1, id -> {
      long target = (long) ((System.nanoTime() - t0) * perNano);
      while (due[0] < target) {
        String stamp = Long.toString(System.nanoTime());
        redis.call(c -> c.spublish(channel, stamp));
        due[0]++;
        synchronized (this) {
          sent++;
        }
      }
    });
    Thread.sleep(seconds * 1000L);
    vertx.cancelTimer(timer);
  }

  void close() {
    redis.close().await();
  }
}
