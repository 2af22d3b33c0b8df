package io.konsil.scheduler.booking.redis;

import io.konsil.common.redis.RedisGateway;
import io.konsil.scheduler.booking.Slot;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes slots: first the indexes that find them (the hospitals a search asks, the clinician's hospitals, each slot
 * id's hospital), then the slots through the booking functions, one hospital and one chunk at a time.
 */
final class SlotWriter {
  /** Slots per function call: a few milliseconds of Redis time each, so other clients are not held up. */
  private static final int CHUNK = 256;

  private final RedisGateway gateway;
  private final BookingFunctions functions;
  private final KnownHospitals hospitals;

  SlotWriter(RedisGateway gateway, BookingFunctions functions, KnownHospitals hospitals) {
    this.gateway = gateway;
    this.functions = functions;
    this.hospitals = hospitals;
  }

  Future<Integer> add(List<Slot> slots) {
    Future<Integer> added = Future.succeededFuture(0);
    for (Map.Entry<String, List<Slot>> hospital : byHospital(slots).entrySet()) {
      for (List<Slot> chunk : chunks(hospital.getValue())) {
        added = added.compose(sum -> indexAhead(hospital.getKey(), chunk)
            .compose(homed -> homed.isEmpty() ? Future.succeededFuture(0L)
                : functions.addSlots(hospital.getKey(), homed))
            .map(n -> sum + n.intValue()));
      }
    }
    return added;
  }

  Future<Integer> replaceFree(String clinicianId, Instant from, List<Slot> slots) {
    Map<String, List<Slot>> newByHospital = byHospital(slots);
    return gateway.call(c -> c.smembers(BookingKeys.clinicianHospitals(clinicianId))).compose(known -> {
      Set<String> hospitals = new LinkedHashSet<>(known);
      hospitals.addAll(newByHospital.keySet());
      Future<Integer> free = Future.succeededFuture(0);
      for (String hospital : hospitals) {
        List<Slot> fresh = newByHospital.getOrDefault(hospital, List.of());
        free = free.compose(sum -> indexAhead(hospital, fresh)
            .compose(homed -> functions.replaceFreeSlots(hospital, clinicianId, from, homed))
            .map(n -> sum + n.intValue()));
      }
      return free;
    });
  }

  /**
   * Before slots are written: their hospital joins the searched ones and their clinicians' ones, and each slot id
   * points to the hospital. Returns the slots whose id now points there: an id already used at another hospital is
   * left out (unless no slot is there any more).
   */
  private Future<List<Slot>> indexAhead(String hospital, List<Slot> slots) {
    List<Future<?>> sets = new ArrayList<>();
    sets.add(gateway.call(c -> c.sadd(BookingKeys.HOSPITALS, hospital)));
    slots.stream().map(Slot::clinicianId).distinct()
        .forEach(id -> sets.add(gateway.call(c -> c.sadd(BookingKeys.clinicianHospitals(id), hospital))));
    List<Future<Boolean>> homes = slots.stream().map(s -> home(s.id(), hospital)).toList();
    return Future.all(sets).compose(v -> Future.all(homes)).map(v -> {
      hospitals.add(hospital);
      List<Slot> homed = new ArrayList<>();
      for (int i = 0; i < slots.size(); i++) {
        if (homes.get(i).result()) {
          homed.add(slots.get(i));
        }
      }
      return homed;
    });
  }

  private Future<Boolean> home(String slotId, String hospital) {
    String key = BookingKeys.slotHome(slotId);
    return gateway.call(c -> c.set(key, hospital, SetArgs.Builder.nx())).compose(ok -> "OK".equals(ok)
        ? Future.succeededFuture(true)
        : gateway.call(c -> c.get(key)).compose(current -> hospital.equals(current) || current == null
            ? Future.succeededFuture(true)
            : gateway.call(c -> c.exists(BookingKeys.slot(current, slotId))).compose(n -> n > 0
                ? Future.succeededFuture(false)
                : gateway.call(c -> c.set(key, hospital)).map(true))));
  }

  private static Map<String, List<Slot>> byHospital(List<Slot> slots) {
    Map<String, List<Slot>> by = new LinkedHashMap<>();
    slots.forEach(s -> by.computeIfAbsent(s.hospital(), k -> new ArrayList<>()).add(s));
    return by;
  }

  private static List<List<Slot>> chunks(List<Slot> slots) {
    List<List<Slot>> chunks = new ArrayList<>();
    for (int i = 0; i < slots.size(); i += CHUNK) {
      chunks.add(slots.subList(i, Math.min(slots.size(), i + CHUNK)));
    }
    return chunks;
  }
}
