package io.konsil.common.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets by key (a user, a client address), in this node's memory. Bounded: beyond {@code maxKeys} the
 * least recently used bucket is forgotten, which can only make a limit more lenient, never refuse anyone wrongly.
 */
public final class Buckets {
  /** One bucket a request must take a token from. */
  public record Take(String key, Rate rate) {}

  private static final class Bucket {
    double tokens;
    long at;
  }

  private final Clock clock;
  private final Map<String, Bucket> buckets;

  public Buckets(Clock clock, int maxKeys) {
    this.clock = clock;
    this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /**
   * Takes one token from every bucket of {@code takes}, or from none of them: a refused request costs nothing, so a
   * user's own refused attempts never eat into the budget of the address they share with others.
   *
   * @return zero when taken, otherwise how long until every bucket holds a token again
   */
  public synchronized Duration take(List<Take> takes) {
    long now = nanos(clock.instant());
    double waitNanos = 0;
    Bucket[] found = new Bucket[takes.size()];
    for (int i = 0; i < takes.size(); i++) {
      Take t = takes.get(i);
      Bucket b = buckets.computeIfAbsent(t.key(), k -> {
        Bucket fresh = new Bucket();
        fresh.tokens = t.rate().amount();
        fresh.at = now;
        return fresh;
      });
      b.tokens = Math.min(t.rate().amount(), b.tokens + Math.max(0, now - b.at) * t.rate().tokensPerNano());
      b.at = now;
      found[i] = b;
      if (b.tokens < 1) {
        waitNanos = Math.max(waitNanos, (1 - b.tokens) / t.rate().tokensPerNano());
      }
    }
    if (waitNanos > 0) {
      return Duration.ofNanos((long) Math.ceil(waitNanos));
    }
    for (Bucket b : found) {
      b.tokens -= 1;
    }
    return Duration.ZERO;
  }

  private static long nanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
