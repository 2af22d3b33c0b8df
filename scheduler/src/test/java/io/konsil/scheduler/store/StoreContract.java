package io.konsil.scheduler.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.error.KonsilException;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.booking.SlotStatus;
import io.konsil.scheduler.referral.Priority;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralStatus;
import io.konsil.scheduler.secondopinion.SecondOpinion;
import io.konsil.scheduler.secondopinion.SecondOpinionStatus;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every implementation of the scheduler's store ports must have. Run against the in-memory store now;
 * the Redis store extends this class and must pass it unchanged.
 */
public abstract class StoreContract {
  protected static final Instant NOW = Instant.parse("2030-03-04T07:00:00Z");
  protected Stores stores;

  /** A fresh, empty set of stores. */
  protected abstract Stores newStores() throws Exception;

  @BeforeEach
  void fresh() throws Exception {
    stores = newStores();
  }

  /** Waits for a store future; tests of a store port need no event loop. */
  protected static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  protected static KonsilException failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      return (KonsilException) e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  static Slot slot(String id, String clinician, String hospital, long hoursFromNow) {
    Instant start = NOW.plus(Duration.ofHours(hoursFromNow));
    return Slot.free(id, clinician, hospital, hospital.equals("H1") ? "east" : "west", "cardiology", SlotMode.VIDEO,
        List.of("nb"), start, start.plus(Duration.ofMinutes(30)));
  }

  static BookCommand book(String caller, String key, String slotId, String holdId, Instant now) {
    return new BookCommand(caller, key, "fp-" + slotId, slotId, holdId, caller, null,
        AppointmentKind.SPECIALIST_CONSULTATION, null, "a-" + caller + "-" + key, "room-" + caller + "-" + key, now);
  }

