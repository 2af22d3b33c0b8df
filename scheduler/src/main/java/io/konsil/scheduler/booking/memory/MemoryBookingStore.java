package io.konsil.scheduler.booking.memory;

import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.Hold;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotStatus;
import io.konsil.scheduler.booking.BookCommand;
import io.konsil.scheduler.booking.Booked;
import io.konsil.scheduler.booking.BookingStore;
import io.konsil.scheduler.error.SchedulerError;
import io.konsil.scheduler.booking.SlotPage;
import io.konsil.scheduler.booking.SlotQuery;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The embedded store. Writes are serialised by one lock held for a few microseconds (no I/O inside), the in-process
 * equivalent of a Redis Lua script: each check-and-set on a slot is atomic, so concurrent bookings of one slot have
 * exactly one winner whichever event loops they arrive on. Reads are lock-free; the search index ({@link OpenSlots})
 * holds each open slot's current value, updated in the same locked step as every status change, so once a hold or a
 * booking is done no search offers that slot.
 */
public final class MemoryBookingStore implements BookingStore {

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  /** Slots that are not booked (free or held) with their current value, for the search; see {@link OpenSlots}. */
  private final OpenSlots open = new OpenSlots();
  private final Map<String, Set<String>> slotsByClinician = new ConcurrentHashMap<>();
  private final Map<String, Appointment> appointments = new ConcurrentHashMap<>();
  private final Map<String, String> appointmentByRoom = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> appointmentsByPatient = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> appointmentsByClinician = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> appointmentsByBooker = new ConcurrentHashMap<>();
  private final Set<String> appointmentsWithReferral = ConcurrentHashMap.newKeySet();
  private final Map<String, Replay> idempotency = new ConcurrentHashMap<>();

  private record Replay(String fingerprint, String appointmentId) {}

  @Override
  public Future<Integer> addSlots(List<Slot> newSlots) {
    return locked(() -> {
      Map<String, List<Slot>> taken = new java.util.HashMap<>();
      int added = 0;
      for (Slot s : newSlots) {
        List<Slot> busy = taken.computeIfAbsent(s.clinicianId(), this::takenSlotsOf);
        if (!slots.containsKey(s.id()) && busy.stream().noneMatch(b -> overlap(b, s))) {
          put(s);
          added++;
        }
      }
      return added;
    });
  }

  /** The clinician's held and booked slots: time a new slot must not overlap. */
  private List<Slot> takenSlotsOf(String clinicianId) {
    List<Slot> taken = new ArrayList<>();
    for (String id : slotsByClinician.getOrDefault(clinicianId, Set.of())) {
      Slot s = slots.get(id);
      if (s != null && s.status() != SlotStatus.FREE) {
        taken.add(s);
      }
    }
    return taken;
  }

  private static boolean overlap(Slot a, Slot b) {
    return a.start().isBefore(b.end()) && b.start().isBefore(a.end());
  }

  @Override
  public Future<Integer> replaceFreeSlots(String clinicianId, Instant from, List<Slot> newSlots) {
    return locked(() -> {
      List<Slot> kept = new ArrayList<>();
      for (String id : List.copyOf(slotsByClinician.getOrDefault(clinicianId, Set.of()))) {
        Slot s = slots.get(id);
        if (s.start().isBefore(from) || s.statusAt(from) != SlotStatus.FREE) {
          kept.add(s);
        } else {
          remove(s);
        }
      }
      for (Slot s : newSlots) {
        boolean clash = slots.containsKey(s.id()) || kept.stream().anyMatch(k -> overlap(k, s));
        if (!clash) {
          put(s);
        }
      }
      return (int) slotsByClinician.getOrDefault(clinicianId, Set.of()).stream()
          .map(slots::get)
          .filter(s -> !s.start().isBefore(from) && s.statusAt(from) == SlotStatus.FREE)
          .count();
    });
  }

  @Override
  public Future<Slot> slot(String id) {
    return Future.succeededFuture(id == null ? null : slots.get(id));
  }

  @Override
  public Future<SlotPage> search(SlotQuery q, Instant now) {
    return Future.succeededFuture(open.search(q, now));
  }

