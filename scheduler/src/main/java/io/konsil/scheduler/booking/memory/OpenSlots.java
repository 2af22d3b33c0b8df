package io.konsil.scheduler.booking.memory;

import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.booking.SlotStatus;
import io.konsil.scheduler.booking.SlotPage;
import io.konsil.scheduler.booking.SlotQuery;
import io.konsil.scheduler.booking.SlotQuery.SlotKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The slots a search may offer (free or held; a held one is skipped at read time, so an expired hold is free again
 * without a sweep), each kept with its current {@link Slot} in (start, id) order.
 *
 * <p>Every slot belongs to one {@link Offering}: a clinician's slots with the same hospital, region, specialty, mode
 * and languages — everything a search filters on except time. Offerings are few (about two per clinician), so a search
 * first picks the offerings that match (through small indexes by hospital and specialty), then answers with a k-way
 * merge of their sorted open slots. Its work is bounded by the number of matching offerings plus the page, never by
 * the number of slots that do not match: a filter that matches nothing costs no slot at all, and a rare one reaches its
 * far-future matches at once. When more than a few offerings match, a short probe of the per-specialty or global index
 * (bounded by the number of matching offerings) usually fills the page before the merge is needed.
 *
 * <p>Writes come from {@link MemoryBookingStore} under its lock; reads are lock-free.
 */
final class OpenSlots {
  /**
   * Up to this many matching offerings the merge goes first. Above it, a probe of at most two index entries per
   * matching offering (an entry is cheaper to read than a seek into an offering) is tried before the merge.
   */
  private static final int MERGE_AT_ONCE = 8;

  private final NavigableMap<SlotKey, Slot> all = new ConcurrentSkipListMap<>();
  private final Map<String, NavigableMap<SlotKey, Slot>> bySpecialty = new ConcurrentHashMap<>();
  private final Map<Offering, NavigableMap<SlotKey, Slot>> byOffering = new ConcurrentHashMap<>();
  private final Map<String, Set<Offering>> offeringsByHospital = new ConcurrentHashMap<>();
  private final Map<String, Set<Offering>> offeringsBySpecialty = new ConcurrentHashMap<>();

  /** What a search can filter on apart from time; an offering's open slots share all of it. */
  record Offering(String clinicianId, String hospital, String region, String specialty, SlotMode mode,
                  List<String> languages) {
    static Offering of(Slot s) {
      return new Offering(s.clinicianId(), s.hospital(), s.region(), s.specialty(), s.mode(), s.languages());
    }

    boolean matches(SlotQuery q) {
      return (q.specialty() == null || q.specialty().equals(specialty))
          && (q.hospital() == null || q.hospital().equals(hospital))
          && (q.region() == null || q.region().equals(region))
          && (q.mode() == null || q.mode() == mode)
          && (q.language() == null || languages.contains(q.language()));
    }
  }

  /** Adds the slot, or replaces its stored value (a hold taken or lapsed). Caller holds the store's write lock. */
  void put(Slot s) {
    SlotKey key = key(s);
    Offering o = Offering.of(s);
    NavigableMap<SlotKey, Slot> own = byOffering.get(o);
    if (own == null) {
      own = new ConcurrentSkipListMap<>();
      byOffering.put(o, own);
      offeringsByHospital.computeIfAbsent(o.hospital(), k -> ConcurrentHashMap.newKeySet()).add(o);
      offeringsBySpecialty.computeIfAbsent(o.specialty(), k -> ConcurrentHashMap.newKeySet()).add(o);
    }
    own.put(key, s);
    bySpecialty.computeIfAbsent(s.specialty(), k -> new ConcurrentSkipListMap<>()).put(key, s);
    all.put(key, s);
  }

  /** Caller holds the store's write lock. An offering left empty stays registered: a merge skips it in one step. */
  void remove(Slot s) {
    SlotKey key = key(s);
    all.remove(key);
    NavigableMap<SlotKey, Slot> spec = bySpecialty.get(s.specialty());
    if (spec != null) {
      spec.remove(key);
    }
    NavigableMap<SlotKey, Slot> own = byOffering.get(Offering.of(s));
    if (own != null) {
      own.remove(key);
    }
  }