  @Test
  void addingTheSameSlotsTwiceAddsThemOnce() throws Exception {
    assertEquals(2, await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1), slot("s2", "c1", "H1", 2)))));
    assertEquals(0, await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1)))));
    assertEquals(SlotStatus.FREE, await(stores.booking().slot("s1")).status());
    assertNull(await(stores.booking().slot("nope")));
  }

  @Test
  void searchIsEarliestFirstFilteredAndPagedAfterAKey() throws Exception {
    await(stores.booking().addSlots(List.of(slot("b", "c2", "H2", 1), slot("a", "c1", "H1", 1),
        slot("c", "c1", "H1", 2), slot("past", "c1", "H1", -1))));
    SlotPage first = await(stores.booking().search(new SlotQuery(null, null, null, null, null, null, null, 2, null), NOW));
    assertEquals(List.of("a", "b"), first.items().stream().map(Slot::id).toList());
    SlotPage second = await(stores.booking().search(
        new SlotQuery(null, null, null, null, null, null, null, 2, first.next()), NOW));
    assertEquals(List.of("c"), second.items().stream().map(Slot::id).toList());
    assertNull(second.next());
    SlotPage h2 = await(stores.booking().search(new SlotQuery(null, "H2", null, null, null, null, null, 10, null), NOW));
    assertEquals(List.of("b"), h2.items().stream().map(Slot::id).toList());
    SlotPage west = await(stores.booking().search(new SlotQuery("cardiology", null, "west", SlotMode.VIDEO, "nb",
        null, null, 10, null), NOW));
    assertEquals(List.of("b"), west.items().stream().map(Slot::id).toList());
  }

  @Test
  void aHoldBlocksOthersUntilItExpires() throws Exception {
    await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1))));
    var hold = await(stores.booking().hold("s1", "kari", Duration.ofMinutes(5), NOW));
    assertEquals("slot-unavailable", failure(stores.booking().hold("s1", "ola", Duration.ofMinutes(5), NOW)).code());
    assertEquals("slot-unavailable", failure(stores.booking().book(book("ola", "k", "s1", null, NOW))).code());
    assertTrue(await(stores.booking().search(new SlotQuery(null, null, null, null, null, null, null, 10, null), NOW))
        .items().isEmpty());
    Instant later = NOW.plus(Duration.ofMinutes(6));
    assertEquals(1, await(stores.booking().search(
        new SlotQuery(null, null, null, null, null, null, null, 10, null), later)).items().size());
    assertEquals("kari", await(stores.booking().book(book("kari", "k", "s1", hold.holdId(), NOW))).appointment()
        .patientId());
    assertEquals("not-found", failure(stores.booking().hold("nope", "ola", Duration.ofMinutes(5), NOW)).code());
  }

  @Test
  void bookingReplaysTheSameKeyAndRefusesItWithAnotherBody() throws Exception {
    await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1), slot("s2", "c1", "H1", 2))));
    Booked first = await(stores.booking().book(book("kari", "k", "s1", null, NOW)));
    assertTrue(first.created());
    Booked again = await(stores.booking().book(book("kari", "k", "s1", null, NOW)));
    assertFalse(again.created());
    assertEquals(first.appointment().id(), again.appointment().id());
    assertEquals(first.appointment().id(), await(stores.booking().replay("kari", "k", "fp-s1")).appointment().id());
    assertNull(await(stores.booking().replay("ola", "k", "fp-s1")));
    assertEquals("idempotency-key-reused", failure(stores.booking().book(book("kari", "k", "s2", null, NOW))).code());
    assertEquals(SlotStatus.FREE, await(stores.booking().slot("s2")).status());
  }

  @Test
  void concurrentBookingsOfOneSlotHaveExactlyOneWinner() throws Exception {
    await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1))));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    AtomicInteger won = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    List<Callable<Void>> attempts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String caller = "p" + i;
      attempts.add(() -> {
        try {
          await(stores.booking().book(book(caller, "k", "s1", null, NOW)));
          won.incrementAndGet();
        } catch (java.util.concurrent.ExecutionException e) {
          assertEquals("slot-unavailable", ((KonsilException) e.getCause()).code());
          lost.incrementAndGet();
        }
        return null;
      });
    }
    pool.invokeAll(attempts);
    pool.shutdown();
    assertEquals(1, won.get());
    assertEquals(199, lost.get());
  }

  @Test
  void cancelFreesTheSlotAndRescheduleMovesIt() throws Exception {
    await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1), slot("s2", "c2", "H2", 2))));
    Appointment a = await(stores.booking().book(book("kari", "k", "s1", null, NOW))).appointment();
    Appointment moved = await(stores.booking().reschedule(a.id(), "s2", null, "kari", NOW));
    assertEquals("s2", moved.slotId());
    assertEquals("c2", moved.clinicianId());
    assertEquals(a.room(), moved.room());
    assertEquals(SlotStatus.FREE, await(stores.booking().slot("s1")).status());
    assertEquals(List.of(), await(stores.booking().appointmentsOfClinician("c1", NOW, NOW.plus(Duration.ofDays(1)))));
    assertEquals(List.of(a.id()), await(stores.booking().appointmentsOfClinician("c2", NOW,
        NOW.plus(Duration.ofDays(1)))).stream().map(Appointment::id).toList());
    Appointment cancelled = await(stores.booking().cancel(a.id(), NOW));
    assertEquals(AppointmentStatus.CANCELLED, cancelled.status());
    assertEquals(SlotStatus.FREE, await(stores.booking().slot("s2")).status());
    assertEquals("invalid-transition", failure(stores.booking().cancel(a.id(), NOW)).code());
    assertEquals(a.id(), await(stores.booking().appointmentByRoom(a.room())).id());
    assertEquals(1, await(stores.booking().appointmentsOfPatient("kari")).size());
  }

  @Test
  void appointmentTransitionsAreCompareAndSet() throws Exception {
    await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1))));
    Appointment a = await(stores.booking().book(book("kari", "k", "s1", null, NOW))).appointment();
    assertEquals(AppointmentStatus.ARRIVED, await(stores.booking().transition(a.id(), AppointmentStatus.ARRIVED)).status());
    assertEquals("invalid-transition", failure(stores.booking().transition(a.id(), AppointmentStatus.FULFILLED)).code());
    assertEquals("not-found", failure(stores.booking().transition("nope", AppointmentStatus.ARRIVED)).code());
  }

  @Test
  void replacingFreeSlotsKeepsBookedOnesAndDropsClashes() throws Exception {
    await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1), slot("s2", "c1", "H1", 2))));
    await(stores.booking().book(book("kari", "k", "s1", null, NOW)));
    Slot clash = slot("new-1", "c1", "H1", 1);
    Slot fresh = slot("new-2", "c1", "H1", 5);
    assertEquals(1, await(stores.booking().replaceFreeSlots("c1", NOW, List.of(clash, fresh))));
    assertNull(await(stores.booking().slot("s2")));
    assertNull(await(stores.booking().slot("new-1")));
    assertEquals(SlotStatus.BOOKED, await(stores.booking().slot("s1")).status());
  }

  @Test
  void referralTransitionsFollowTheirStatusRules() throws Exception {
    Referral r = new Referral("r1", "kari", null, "gp", null, "cardiology", Priority.URGENT, "q", LocalDate.of(2030, 5, 1),
        true, null, ReferralStatus.RECEIVED, NOW, null, null, null);
    await(stores.referrals().put(r));
    assertEquals("invalid-transition", failure(stores.referrals().transition("r1", null, ReferralStatus.SCHEDULED,
        null, null, "a1")).code());
    assertEquals("invalid-transition", failure(stores.referrals().transition("r1", ReferralStatus.ASSESSED,
        ReferralStatus.SCHEDULED, null, null, "a1")).code());
    Referral assessed = await(stores.referrals().transition("r1", null, ReferralStatus.ASSESSED, "spec", "ok", null));
    assertEquals("spec", assessed.assessedBy());
    assertEquals("a1", await(stores.referrals().transition("r1", ReferralStatus.ASSESSED, ReferralStatus.SCHEDULED,
        null, null, "a1")).appointmentId());
    assertEquals(List.of("r1"), await(stores.referrals().list(new ReferralQuery("kari", null, null))).stream()
        .map(Referral::id).toList());
    assertEquals(List.of(), await(stores.referrals().list(new ReferralQuery(null, null, java.util.Set.of("derm")))));
    assertEquals("not-found", failure(stores.referrals().transition("nope", null, ReferralStatus.ASSESSED, null, null,
        null)).code());
  }

  @Test
  void aSecondOpinionIsAcceptedOnlyOnce() throws Exception {
    await(stores.secondOpinions().put(new SecondOpinion("so1", "gp", null, null, "cardiology", "q", null, List.of(),
        SecondOpinionStatus.OPEN, NOW, null, null, null, null, null, null)));
    SecondOpinion accepted = await(stores.secondOpinions().accept("so1", "spec-1", null, "room-1", null, NOW,
        NOW.plus(Duration.ofHours(1))));
    assertEquals(SecondOpinionStatus.ACCEPTED, accepted.status());
    assertEquals("invalid-transition", failure(stores.secondOpinions().accept("so1", "spec-2", null, "room-2", null,
        NOW, NOW)).code());
    assertEquals("spec-1", await(stores.secondOpinions().byRoom("room-1")).acceptedBy());
    assertNull(await(stores.secondOpinions().byRoom("room-2")));
  }

  @Test
  void aSecondOpinionIsCompletedOnlyAfterItWasAccepted() throws Exception {
    await(stores.secondOpinions().put(new SecondOpinion("so2", "gp", null, null, "cardiology", "q", null, List.of(),
        SecondOpinionStatus.OPEN, NOW, null, null, null, null, null, null)));
    assertEquals("invalid-transition", failure(stores.secondOpinions().complete("so2")).code());
    await(stores.secondOpinions().accept("so2", "spec-1", null, "room-3", null, NOW, NOW.plus(Duration.ofHours(1))));
    assertEquals(SecondOpinionStatus.COMPLETED, await(stores.secondOpinions().complete("so2")).status());
    assertEquals(SecondOpinionStatus.COMPLETED, await(stores.secondOpinions().byRoom("room-3")).status());
    assertEquals("invalid-transition", failure(stores.secondOpinions().complete("so2")).code());
    assertEquals("not-found", failure(stores.secondOpinions().complete("nope")).code());
  }

  @Test
  void aMarkerIsClaimedOnce() throws Exception {
    assertTrue(await(stores.network().claimMarker("m")));
    assertFalse(await(stores.network().claimMarker("m")));
  }
}
