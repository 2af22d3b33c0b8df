package io.konsil.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AuditTrail} does: the memory and the Redis trail run this same suite. */
public abstract class AuditTrailContract {
  protected Vertx vertx;
  protected final TestClock clock = new TestClock(Instant.parse("2026-03-02T08:00:00Z"));

  /** A fresh, empty trail written by node {@code node}. */
  protected abstract AuditTrail trail(String node) throws Exception;

  /** Changes the stored form of entry {@code seq} as an intruder with access to the store would. */
  protected abstract void edit(long seq, UnaryOperator<String> change) throws Exception;

  protected abstract void delete(long seq) throws Exception;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() throws Exception {
    await(vertx.close());
  }

  protected <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static AuditEvent read(String clinician, String hospital, String patient, String appointment) {
    return new AuditEvent(new Actor(clinician, "gp", hospital, "hpr-" + clinician), patient,
        AuditAction.APPOINTMENT_READ, Basis.of(Basis.Kind.APPOINTMENT, appointment), Door.REST);
  }

  private AuditTrail filled(int n) throws Exception {
    AuditTrail trail = trail("node-a");
    for (int i = 1; i <= n; i++) {
      clock.advance(Duration.ofMinutes(1));
      await(trail.append(read(i % 2 == 0 ? "gp-hansen" : "spec-lie", i % 2 == 0 ? "SLK" : "OUS",
          i % 3 == 0 ? "patient-ola" : "patient-kari", "a-" + i)));
    }
    return trail;
  }

  @Test
  void entriesAreChainedAndListedNewestFirstWithEverythingTheyWereGiven() throws Exception {
    AuditTrail trail = filled(3);
    AuditPage page = await(trail.query(AuditQuery.all(null, 10)));
    assertEquals(List.of(3L, 2L, 1L), page.items().stream().map(AuditEntry::seq).toList());
    assertNull(page.next());
    AuditEntry first = page.items().get(2);
    assertEquals(HashChain.GENESIS, first.prev());
    assertEquals(first.hash(), page.items().get(1).prev());
    assertEquals(new Actor("spec-lie", "gp", "OUS", "hpr-spec-lie"), first.actor());
    assertEquals("patient-kari", first.patientId());
    assertEquals(AuditAction.APPOINTMENT_READ, first.action());
    assertEquals("appointment:a-1", first.basis().wire());
    assertEquals("node-a", first.node());
    assertEquals(Instant.parse("2026-03-02T08:01:00Z"), first.at());
    assertEquals(Verification.intact(3), await(trail.verify()));
  }

  @Test
  void queriesFilterByPatientActorHospitalAndTime() throws Exception {
    AuditTrail trail = filled(12);
    assertEquals(List.of(12L, 9L, 6L, 3L), seqs(trail, new AuditQuery("patient-ola", null, null, null, null, null, 50)));
    assertEquals(List.of(11L, 9L, 7L, 5L, 3L, 1L), seqs(trail, new AuditQuery(null, "spec-lie", null, null, null, null, 50)));
    assertEquals(List.of(12L, 10L, 8L, 6L, 4L, 2L), seqs(trail, new AuditQuery(null, null, "SLK", null, null, null, 50)));
    Instant from = Instant.parse("2026-03-02T08:04:00Z");
    Instant to = Instant.parse("2026-03-02T08:08:00Z");
    assertEquals(List.of(7L, 6L, 5L, 4L), seqs(trail, new AuditQuery(null, null, null, from, to, null, 50)));
    assertEquals(List.of(6L), seqs(trail, new AuditQuery("patient-ola", null, "SLK", from, to, null, 50)));
    assertEquals(List.of(), seqs(trail, new AuditQuery("patient-nobody", null, null, null, null, null, 50)));
  }

