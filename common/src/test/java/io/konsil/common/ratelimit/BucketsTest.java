package io.konsil.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.TestClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketsTest {
  private final TestClock clock = TestClock.now();
  private final Buckets buckets = new Buckets(clock, 1000);
  private final Rate tenPerMinute = Rate.perMinute(10);

  private Duration take(String... keys) {
    return buckets.take(java.util.Arrays.stream(keys).map(k -> new Buckets.Take(k, tenPerMinute)).toList());
  }

  @Test
  void aBurstIsServedThenRequestsWaitForTheRefillAndAreToldHowLong() {
    for (int i = 0; i < 10; i++) {
      assertEquals(Duration.ZERO, take("kari"));
    }
    Duration wait = take("kari");
    assertEquals(Duration.ofSeconds(6), wait, "one token comes back every 6 s");
    clock.advance(Duration.ofSeconds(3));
    assertEquals(Duration.ofSeconds(3), take("kari"));
    clock.advance(Duration.ofSeconds(3));
    assertEquals(Duration.ZERO, take("kari"));
    assertTrue(take("kari").compareTo(Duration.ZERO) > 0);
    // A minute later the whole burst is back, and no more than that.
    clock.advance(Duration.ofMinutes(5));
    for (int i = 0; i < 10; i++) {
      assertEquals(Duration.ZERO, take("kari"));
    }
    assertTrue(take("kari").compareTo(Duration.ZERO) > 0);
  }

  @Test
  void oneKeysBurstLeavesOtherKeysAlone() {
    for (int i = 0; i < 10; i++) {
      take("kari");
    }
    assertTrue(take("kari").compareTo(Duration.ZERO) > 0);
    assertEquals(Duration.ZERO, take("ola"));
  }

  @Test
  void aRefusedRequestTakesFromNoBucket() {
    for (int i = 0; i < 10; i++) {
      assertEquals(Duration.ZERO, take("user-a", "address"));
    }
    // user-a is out; its refused attempts leave the shared address bucket untouched ...
    for (int i = 0; i < 50; i++) {
      assertTrue(take("user-a", "address").compareTo(Duration.ZERO) > 0);
    }
    // ... but the address bucket did pay for user-a's ten, so user-b finds it empty too.
    assertTrue(take("user-b", "address").compareTo(Duration.ZERO) > 0);
    Buckets roomy = new Buckets(clock, 1000);
    Rate wide = Rate.perMinute(100);
    for (int i = 0; i < 60; i++) {
      roomy.take(List.of(new Buckets.Take("user-a", tenPerMinute), new Buckets.Take("address", wide)));
    }
    assertEquals(Duration.ZERO, roomy.take(List.of(new Buckets.Take("user-b", tenPerMinute),
        new Buckets.Take("address", wide))), "only user-a's ten served requests counted against the address");
  }

  @Test
  void forgettingOldKeysOnlyEverMakesLimitsMoreLenient() {
    Buckets small = new Buckets(clock, 2);
    for (int i = 0; i < 10; i++) {
      small.take(List.of(new Buckets.Take("kari", tenPerMinute)));
    }
    assertTrue(small.take(List.of(new Buckets.Take("kari", tenPerMinute))).compareTo(Duration.ZERO) > 0);
    small.take(List.of(new Buckets.Take("ola", tenPerMinute)));
    small.take(List.of(new Buckets.Take("aisha", tenPerMinute)));
    assertEquals(Duration.ZERO, small.take(List.of(new Buckets.Take("kari", tenPerMinute))));
  }
}