  SlotPage search(SlotQuery q, Instant now) {
    if (q.limit() <= 0) {
      return new SlotPage(List.of(), null);
    }
    Instant from = q.from() != null && q.from().isAfter(now) ? q.from() : now;
    SlotKey floor = new SlotKey(from.getEpochSecond(), "");
    boolean afterCursor = q.after() != null && q.after().compareTo(floor) >= 0;
    Position position = afterCursor ? new Position(q.after(), false) : new Position(floor, true);
    long toSecond = q.to() == null ? Long.MAX_VALUE : q.to().getEpochSecond();
    // One match beyond the page tells whether there is a next page.
    int wanted = q.limit() + 1;
    List<Slot> found = new ArrayList<>(wanted);
    List<Offering> candidates = null;
    if (q.hospital() == null && q.region() == null && q.mode() == null && q.language() == null) {
      // Every slot of the probed index matches but held ones: the probe settles the page without listing offerings.
      position = probe(q, now, position, toSecond, wanted, found, 4 * wanted + 256);
    } else {
      candidates = candidates(q);
      if (candidates.size() > MERGE_AT_ONCE) {
        position = probe(q, now, position, toSecond, wanted, found, 2 * candidates.size() + 4 * wanted);
      }
    }
    if (position != null && found.size() < wanted) {
      merge(candidates != null ? candidates : candidates(q), now, position, toSecond, wanted, found);
    }
    if (found.size() < wanted) {
      return new SlotPage(found, null);
    }
    List<Slot> items = found.subList(0, q.limit());
    return new SlotPage(List.copyOf(items), key(items.get(items.size() - 1)));
  }

  private List<Offering> candidates(SlotQuery q) {
    Collection<Offering> source = q.hospital() != null ? offeringsByHospital.getOrDefault(q.hospital(), Set.of())
        : q.specialty() != null ? offeringsBySpecialty.getOrDefault(q.specialty(), Set.of())
        : byOffering.keySet();
    List<Offering> matching = new ArrayList<>();
    for (Offering o : source) {
      if (o.matches(q)) {
        matching.add(o);
      }
    }
    return matching;
  }

  /** Where a walk starts: at {@code key} or strictly after it. */
  private record Position(SlotKey key, boolean inclusive) {
    NavigableMap<SlotKey, Slot> tailOf(NavigableMap<SlotKey, Slot> index) {
      return index.tailMap(key, inclusive);
    }
  }

  /**
   * Walks the smallest shared index (per specialty, else all) for at most {@code budget} entries. Returns null when the
   * walk settled the page (full, past {@code to}, or the index ended), else the position to continue from.
   */
  private Position probe(SlotQuery q, Instant now, Position position, long toSecond, int wanted, List<Slot> found,
                         int budget) {
    NavigableMap<SlotKey, Slot> index = q.specialty() != null ? bySpecialty.get(q.specialty()) : all;
    if (index == null) {
      return null;
    }
    int left = budget;
    for (Map.Entry<SlotKey, Slot> e : position.tailOf(index).entrySet()) {
      SlotKey key = e.getKey();
      if (key.startEpochSecond() >= toSecond) {
        return null;
      }
      if (left-- == 0) {
        return new Position(key, true);
      }
      Slot s = e.getValue();
      if (s.statusAt(now) == SlotStatus.FREE && matches(s, q)) {
        found.add(s);
        if (found.size() == wanted) {
          return null;
        }
      }
    }
    return null;
  }

  /** The k-way merge over the matching offerings' open slots, earliest head first. */
  private void merge(List<Offering> candidates, Instant now, Position position, long toSecond, int wanted,
                     List<Slot> found) {
    PriorityQueue<Head> heads = new PriorityQueue<>(Math.max(1, candidates.size()));
    for (Offering o : candidates) {
      NavigableMap<SlotKey, Slot> own = byOffering.get(o);
      if (own != null) {
        Head h = new Head(position.tailOf(own).entrySet().iterator());
        if (h.advance(now, toSecond)) {
          heads.add(h);
        }
      }
    }
    while (found.size() < wanted && !heads.isEmpty()) {
      Head h = heads.poll();
      found.add(h.slot);
      if (h.advance(now, toSecond)) {
        heads.add(h);
      }
    }
  }

  /** One offering's next free slot in the merge. */
  private static final class Head implements Comparable<Head> {
    private final Iterator<Map.Entry<SlotKey, Slot>> rest;
    private SlotKey key;
    private Slot slot;

    Head(Iterator<Map.Entry<SlotKey, Slot>> rest) {
      this.rest = rest;
    }

    /** Moves to the next slot that is free at {@code now} and starts before {@code to}; false when there is none. */
    boolean advance(Instant now, long toSecond) {
      while (rest.hasNext()) {
        Map.Entry<SlotKey, Slot> e = rest.next();
        if (e.getKey().startEpochSecond() >= toSecond) {
          return false;
        }
        if (e.getValue().statusAt(now) == SlotStatus.FREE) {
          key = e.getKey();
          slot = e.getValue();
          return true;
        }
      }
      return false;
    }

    @Override
    public int compareTo(Head o) {
      return key.compareTo(o.key);
    }
  }

  private static boolean matches(Slot s, SlotQuery q) {
    return (q.specialty() == null || q.specialty().equals(s.specialty()))
        && (q.hospital() == null || q.hospital().equals(s.hospital()))
        && (q.region() == null || q.region().equals(s.region()))
        && (q.mode() == null || q.mode() == s.mode())
        && (q.language() == null || s.languages().contains(q.language()));
  }

  static SlotKey key(Slot s) {
    return new SlotKey(s.start().getEpochSecond(), s.id());
  }
}