  @Test
  void pagesFollowTheCursorUntilEveryMatchWasSeenOnce() throws Exception {
    AuditTrail trail = filled(23);
    List<Long> all = new ArrayList<>();
    Long cursor = null;
    int pages = 0;
    do {
      AuditPage page = await(trail.query(new AuditQuery("patient-kari", null, null, null, null, cursor, 4)));
      assertTrue(page.items().size() <= 4, "a page holds at most its limit");
      page.items().forEach(e -> all.add(e.seq()));
      cursor = page.next();
      pages++;
    } while (cursor != null && pages < 20);
    List<Long> expected = new ArrayList<>();
    for (long s = 23; s >= 1; s--) {
      if (s % 3 != 0) {
        expected.add(s);
      }
    }
    assertEquals(expected, all);
    assertTrue(pages >= 4, "16 entries at 4 a page take at least four pages");
  }

  @Test
  void twoNodesAppendingAtOnceKeepOneUnbrokenChain() throws Exception {
    AuditTrail a = trail("node-a");
    AuditTrail b = sameStore("node-b", a);
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add((i % 2 == 0 ? a : b).append(read("gp-hansen", "SLK", "patient-kari", "a-" + i)));
    }
    await(Future.all(all));
    Verification v = await(a.verify());
    assertEquals(Verification.intact(40), v);
    AuditPage page = await(a.query(AuditQuery.all(null, 100)));
    assertEquals(40, page.items().size());
    if (b != a) {
      assertTrue(page.items().stream().anyMatch(e -> e.node().equals("node-b")));
    }
  }

  /**
   * Three busy nodes, each on its own event loop with sixteen callers appending one after another (as a node's
   * requests do): every append is taken — none refused as "too busy" because another node kept winning the head — and
   * the chain holds each exactly once. (Before turns, konsil_audit_v2, bench/run.sh audit saw about one append in a
   * thousand refused from three nodes; turns themselves are tested step by step in RedisAuditTrailTest.)
   */
  @Test
  void threeBusyNodesEachGetEveryAppendInAndTheChainHoldsEachOnce() throws Exception {
    AuditTrail a = trail("node-a");
    List<AuditTrail> nodes = List.of(a, sameStore("node-b", a), sameStore("node-c", a));
    int each = Integer.getInteger("konsil.audit.each", 1200);
    int callers = 16;
    List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      AuditTrail trail = nodes.get(n);
      String actor = "gp-" + n;
      io.vertx.core.Context context = vertx.getOrCreateContext();
      for (int c = 0; c < callers; c++) {
        io.vertx.core.Promise<Void> lane = io.vertx.core.Promise.promise();
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(each / callers);
        context.runOnContext(v -> appendInTurn(trail, actor, left, refused, lane));
        lanes.add(lane.future());
      }
    }
    Future.all(lanes).toCompletionStage().toCompletableFuture().get(120, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(List.of(), refused.stream().distinct().toList(), refused.size() + " appends refused");
    long total = (long) nodes.size() * (each / callers) * callers;
    assertEquals(Verification.intact(total), await(a.verify()));
    for (int n = 0; n < nodes.size(); n++) {
      String actor = "gp-" + n;
      long seen = 0;
      Long cursor = null;
      do {
        AuditPage page = await(a.query(new AuditQuery(null, actor, null, null, null, cursor, 1000)));
        seen += page.items().size();
        cursor = page.next();
      } while (cursor != null);
      assertEquals((long) (each / callers) * callers, seen, actor + "'s entries");
    }
  }

  /** One caller: appends, and when that is done the next, until {@code left} is used up (a loop of callbacks). */
  private static void appendInTurn(AuditTrail trail, String actor, java.util.concurrent.atomic.AtomicInteger left,
                                   List<String> refused, io.vertx.core.Promise<Void> done) {
    if (left.getAndDecrement() <= 0) {
      done.complete();
      return;
    }
    trail.append(read(actor, "SLK", "patient-kari", "a-" + left.get())).onComplete(ar -> {
      if (ar.failed()) {
        refused.add(String.valueOf(ar.cause().getMessage()));
      }
      appendInTurn(trail, actor, left, refused, done);
    });
  }

  /** A second writer on the same store (another node); the memory store has only one node, itself. */
  protected AuditTrail sameStore(String node, AuditTrail first) throws Exception {
    return first;
  }

  @Test
  void anEditedEntryIsTheFirstBrokenLink() throws Exception {
    AuditTrail trail = filled(6);
    edit(4, s -> s.replace("patient-kari", "patient-ola"));
    Verification v = await(trail.verify());
    assertFalse(v.intact());
    assertEquals(4L, v.brokenAt());
    assertEquals("content does not match its hash", v.reason());
    assertEquals(3, v.entries());
  }

  @Test
  void anEditedEntryWithItsHashRecomputedBreaksTheLinkOfTheNextOne() throws Exception {
    AuditTrail trail = filled(6);
    edit(2, s -> {
      AuditEntry e = HashChain.decode(s);
      AuditEntry forged = new AuditEntry(e.seq(), e.at(), e.node(), new Actor("someone-else", "gp", "SLK", null),
          e.patientId(), e.action(), e.basis(), e.door(), e.detail(), e.prev(), null);
      return HashChain.encode(new AuditEntry(forged.seq(), forged.at(), forged.node(), forged.actor(),
          forged.patientId(), forged.action(), forged.basis(), forged.door(), forged.detail(), forged.prev(),
          HashChain.hash(forged)));
    });
    Verification v = await(trail.verify());
    assertEquals(3L, v.brokenAt());
    assertEquals("does not link to the entry before it", v.reason());
  }

  @Test
  void theDoorAndDetailAreKeptAndCoveredByTheHash() throws Exception {
    AuditTrail trail = trail("node-a");
    await(trail.append(new AuditEvent(new Actor("gp-hansen", "gp", "SLK", "9000001"), "patient-kari",
        AuditAction.RECORDING_CONSENT, Basis.of(Basis.Kind.CONSULTATION, "room-1"), Door.SIGNALING,
        "konsil-recording-v1")));
    await(trail.append(read("gp-hansen", "SLK", "patient-kari", "a-1")));
    List<AuditEntry> items = await(trail.query(AuditQuery.all(null, 10))).items();
    assertEquals(Door.SIGNALING, items.get(1).door());
    assertEquals("konsil-recording-v1", items.get(1).detail());
    assertEquals("recording.consent", items.get(1).action().wire());
    assertEquals(Door.REST, items.get(0).door());
    assertNull(items.get(0).detail());
    assertEquals(Verification.intact(2), await(trail.verify()));
    edit(1, s -> s.replace("\"door\":\"signaling\"", "\"door\":\"fhir\""));
    Verification v = await(trail.verify());
    assertEquals(1L, v.brokenAt(), "a door changed afterwards breaks the chain");
    assertEquals("content does not match its hash", v.reason());
  }

  @Test
  void aDeletedEntryIsNamed() throws Exception {
    AuditTrail trail = filled(5);
    delete(3);
    Verification v = await(trail.verify());
    assertEquals(3L, v.brokenAt());
    assertEquals("entry missing", v.reason());
    delete(5);
    assertEquals(3L, await(trail.verify()).brokenAt());
  }

  @Test
  void theLastEntryDeletedIsDetectedToo() throws Exception {
    AuditTrail trail = filled(5);
    delete(5);
    Verification v = await(trail.verify());
    assertEquals(5L, v.brokenAt());
  }

  @Test
  void anEmptyTrailIsIntact() throws Exception {
    assertEquals(Verification.intact(0), await(trail("node-a").verify()));
  }

  @Test
  void noTextOfTheRequestIsStoredOnlyIdentifiersAndCodes() throws Exception {
    AuditTrail trail = filled(1);
    AuditEntry e = await(trail.query(AuditQuery.all(null, 1))).items().get(0);
    assertNotNull(e.hash());
    assertEquals(64, e.hash().length());
  }

  private List<Long> seqs(AuditTrail trail, AuditQuery q) throws Exception {
    return await(trail.query(q)).items().stream().map(AuditEntry::seq).toList();
  }
}