  @Override
  public Future<Hold> hold(String slotId, String holderId, Duration ttl, Instant now) {
    return locked(() -> {
      Slot s = slots.get(slotId);
      if (s == null) {
        throw SchedulerError.notFound("Slot");
      }
      if (!s.start().isAfter(now) || s.statusAt(now) != SlotStatus.FREE) {
        throw SchedulerError.slotUnavailable();
      }
      Hold hold = new Hold("h-" + UUID.randomUUID(), slotId, holderId, now.plus(ttl));
      Slot held = s.freedIfLapsed(now).held(hold.holdId(), holderId, hold.expiresAt());
      slots.put(slotId, held);
      // The search reads the slot from the index: it must see the hold as soon as this step is done.
      open.put(held);
      return hold;
    });
  }

  @Override
  public Future<Boolean> release(String slotId, String holdId, String holderId, Instant now) {
    return locked(() -> {
      Slot s = slots.get(slotId);
      if (s == null) {
        throw SchedulerError.notFound("Slot");
      }
      if (!s.isHeldBy(holdId, holderId, now)) {
        return false;
      }
      Slot free = s.freed();
      slots.put(slotId, free);
      open.put(free);
      return true;
    });
  }

  @Override
  public Future<Booked> replay(String callerId, String idempotencyKey, String fingerprint) {
    Replay replay = idempotency.get(callerId + '\n' + idempotencyKey);
    if (replay == null) {
      return Future.succeededFuture();
    }
    if (!replay.fingerprint().equals(fingerprint)) {
      return Future.failedFuture(SchedulerError.idempotencyKeyReused());
    }
    return Future.succeededFuture(new Booked(appointments.get(replay.appointmentId()), false));
  }

  @Override
  public Future<Booked> book(BookCommand c) {
    return locked(() -> {
      String scopedKey = c.callerId() + '\n' + c.idempotencyKey();
      Replay replay = idempotency.get(scopedKey);
      if (replay != null) {
        if (!replay.fingerprint().equals(c.fingerprint())) {
          throw SchedulerError.idempotencyKeyReused();
        }
        return new Booked(appointments.get(replay.appointmentId()), false);
      }
      Slot s = slots.get(c.slotId());
      if (s == null) {
        throw SchedulerError.notFound("Slot");
      }
      if (!s.isBookableBy(c.holdId(), c.callerId(), c.now())) {
        throw SchedulerError.slotUnavailable();
      }
      Slot booked = s.freedIfLapsed(c.now()).booked(c.appointmentId());
      Appointment a = new Appointment(c.appointmentId(), s.id(), c.patientId(), c.patientName(), s.clinicianId(),
          s.hospital(), s.specialty(), s.mode(), s.start(), s.end(), c.kind(), AppointmentStatus.BOOKED, c.room(),
          c.referralId(), c.now(), booked.version(), c.callerId().equals(c.patientId()) ? null : c.callerId());
      unindexOpen(s);
      slots.put(s.id(), booked);
      putAppointment(a);
      idempotency.put(scopedKey, new Replay(c.fingerprint(), a.id()));
      return new Booked(a, true);
    });
  }

  @Override
  public Future<Appointment> cancel(String appointmentId, Instant now) {
    return locked(() -> {
      Appointment a = appointments.get(appointmentId);
      if (a == null) {
        throw SchedulerError.notFound("Appointment");
      }
      if (!a.status().mayMoveTo(AppointmentStatus.CANCELLED)) {
        throw SchedulerError.invalidTransition("Appointment", a.status(), AppointmentStatus.CANCELLED);
      }
      Appointment cancelled = a.withStatus(AppointmentStatus.CANCELLED);
      freeSlotOf(a);
      appointments.put(a.id(), cancelled);
      return cancelled;
    });
  }

  @Override
  public Future<Appointment> reschedule(String appointmentId, String newSlotId, String holdId, String holderId,
                                        Instant now) {
    return locked(() -> {
      Appointment a = appointments.get(appointmentId);
      if (a == null) {
        throw SchedulerError.notFound("Appointment");
      }
      if (a.status() != AppointmentStatus.BOOKED && a.status() != AppointmentStatus.ARRIVED) {
        throw SchedulerError.invalidTransition("Appointment", a.status(), AppointmentStatus.BOOKED);
      }
      Slot target = slots.get(newSlotId);
      if (target == null) {
        throw SchedulerError.notFound("Slot");
      }
      if (target.id().equals(a.slotId()) || !target.isBookableBy(holdId, holderId, now)) {
        throw SchedulerError.slotUnavailable();
      }
      freeSlotOf(a);
      unindexOpen(target);
      Slot booked = target.freedIfLapsed(now).booked(a.id());
      slots.put(target.id(), booked);
      Appointment moved = a.movedTo(booked);
      appointmentsByClinician.getOrDefault(a.clinicianId(), Set.of()).remove(a.id());
      putAppointment(moved);
      return moved;
    });
  }

