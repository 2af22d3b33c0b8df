package io.konsil.bench.booking;

import io.konsil.bench.harness.OnContext;
import io.konsil.bench.harness.Table;
import io.konsil.common.redis.RedisGateway;
import io.konsil.common.room.RoomName;
import io.konsil.scheduler.Stores;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.BookCommand;
import io.konsil.scheduler.booking.Booked;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Redis memory of the booking data: {@code used_memory} before and after writing {@code slots} slots and then booking
 * {@code appointments} of them through the store (with everything a booking writes: appointment, indexes,
 * idempotency record), and {@code MEMORY USAGE} of each kind of key (docs/operations.md, key schema). Then what that
 * means for a region: 60 hospitals, 2 million slots a year.
 */
final class RedisMemory {
  private static final int HOSPITALS = 60;
  private static final int CLINICIANS_PER_HOSPITAL = 10;
  private static final long REGION_SLOTS_PER_YEAR = 2_000_000;
  /** Share of a year's slots that become appointments, for the sizing only. */
  private static final double BOOKED_SHARE = 0.75;

  private RedisMemory() {}

  static void measure(Context context, RedisGateway gateway, Stores stores, String config, int slotCount,
                      int appointmentCount) {
    OnContext.await(context, () -> gateway.call(c -> c.flushall()));
    long empty = usedMemory(context, gateway);
    List<Slot> slots = slots(slotCount);
    for (int i = 0; i < slots.size(); i += 2_000) {
      List<Slot> chunk = slots.subList(i, Math.min(slots.size(), i + 2_000));
      OnContext.await(context, () -> stores.booking().addSlots(chunk));
    }
    long withSlots = usedMemory(context, gateway);
    List<Booked> booked = book(context, stores, slots.subList(0, appointmentCount));
    long withAppointments = usedMemory(context, gateway);
    double perSlot = (withSlots - empty) / (double) slotCount;
    double perAppointment = (withAppointments - withSlots) / (double) appointmentCount;

    Slot free = slots.get(slots.size() - 1);
    io.konsil.scheduler.booking.Appointment a = booked.get(0).appointment();
    Slot taken = slots.stream().filter(s -> s.id().equals(a.slotId())).findFirst().orElseThrow();
    String root = "konsil:{h:" + taken.hospital() + "}";
    String appointment = a.id();
    String offering = taken.clinicianId() + "|" + taken.specialty() + "|" + taken.mode().wire() + "|"
        + taken.region() + "|nb";
    Table keys = new Table("Redis memory by key (" + config + ")", "key", "kind", "MEMORY USAGE bytes");
    keys.row("konsil:{h:H}:slot:ID (free)", "hash",
        usage(context, gateway, "konsil:{h:" + free.hospital() + "}:slot:" + free.id()));
    keys.row("konsil:{h:H}:slot:ID (booked)", "hash", usage(context, gateway, root + ":slot:" + taken.id()));
    keys.row("konsil:{h:H}:appointment:ID", "hash", usage(context, gateway, root + ":appointment:" + appointment));
    keys.row("konsil:slot:ID:hospital", "string", usage(context, gateway, "konsil:slot:" + taken.id() + ":hospital"));
    keys.row("konsil:appointment:ID:hospital", "string",
        usage(context, gateway, "konsil:appointment:" + appointment + ":hospital"));
    keys.row("konsil:room:ROOM:appointment", "string",
        usage(context, gateway, "konsil:room:" + booked.get(0).appointment().room() + ":appointment"));
    keys.row("konsil:patient:P:appointments (1 member)", "set",
        usage(context, gateway, "konsil:patient:" + booked.get(0).appointment().patientId() + ":appointments"));
    keys.row("konsil:caller:C:idempotency:KEY (7 days)", "string", usage(context, gateway, "konsil:caller:"
        + booked.get(0).appointment().patientId() + ":idempotency:key"));
    keys.row("konsil:{h:H}:open:OFFERING, per slot", "zset", perMember(context, gateway, root + ":open:" + offering));
    keys.row("konsil:{h:H}:open, per slot", "zset", perMember(context, gateway, root + ":open"));
    keys.row("konsil:{h:H}:slots:CLINICIAN, per slot", "zset",
        perMember(context, gateway, root + ":slots:" + taken.clinicianId()));
    keys.row("konsil:{h:H}:agenda:CLINICIAN, per appointment", "zset",
        perMember(context, gateway, root + ":agenda:" + taken.clinicianId()));
    keys.note("MEMORY USAGE includes the key's own overhead; zsets are divided by their members");
    keys.print();

    double appointments = REGION_SLOTS_PER_YEAR * BOOKED_SHARE;
    double total = REGION_SLOTS_PER_YEAR * perSlot + appointments * perAppointment;
    Table sizing = new Table("Redis memory per slot and appointment, and a region's year (" + config + ")",
        "what", "bytes", "for a region's year");
    sizing.row("per slot (used_memory / " + slotCount + " slots, all indexes)", Table.f0(perSlot),
        gib(REGION_SLOTS_PER_YEAR * perSlot) + " for 2,000,000 slots");
    sizing.row("per appointment (used_memory / " + appointmentCount + " bookings, all indexes)",
        Table.f0(perAppointment), gib(appointments * perAppointment) + " for " + Table.f0(appointments));
    sizing.row("a region's year: 60 hospitals, 2 M slots, 75 % booked", "", gib(total));
    sizing.note(slotCount + " slots at " + HOSPITALS + " hospitals x " + CLINICIANS_PER_HOSPITAL
        + " clinicians, 30-minute slots, two offerings each; " + appointmentCount + " booked through the store");
    sizing.note("a booking also keeps an idempotency record for 7 days; past slots are not pruned (docs/operations.md)");
    sizing.print();
  }

