package io.konsil.scheduler.booking;

import io.konsil.scheduler.booking.SlotMode;
import java.time.Instant;

/**
 * Earliest-slot search: every filter may be null. {@code after} is the position a cursor encodes: results are strictly
 * after it in (start, id) order.
 */
public record SlotQuery(String specialty, String hospital, String region, SlotMode mode, String language, Instant from,
                        Instant to, int limit, SlotKey after) {

  /** The total order of the search: start time, then id. */
  public record SlotKey(long startEpochSecond, String id) implements Comparable<SlotKey> {
    @Override
    public int compareTo(SlotKey o) {
      int c = Long.compare(startEpochSecond, o.startEpochSecond);
      return c != 0 ? c : id.compareTo(o.id);
    }
  }
}
