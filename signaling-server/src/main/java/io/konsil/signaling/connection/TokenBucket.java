package io.konsil.signaling.connection;

/** A token bucket: {@code burst} frames at once, refilled at {@code perSecond}. One connection's thread only. */
final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private double tokens;
  private long last;

  TokenBucket(int perSecond, int burst, long nowNanos) {
    this.capacity = Math.max(1, burst);
    this.perNano = Math.max(1, perSecond) / 1e9;
    this.tokens = capacity;
    this.last = nowNanos;
  }

  boolean tryTake(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
