package io.konsil.bench.booking;

import io.konsil.bench.booking.RedisBookingBench.Claim;
import io.konsil.bench.harness.OnContext;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.room.RoomName;
import io.konsil.scheduler.Stores;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.BookCommand;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.booking.redis.RedisBookingStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/** The three kinds of claim the Redis booking benchmark races, each with its supply of fresh targets. */
final class ClaimTargets {
  static final int HOSPITALS = 20;
  /** Slots written at a time when a pool runs low (outside the measured rounds). */
  private static final int REFILL = 2_000;

  private final Context context;
  private final RedisGateway gateway;
  private final Stores stores;
  private final Instant base = Instant.now().plus(Duration.ofDays(1));
  private long keys;
  private long slots;

  ClaimTargets(Context context, RedisGateway gateway, Stores stores) {
    this.context = context;
    this.gateway = gateway;
    this.stores = stores;
  }

  /** SET NX on a fresh key: one command, the least a claim can cost. */
  Claim setNx() {
    return new Claim() {
      @Override
      public String name() {
        return "SET NX (baseline)";
      }

      @Override
      public List<String> fresh(int n) {
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          fresh.add("bench:claim:" + keys++);
        }
        return fresh;
      }

      @Override
      public Future<Boolean> attempt(String key, String contender) {
        return gateway.call(c -> c.set(key, contender, SetArgs.Builder.nx())).map("OK"::equals);
      }
    };
  }

  /**
   * {@code konsil_booking_v1_book} called directly, as RedisBookingStore calls it: KEYS[1] is the hospital's root key
   * (docs/operations.md, key schema), then slot, hold, caller, now, appointment id, "fresh id" and the appointment's
   * own fields as JSON.
   */
  Claim function() {
    Deque<Slot> pool = new ArrayDeque<>();
    return new Claim() {
      @Override
      public String name() {
        return "claim function";
      }

      @Override
      public List<String> fresh(int n) {
        return ids(take(pool, n));
      }

      @Override
      public Future<Boolean> attempt(String slotId, String contender) {
        String hospital = slotId.substring(0, slotId.indexOf('/'));
        String now = Long.toString(Instant.now().toEpochMilli());
        String fields = new JsonObject().put("patientId", contender).put("kind", "specialist-consultation")
            .put("room", "r-" + contender).put("createdAt", now).encode();
        return gateway.<List<Object>>fcall(RedisBookingStore.library(), "konsil_booking_v1_book",
                ScriptOutputType.MULTI, new String[] {"konsil:{h:" + hospital + "}"}, slotId, "", contender, now,
                "a-" + contender, "1", fields)
            .map(reply -> "created".equals(reply.get(0)));
      }
    };
  }

  /** The store's whole booking: idempotency claim, write-ahead indexes, the function. */
  Claim store() {
    Deque<Slot> pool = new ArrayDeque<>();
    return new Claim() {
      @Override
      public String name() {
        return "store booking";
      }

      @Override
      public List<String> fresh(int n) {
        return ids(take(pool, n));
      }

      @Override
      public Future<Boolean> attempt(String slotId, String contender) {
        BookCommand book = new BookCommand(contender, "key", "fingerprint", slotId, null, contender, null,
            AppointmentKind.SPECIALIST_CONSULTATION, null, "a-" + UUID.randomUUID(), RoomName.newRoom(),
            Instant.now());
        return stores.booking().book(book).map(true)
            .recover(RedisBookingBench.lostWith("slot-unavailable", false));
      }
    };
  }

  private List<Slot> take(Deque<Slot> pool, int n) {
    if (pool.size() < n) {
      List<Slot> more = newSlots(REFILL);
      OnContext.await(context, () -> stores.booking().addSlots(more));
      pool.addAll(more);
    }
    List<Slot> taken = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      taken.add(pool.poll());
    }
    return taken;
  }

  /** Ten-minute slots, one after the other, spread over the hospitals (one clinician each). */
  List<Slot> newSlots(int n) {
    List<Slot> fresh = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long k = slots++;
      String hospital = String.format("BH%02d", k % HOSPITALS);
      Instant start = base.plus(Duration.ofMinutes(10 * (k / HOSPITALS)));
      fresh.add(Slot.free(hospital + "/" + k, "bc-" + hospital, hospital, "bench-region", "cardiology",
          SlotMode.VIDEO, List.of("nb"), start, start.plus(Duration.ofMinutes(10))));
    }
    return fresh;
  }

  private static List<String> ids(List<Slot> slots) {
    return slots.stream().map(Slot::id).toList();
  }
}
