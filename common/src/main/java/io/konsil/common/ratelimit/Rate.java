package io.konsil.common.ratelimit;

import java.time.Duration;

/** {@code amount} requests per {@code per}: a bucket of {@code amount} tokens refilled evenly over {@code per}. */
public record Rate(int amount, Duration per) {
  public Rate {
    if (amount < 1 || per.isZero() || per.isNegative()) {
      throw new IllegalArgumentException("a rate needs a positive amount and period, got " + amount + "/" + per);
    }
  }

  public static Rate perMinute(int amount) {
    return new Rate(amount, Duration.ofMinutes(1));
  }

  double tokensPerNano() {
    return amount / (double) per.toNanos();
  }

  @Override
  public String toString() {
    return amount + "/" + per;
  }
}
