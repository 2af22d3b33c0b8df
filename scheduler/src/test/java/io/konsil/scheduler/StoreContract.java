package io.konsil.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.error.KonsilException;
import io.konsil.scheduler.booking.Appointment;
import io.konsil.scheduler.booking.AppointmentKind;
import io.konsil.scheduler.booking.AppointmentStatus;
import io.konsil.scheduler.booking.BookCommand;
import io.konsil.scheduler.booking.Booked;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.booking.SlotPage;
import io.konsil.scheduler.booking.SlotQuery;
import io.konsil.scheduler.booking.SlotStatus;
import io.konsil.scheduler.referral.Priority;
import io.konsil.scheduler.referral.Referral;
import io.konsil.scheduler.referral.ReferralQuery;
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

  static Slot offered(String id, String clinician, String hospital, String region, String specialty, SlotMode mode,
                      List<String> languages, Instant start) {
    return Slot.free(id, clinician, hospital, region, specialty, mode, languages, start,
        start.plus(Duration.ofMinutes(30)));
  }

  static SlotQuery query(String specialty, String hospital, String region, SlotMode mode, String language, int limit,
                         SlotQuery.SlotKey after) {
    return new SlotQuery(specialty, hospital, region, mode, language, null, null, limit, after);
  }

  static List<String> ids(SlotPage page) {
    return page.items().stream().map(Slot::id).toList();
  }

  /** 30,000 common slots over the next days, far more than a store should read to answer one page. */
  private List<Slot> crowd() {
    List<Slot> crowd = new ArrayList<>();
    for (int c = 0; c < 100; c++) {
      for (int h = 0; h < 300; h++) {
        crowd.add(offered("crowd-" + c + "-" + h, "crowd-" + c, "H" + (c % 10), c % 10 < 5 ? "east" : "west",
            "cardiology", SlotMode.VIDEO, List.of("nb"), NOW.plus(Duration.ofHours(1 + h))));
      }
    }
    return crowd;
  }

  @Test
  void aRareFilterWhoseMatchesAreFarAheadStillGetsAFullPage() throws Exception {
    List<Slot> slots = crowd();
    Instant farAhead = NOW.plus(Duration.ofDays(60));
    for (int i = 0; i < 12; i++) {
      slots.add(offered(String.format("rare-%02d", i), "so-speaker", "H3", "west", "dermatology", SlotMode.IN_PERSON,
          List.of("nb", "so"), farAhead.plus(Duration.ofHours(i))));
    }
    await(stores.booking().addSlots(slots));
    List<String> expected = slots.subList(slots.size() - 12, slots.size()).stream().map(Slot::id).toList();
    for (SlotQuery q : List.of(query(null, null, null, null, "so", 10, null),
        query("dermatology", null, null, null, null, 10, null),
        query(null, null, null, SlotMode.IN_PERSON, null, 10, null),
        query(null, null, "west", SlotMode.IN_PERSON, "so", 10, null))) {
      SlotPage first = await(stores.booking().search(q, NOW));
      assertEquals(expected.subList(0, 10), ids(first), q.toString());
      assertEquals(new SlotQuery.SlotKey(farAhead.plus(Duration.ofHours(9)).getEpochSecond(), "rare-09"), first.next());
      SlotPage second = await(stores.booking().search(new SlotQuery(q.specialty(), q.hospital(), q.region(), q.mode(),
          q.language(), null, null, 10, first.next()), NOW));
      assertEquals(expected.subList(10, 12), ids(second));
      assertNull(second.next());
    }
  }

  @Test
  void aSearchThatMatchesNothingIsAnEmptyLastPage() throws Exception {
    await(stores.booking().addSlots(crowd()));
    for (SlotQuery q : List.of(query(null, null, null, null, "sme", 10, null),
        query("psychiatry", null, null, null, null, 10, null),
        query("cardiology", "H1", "west", null, null, 10, null),
        query(null, "nowhere", null, null, null, 10, null),
        query(null, null, null, SlotMode.IN_PERSON, null, 10, null),
        new SlotQuery(null, null, null, null, null, null, NOW.plus(Duration.ofMinutes(30)), 10, null))) {
      SlotPage page = await(stores.booking().search(q, NOW));
      assertEquals(List.of(), page.items(), q.toString());
      assertNull(page.next(), q.toString());
    }
  }

  @Test
  void pagingWhileOthersBookReturnsEveryStillFreeSlotOnceInOrder() throws Exception {
    List<Slot> slots = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      for (int h = 0; h < 24; h++) {
        // Clinicians share start times, so ties are broken by id across clinicians.
        slots.add(offered("s-" + (char) ('e' - c) + "-" + String.format("%02d", h), "c" + c, "H" + (c % 3),
            c < 3 ? "east" : "west", "cardiology", h % 3 == 0 ? SlotMode.IN_PERSON : SlotMode.VIDEO, List.of("nb"),
            NOW.plus(Duration.ofHours(1 + h / 2))));
      }
    }
    await(stores.booking().addSlots(slots));
    List<SlotQuery.SlotKey> order = slots.stream()
        .map(s -> new SlotQuery.SlotKey(s.start().getEpochSecond(), s.id()))
        .sorted()
        .toList();
    java.util.Set<String> taken = new java.util.HashSet<>();
    List<String> seen = new ArrayList<>();
    SlotQuery.SlotKey after = null;
    int bookings = 0;
    for (int pages = 0; pages < 100; pages++) {
      SlotPage page = await(stores.booking().search(query(null, null, null, null, null, 7, after), NOW));
      page.items().forEach(s -> seen.add(s.id()));
      if (page.next() == null) {
        break;
      }
      assertEquals(7, page.items().size(), "only the last page may be short");
      after = page.next();
      // Someone books the slot that would come next, one a little further on, and one already seen; another holds one.
      List<String> ahead = new ArrayList<>();
      for (SlotQuery.SlotKey k : order) {
        if (k.compareTo(after) > 0 && !taken.contains(k.id())) {
          ahead.add(k.id());
        }
      }
      for (String id : ahead.size() > 4 ? List.of(ahead.get(0), ahead.get(3)) : List.<String>of()) {
        await(stores.booking().book(book("p" + bookings, "k", id, null, NOW)));
        taken.add(id);
        bookings++;
      }
      if (ahead.size() > 6) {
        await(stores.booking().hold(ahead.get(5), "holder", Duration.ofMinutes(5), NOW));
        taken.add(ahead.get(5));
      }
      await(stores.booking().book(book("p" + bookings, "k", seen.get(seen.size() - 1), null, NOW)));
      bookings++;
    }
    List<String> expected = order.stream().map(SlotQuery.SlotKey::id).filter(id -> !taken.contains(id)).toList();
    assertEquals(expected, seen);
    assertTrue(bookings > 20, "bookings happened between pages");
  }

  @Test
  void aSearchNeverOffersASlotWhoseHoldOrBookingWasDoneBeforeItStarted() throws Exception {
    List<Slot> slots = new ArrayList<>();
    for (int c = 0; c < 20; c++) {
      for (int h = 0; h < 20; h++) {
        slots.add(offered("c" + c + "-" + h, "c" + c, "H" + (c % 4), "east", c % 2 == 0 ? "cardiology" : "neurology",
            SlotMode.VIDEO, List.of("nb"), NOW.plus(Duration.ofHours(1 + h))));
      }
    }
    await(stores.booking().addSlots(slots));
    java.util.Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicInteger searches = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Callable<Void>> work = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int worker = w;
      work.add(() -> {
        for (int i = worker; i < slots.size(); i += 2) {
          int searched = searches.get();
          String id = slots.get(i).id();
          if (i % 3 == 0) {
            await(stores.booking().hold(id, "p" + i, Duration.ofMinutes(5), NOW));
          } else {
            await(stores.booking().book(book("p" + i, "k", id, null, NOW)));
          }
          done.add(id);
          // Let a search run between two steps, so searches and writes really interleave.
          long until = System.nanoTime() + 1_000_000_000L;
          while (searches.get() == searched && System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        }
        return null;
      });
    }
    List<String> offeredAfterTaken = java.util.Collections.synchronizedList(new ArrayList<>());
    for (String specialty : java.util.Arrays.asList(null, "cardiology")) {
      work.add(() -> {
        while (done.size() < slots.size()) {
          java.util.Set<String> before = java.util.Set.copyOf(done);
          SlotPage page = await(stores.booking().search(query(specialty, null, null, null, null, 20, null), NOW));
          page.items().stream().map(Slot::id).filter(before::contains).forEach(offeredAfterTaken::add);
          searches.incrementAndGet();
        }
        return null;
      });
    }
    for (var f : pool.invokeAll(work)) {
      f.get();
    }
    pool.shutdown();
    assertEquals(List.of(), offeredAfterTaken);
    assertTrue(searches.get() >= slots.size() / 2, "searches ran while slots were taken: " + searches.get());
    assertTrue(await(stores.booking().search(query(null, null, null, null, null, 20, null), NOW)).items().isEmpty());
  }

  @Test
  void everySearchAgreesWithANaiveFilterOfAllFreeSlots() throws Exception {
    java.util.Random random = new java.util.Random(7);
    String[] specialties = {"cardiology", "dermatology", "psychiatry", "neurology", "oncology"};
    String[][] languages = {{"nb"}, {"nb", "en"}, {"nb", "ar"}, {"nb", "en", "so"}};
    List<Slot> slots = new ArrayList<>();
    for (int c = 0; c < 60; c++) {
      String hospital = "H" + (c % 8);
      String region = c % 8 < 4 ? "east" : "west";
      String specialty = specialties[c % specialties.length];
      List<String> langs = List.of(languages[random.nextInt(languages.length)]);
      for (int h = 0; h < 40; h++) {
        slots.add(offered("c" + c + "-" + h, "c" + c, hospital, region, specialty,
            random.nextInt(5) == 0 ? SlotMode.IN_PERSON : SlotMode.VIDEO, langs,
            NOW.plus(Duration.ofMinutes(60 + 30L * random.nextInt(200)))));
      }
    }
    await(stores.booking().addSlots(slots));
    java.util.Set<String> unavailable = new java.util.HashSet<>();
    for (int i = 0; i < 300; i++) {
      Slot s = slots.get(random.nextInt(slots.size()));
      if (await(stores.booking().slot(s.id())).status() != SlotStatus.FREE) {
        continue;
      }
      switch (i % 3) {
        case 0 -> {
          await(stores.booking().book(book("p" + i, "k", s.id(), null, NOW)));
          unavailable.add(s.id());
        }
        case 1 -> {
          await(stores.booking().hold(s.id(), "p" + i, Duration.ofMinutes(10), NOW));
          unavailable.add(s.id());
        }
        default -> await(stores.booking().hold(s.id(), "p" + i, Duration.ofMinutes(5), NOW)); // lapsed at `at`
      }
    }
    Instant at = NOW.plus(Duration.ofMinutes(6));
    for (int i = 0; i < 300; i++) {
      String specialty = random.nextInt(3) == 0 ? specialties[random.nextInt(specialties.length)] : null;
      String hospital = random.nextInt(5) == 0 ? "H" + random.nextInt(9) : null;
      String region = random.nextInt(4) == 0 ? (random.nextBoolean() ? "east" : "west") : null;
      SlotMode mode = random.nextInt(4) == 0 ? SlotMode.values()[random.nextInt(SlotMode.values().length)] : null;
      String language = random.nextInt(4) == 0 ? new String[] {"en", "ar", "so", "sme"}[random.nextInt(4)] : null;
      Instant from = random.nextInt(3) == 0 ? NOW.plus(Duration.ofMinutes(30L * random.nextInt(200))) : null;
      Instant to = random.nextInt(3) == 0 ? NOW.plus(Duration.ofMinutes(30L * random.nextInt(220))) : null;
      int limit = 1 + random.nextInt(15);
      long floor = (from != null && from.isAfter(at) ? from : at).getEpochSecond();
      List<String> expected = slots.stream()
          .filter(s -> !unavailable.contains(s.id()) && s.start().getEpochSecond() >= floor
              && (to == null || s.start().isBefore(to))
              && (specialty == null || specialty.equals(s.specialty()))
              && (hospital == null || hospital.equals(s.hospital()))
              && (region == null || region.equals(s.region()))
              && (mode == null || mode == s.mode())
              && (language == null || s.languages().contains(language)))
          .sorted(java.util.Comparator.comparing(Slot::start).thenComparing(Slot::id))
          .map(Slot::id)
          .toList();
      List<String> paged = new ArrayList<>();
      SlotQuery.SlotKey after = null;
      for (int pages = 0; pages <= expected.size(); pages++) {
        SlotPage page = await(stores.booking().search(new SlotQuery(specialty, hospital, region, mode, language, from,
            to, limit, after), at));
        paged.addAll(ids(page));
        if (page.next() == null) {
          break;
        }
        assertEquals(limit, page.items().size());
        after = page.next();
      }
      String what = specialty + " " + hospital + " " + region + " " + mode + " " + language + " " + from + " " + to;
      assertEquals(expected, paged, what);
    }
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
  void aReleasedHoldFreesTheSlotAtOnceButOnlyTheHolderCanReleaseIt() throws Exception {
    await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1))));
    SlotQuery all = new SlotQuery(null, null, null, null, null, null, null, 10, null);
    var hold = await(stores.booking().hold("s1", "kari", Duration.ofMinutes(5), NOW));
    assertFalse(await(stores.booking().release("s1", hold.holdId(), "ola", NOW)), "not ola's hold");
    assertFalse(await(stores.booking().release("s1", "h-other", "kari", NOW)), "not this hold");
    assertTrue(await(stores.booking().search(all, NOW)).items().isEmpty(), "still held");
    assertTrue(await(stores.booking().release("s1", hold.holdId(), "kari", NOW)));
    assertEquals(List.of("s1"), await(stores.booking().search(all, NOW)).items().stream().map(s -> s.id()).toList());
    assertFalse(await(stores.booking().release("s1", hold.holdId(), "kari", NOW)), "released once");
    assertEquals("ola", await(stores.booking().book(book("ola", "o", "s1", null, NOW))).appointment().patientId());
    assertFalse(await(stores.booking().release("s1", hold.holdId(), "kari", NOW)), "booked meanwhile");
    assertEquals("not-found", failure(stores.booking().release("nope", "h", "kari", NOW)).code());
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
  void appointmentsBookedForPatientsAreListedByTheirBookerWhereverTheyMove() throws Exception {
    await(stores.booking().addSlots(List.of(slot("s1", "c1", "H1", 1), slot("s2", "c2", "H2", 2),
        slot("s3", "c2", "H2", 30), slot("s4", "c1", "H1", 3))));
    BookCommand forKari = new BookCommand("gp-1", "g1", "fp-s1", "s1", null, "kari", null,
        AppointmentKind.SPECIALIST_CONSULTATION, null, "a-g1", "room-g1", NOW);
    BookCommand forOla = new BookCommand("gp-1", "g2", "fp-s3", "s3", null, "ola", null,
        AppointmentKind.SPECIALIST_CONSULTATION, null, "a-g2", "room-g2", NOW);
    Appointment kari = await(stores.booking().book(forKari)).appointment();
    Appointment ola = await(stores.booking().book(forOla)).appointment();
    await(stores.booking().book(book("aisha", "a", "s4", null, NOW)));
    assertEquals("gp-1", kari.bookedBy());
    assertEquals(List.of(kari.id(), ola.id()), ids(stores.booking().appointmentsBookedBy("gp-1", null, null)));
    assertEquals(List.of(kari.id()), ids(stores.booking().appointmentsBookedBy("gp-1", NOW,
        NOW.plus(Duration.ofDays(1)))));
    assertEquals(List.of(), ids(stores.booking().appointmentsBookedBy("aisha", null, null)),
        "a patient booking for themselves is nobody's booker");
    await(stores.booking().reschedule(kari.id(), "s2", null, "gp-1", NOW));
    await(stores.booking().cancel(ola.id(), NOW));
    List<Appointment> after = await(stores.booking().appointmentsBookedBy("gp-1", null, null));
    assertEquals(List.of(kari.id(), ola.id()), after.stream().map(Appointment::id).toList());
    assertEquals("c2", after.get(0).clinicianId(), "moved to another hospital's clinician, still theirs");
    assertEquals(AppointmentStatus.CANCELLED, after.get(1).status());
  }

  private static List<String> ids(Future<List<Appointment>> list) throws Exception {
    return await(list).stream().map(Appointment::id).toList();
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
  void hospitalsKeepTheirOrganisationNumberWhenTheyHaveOne() throws Exception {
    await(stores.network().putHospital(new io.konsil.scheduler.network.Hospital("H1", "One", "east", "Trust",
        "123456785")));
    await(stores.network().putHospital(new io.konsil.scheduler.network.Hospital("H2", "Two", "west", "Trust")));
    assertEquals("123456785", await(stores.network().hospital("H1")).orgNumber());
    assertNull(await(stores.network().hospital("H2")).orgNumber());
    assertEquals(2, await(stores.network().hospitals()).size());
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
