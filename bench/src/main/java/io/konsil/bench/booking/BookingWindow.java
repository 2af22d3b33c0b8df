package io.konsil.bench.booking;

import io.vertx.core.Context;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One measurement window of races: adds attempts, time and latencies, and counts targets won more than once. */
final class BookingWindow {
  private BookingWindow() {}

  /** {@code counts[at]} += attempts, {@code counts[at + 1]} += nanos, {@code counts[4]} += targets won twice. */
  static void run(Context context, RedisBookingBench.Claim kind, int hot, int perSlot, int clients, int seconds,
                  Histogram latency, long[] counts, int at) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      RedisBookingBench.Round round = RedisBookingBench.race(context, kind, hot, perSlot, clients);
      Map<String, Integer> wins = new HashMap<>();
      for (RedisBookingBench.Outcome o : round.outcomes()) {
        latency.recordValue(Math.min(60_000_000L, o.micros()));
        if (o.won()) {
          wins.merge(o.target(), 1, Integer::sum);
        }
      }
      counts[at] += round.outcomes().size();
      counts[at + 1] += round.nanos();
      counts[4] += wins.values().stream().filter(n -> n > 1).count();
    }
  }
}