  @Override
  public Future<Appointment> transition(String appointmentId, AppointmentStatus next) {
    return locked(() -> {
      Appointment a = appointments.get(appointmentId);
      if (a == null) {
        throw SchedulerError.notFound("Appointment");
      }
      if (!a.status().mayMoveTo(next)) {
        throw SchedulerError.invalidTransition("Appointment", a.status(), next);
      }
      Appointment moved = a.withStatus(next);
      appointments.put(a.id(), moved);
      return moved;
    });
  }

  @Override
  public Future<Void> restore(Slot bookedSlot, Appointment appointment) {
    return locked(() -> {
      Slot previous = slots.get(bookedSlot.id());
      if (previous != null) {
        remove(previous);
      }
      put(bookedSlot);
      putAppointment(appointment);
      return null;
    });
  }

  @Override
  public Future<Appointment> appointment(String id) {
    return Future.succeededFuture(id == null ? null : appointments.get(id));
  }

  @Override
  public Future<Appointment> appointmentByRoom(String room) {
    String id = room == null ? null : appointmentByRoom.get(room);
    return Future.succeededFuture(id == null ? null : appointments.get(id));
  }

  @Override
  public Future<List<Appointment>> appointmentsOfPatient(String patientId) {
    return Future.succeededFuture(sorted(appointmentsByPatient.getOrDefault(patientId, Set.of()), null, null));
  }

  @Override
  public Future<List<Appointment>> appointmentsOfClinician(String clinicianId, Instant from, Instant to) {
    return Future.succeededFuture(sorted(appointmentsByClinician.getOrDefault(clinicianId, Set.of()), from, to));
  }

  @Override
  public Future<List<Appointment>> appointmentsBookedBy(String bookerId, Instant from, Instant to) {
    return Future.succeededFuture(sorted(appointmentsByBooker.getOrDefault(bookerId, Set.of()), from, to));
  }

  @Override
  public Future<List<Appointment>> appointmentsWithReferral() {
    return Future.succeededFuture(sorted(appointmentsWithReferral, null, null));
  }

  private List<Appointment> sorted(Set<String> ids, Instant from, Instant to) {
    return ids.stream()
        .map(appointments::get)
        .filter(a -> a != null && (from == null || !a.start().isBefore(from)) && (to == null || a.start().isBefore(to)))
        .sorted(Comparator.comparing(Appointment::start).thenComparing(Appointment::id))
        .toList();
  }

  private void freeSlotOf(Appointment a) {
    Slot old = slots.get(a.slotId());
    if (old != null && a.id().equals(old.appointmentId())) {
      Slot freed = old.freed();
      slots.put(freed.id(), freed);
      indexOpen(freed);
    }
  }

  private void putAppointment(Appointment a) {
    appointments.put(a.id(), a);
    if (a.room() != null) {
      appointmentByRoom.put(a.room(), a.id());
    }
    if (a.patientId() != null) {
      appointmentsByPatient.computeIfAbsent(a.patientId(), k -> ConcurrentHashMap.newKeySet()).add(a.id());
    }
    appointmentsByClinician.computeIfAbsent(a.clinicianId(), k -> ConcurrentHashMap.newKeySet()).add(a.id());
    if (a.bookedBy() != null) {
      appointmentsByBooker.computeIfAbsent(a.bookedBy(), k -> ConcurrentHashMap.newKeySet()).add(a.id());
    }
    if (a.referralId() != null) {
      appointmentsWithReferral.add(a.id());
    }
  }

  private void put(Slot s) {
    slots.put(s.id(), s);
    slotsByClinician.computeIfAbsent(s.clinicianId(), k -> ConcurrentHashMap.newKeySet()).add(s.id());
    if (s.status() != SlotStatus.BOOKED) {
      indexOpen(s);
    }
  }

  private void remove(Slot s) {
    unindexOpen(s);
    slots.remove(s.id());
    slotsByClinician.getOrDefault(s.clinicianId(), Set.of()).remove(s.id());
  }

  private void indexOpen(Slot s) {
    open.put(s);
  }

  private void unindexOpen(Slot s) {
    open.remove(s);
  }

  private <T> Future<T> locked(Supplier<T> step) {
    lock.lock();
    try {
      return Future.succeededFuture(step.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    } finally {
      lock.unlock();
    }
  }
}
