package io.konsil.bench.slots;

import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.booking.SlotQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The earliest-slot searches a patient portal sends, by kind and share of traffic. Every query asks for the first
 * page of 10; the same mix (same seed) drives the in-process, baseline and HTTP runs.
 */
final class SearchMix {
  record Kind(String name, int weight, BiFunction<Random, Instant, SlotQuery> query) {}

  static final List<Kind> KINDS = List.of(
      new Kind("any", 10, (r, now) -> q(null, null, null, null, null, null)),
      new Kind("specialty", 30, (r, now) -> q(spec(r), null, null, null, null, null)),
      new Kind("specialty+region+mode", 20, (r, now) -> q(spec(r), null, region(r), SlotMode.VIDEO, null, null)),
      new Kind("specialty+hospital", 15, (r, now) -> q(spec(r), hospital(r), null, null, null, null)),
      new Kind("specialty from +14d", 10, (r, now) -> q(spec(r), null, null, null, null, now.plus(Duration.ofDays(14)))),
      new Kind("specialty+language so (1%)", 10, (r, now) -> q(spec(r), null, null, null, "so", null)),
      new Kind("no match (language sme)", 5, (r, now) -> q(spec(r), null, null, null, "sme", null)));

  static final int LIMIT = 10;

  private final Random random;
  private final int totalWeight = KINDS.stream().mapToInt(Kind::weight).sum();
  private static int hospitals = 200;

  SearchMix(long seed, int hospitalCount) {
    this.random = new Random(seed);
    hospitals = hospitalCount;
  }

  /** The next kind by weight. */
  Kind next() {
    int x = random.nextInt(totalWeight);
    for (Kind k : KINDS) {
      x -= k.weight();
      if (x < 0) {
        return k;
      }
    }
    throw new IllegalStateException();
  }

  SlotQuery query(Kind kind, Instant now) {
    return kind.query().apply(random, now);
  }

  private static SlotQuery q(String specialty, String hospital, String region, SlotMode mode, String language,
      Instant from) {
    return new SlotQuery(specialty, hospital, region, mode, language, from, null, LIMIT, null);
  }

  private static String spec(Random r) {
    return BenchNetwork.SPECIALTIES.get(r.nextInt(BenchNetwork.SPECIALTIES.size()));
  }

  private static String region(Random r) {
    return BenchNetwork.REGIONS.get(r.nextInt(BenchNetwork.REGIONS.size()));
  }

  private static String hospital(Random r) {
    return String.format("H%03d", r.nextInt(hospitals));
  }

  /** The REST form of {@code q}: GET /api/v1/slots?... */
  static String uri(SlotQuery q) {
    StringBuilder b = new StringBuilder("/api/v1/slots?limit=").append(q.limit());
    if (q.specialty() != null) {
      b.append("&specialty=").append(q.specialty());
    }
    if (q.hospital() != null) {
      b.append("&hospital=").append(q.hospital());
    }
    if (q.region() != null) {
      b.append("&region=").append(q.region());
    }
    if (q.mode() != null) {
      b.append("&mode=").append(q.mode().wire());
    }
    if (q.language() != null) {
      b.append("&language=").append(q.language());
    }
    if (q.from() != null) {
      b.append("&from=").append(q.from());
    }
    return b.toString();
  }
}