  private static List<Slot> slots(int n) {
    Instant base = Instant.now().plus(Duration.ofDays(1));
    List<Slot> slots = new ArrayList<>(n);
    int clinicians = HOSPITALS * CLINICIANS_PER_HOSPITAL;
    for (int i = 0; i < n; i++) {
      int c = i % clinicians;
      long k = i / clinicians;
      String hospital = String.format("MH%02d", c % HOSPITALS);
      Instant start = base.plus(Duration.ofMinutes(30 * k));
      SlotMode mode = (k / 8) % 2 == 0 ? SlotMode.VIDEO : SlotMode.IN_PERSON;
      slots.add(Slot.free("mc-" + c + "-" + k, "mc-" + c, hospital, "helse-vest", "cardiology", mode, List.of("nb"),
          start, start.plus(Duration.ofMinutes(30))));
    }
    return slots;
  }

  private static List<Booked> book(Context context, Stores stores, List<Slot> slots) {
    List<Booked> booked = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    OnContext.await(context, () -> {
      List<Future<Void>> lanes = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        lanes.add(lane(stores, slots, next, booked));
      }
      return Future.all(lanes).mapEmpty();
    });
    return booked;
  }

  private static Future<Void> lane(Stores stores, List<Slot> slots, AtomicInteger next, List<Booked> booked) {
    int i = next.getAndIncrement();
    if (i >= slots.size()) {
      return Future.succeededFuture();
    }
    String patient = "patient-" + i;
    BookCommand book = new BookCommand(patient, "key", "{\"slotId\":\"" + slots.get(i).id() + "\"}",
        slots.get(i).id(), null, patient, "Patient " + i, AppointmentKind.SPECIALIST_CONSULTATION, null,
        "a-" + java.util.UUID.randomUUID(), RoomName.newRoom(), Instant.now());
    return stores.booking().book(book).compose(b -> {
      booked.add(b);
      return lane(stores, slots, next, booked);
    });
  }

  private static long usedMemory(Context context, RedisGateway gateway) {
    String info = OnContext.await(context, () -> gateway.call(c -> c.info("memory")));
    return info.lines().filter(l -> l.startsWith("used_memory:")).map(l -> Long.parseLong(l.substring(12).trim()))
        .findFirst().orElseThrow();
  }

  private static String usage(Context context, RedisGateway gateway, String key) {
    Long bytes = OnContext.await(context, () -> gateway.call(c -> c.memoryUsage(key)));
    return bytes == null ? "(missing)" : Long.toString(bytes);
  }

  private static String perMember(Context context, RedisGateway gateway, String key) {
    Long bytes = OnContext.await(context, () -> gateway.call(c -> c.memoryUsage(key)));
    Long members = OnContext.await(context, () -> gateway.call(c -> c.zcard(key)));
    return bytes == null || members == null || members == 0 ? "(missing)"
        : Table.f0(bytes / (double) members) + " (" + members + " members)";
  }

  private static String gib(double bytes) {
    return String.format("%.2f GiB", bytes / (1L << 30));
  }
}
