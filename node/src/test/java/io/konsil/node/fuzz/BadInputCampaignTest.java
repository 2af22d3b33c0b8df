package io.konsil.node.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.ResponseContract;
import io.konsil.common.testing.TestTokens;
import io.konsil.node.KonsilNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bad-input campaign (docs/security.md, "Bad input"): thousands of REST requests generated from the OpenAPI
 * document and thousands of mutated signaling frames against a running node, over real HTTP and real WebSockets,
 * while bystanders — an established call in another room and a patient booking — go about their business. The node
 * must stay up, the bystanders must not notice, the state must stay consistent, and every answer must be a documented
 * one. The seed is printed; {@code -Dkonsil.fuzz.seed=N} replays a run.
 */
class BadInputCampaignTest {
  /** The campaign's own time; with setup and the checks afterwards the test stays well under a minute. */
  private static final Duration CAMPAIGN = Duration.ofSeconds(Long.getLong("konsil.fuzz.seconds", 30));
  private static final int MAX_REQUESTS = Integer.getInteger("konsil.fuzz.requests", 6_000);
  private static final int MAX_FRAMES = Integer.getInteger("konsil.fuzz.frames", 10_000);
  private static final String FUZZ_ROOM = "fuzz-room";
  /** The shipped signaling frame limit: the fuzzer sends some frames above it. */
  private static final int MAX_FRAME_BYTES = 65_536;

  /** Each fuzzing participant sends at most this many frames a second: under the signaling rate limit (50/s). */
  private static final int FRAMES_PER_SECOND = 45;
  private final TestTokens tokens = new TestTokens();
  private Vertx vertx;
  /** The clients' own event loops: the node's are for the node. */
  private Vertx clients;
  /** The one context the final checks' client is used from. */
  private io.vertx.core.Context checksContext;
  private KonsilNode node;

  /** Set when the test ends, however it ends: the lanes stop coming back. */
  private volatile boolean stopped;

  @AfterEach
  void stop() throws Exception {
    stopped = true;
    for (java.util.function.Supplier<Future<Void>> closing : List.<java.util.function.Supplier<Future<Void>>>of(
        () -> clients == null ? Future.succeededFuture() : clients.close(),
        () -> node == null ? Future.succeededFuture() : node.stop(),
        () -> vertx == null ? Future.succeededFuture() : vertx.close())) {
      try {
        closing.get().toCompletionStage().toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        System.out.println("bad-input campaign: a close took more than 20 s");
      }
    }
  }

  @Test
  @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
  void theNodeStaysUpBystandersAreUndisturbedStateStaysConsistentAndEveryAnswerIsDocumented() throws Exception {
    long seed = Long.getLong("konsil.fuzz.seed", new java.security.SecureRandom().nextLong());
    System.out.println("bad-input campaign: seed " + seed + " (replay with -Dkonsil.fuzz.seed=" + seed + ")");
    long t0 = System.nanoTime();
    vertx = Vertx.vertx();
    KonsilConfig defaults = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    // HTTP rate limits off: the campaign wants its requests parsed, not refused (the limits have their own tests). The
    // signaling limits stay as shipped; each fuzzing participant sends just under them.
    KonsilConfig config = defaults.withHttp(new KonsilConfig.Http(null, KonsilConfig.RateLimits.off(), false));
    node = KonsilNode.start(vertx, config).await();
    int port = node.port();
    clients = Vertx.vertx();
    // Vert.x 5.0.10's HttpClientResponse.body() never completes when the response ended before body() was called,
    // which happens when a pooled connection made on one context serves a request made on another (vert.x #6038,
    // fixed in 5.0.11, not served here): the final consistency check, sent from this thread (a new context each
    // time), waited for ever in two of three runs. So each fuzzing lane has a Vert.x client of its own used from one
    // context only (a lane goes on in its own callbacks), with LostBody for the rare body still lost; the bystander
    // and the checks use the JDK's client.
    checksContext = clients.getOrCreateContext();
    WebSocketClient ws = clients.createWebSocketClient();
    List<String> violations = new CopyOnWriteArrayList<>();

    // The bystanders: a call in another room, and a patient booking.
    CallBystanders call = new CallBystanders(violations);
    call.start(clients, ws, port, tokens).await();
    // The bystander and the checks afterwards use the JDK's HTTP client (PlainHttp), each its own: Vert.x's lost a
    // body now and then, and a fuzzed connection the server had to cut short must not hold up their connections.
    io.vertx.core.Context bystanderContext = clients.getOrCreateContext();
    BookingBystander booker = new BookingBystander(new PlainHttp(port, bystanderContext),
        tokens.patient("bystander-booker", "*"));
    PlainHttp checks = new PlainHttp(port, checksContext);

    Garbage garbage = new Garbage(seed);
    Pool pool = new Pool(tokens);
    pool.rooms.add(CallBystanders.ROOM);
    pool.rooms.add(FUZZ_ROOM);
    learnSlots(checks, pool);
    RestFuzzer rest = new RestFuzzer(garbage, pool);
    List<String> fuzzPeers = new CopyOnWriteArrayList<>(call.participantIds());
    FrameFuzzer frames = new FrameFuzzer(new Garbage(seed ^ 0x5DEECE66DL), () -> fuzzPeers, MAX_FRAME_BYTES);

    long deadline = System.nanoTime() + CAMPAIGN.toNanos();
    List<RestFuzzer.Result> failures = new CopyOnWriteArrayList<>();
    Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    List<JsonObject> bookings = new CopyOnWriteArrayList<>();
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger sentFrames = new AtomicInteger();
    AtomicInteger reconnects = new AtomicInteger();

    long started = System.nanoTime();
    // Ten relays a second: well under the rate limit even when a loaded machine delivers them in bursts.
    long relays = clients.setPeriodic(100, id -> call.relayOnce());
    // Every lane runs on a context of its own, from its first request on (see where checksContext is set for why).
    Map<String, Future<Void>> lanes = new java.util.LinkedHashMap<>();
    lanes.put("booking bystander", on(bystanderContext, () -> booker.run(deadline)));
    for (int i = 0; i < 6; i++) {
      HttpClientAgent http = clients.createHttpClient(new PoolOptions().setHttp1MaxSize(1));
      lanes.put("REST lane " + i, onOwnContext(() -> restLane(http, port, rest, deadline, requests, failures, statuses,
          bookings)));
    }
    List<FuzzSocket> open = new CopyOnWriteArrayList<>();
    String[][] users = {{"fuzz-gp", "gp"}, {"fuzz-gp-2", "gp"}, {"fuzz-spec", "specialist"},
        {"fuzz-patient", "patient"}, {"fuzz-patient-2", "patient"}, {"fuzz-nurse", "nurse"}};
    for (String[] user : users) {
      lanes.put("frame lane " + user[0], onOwnContext(() -> frameLane(ws, port, user[0], user[1], frames, deadline,
          sentFrames, reconnects, violations, open, fuzzPeers)));
    }
    // Every lane ends by the deadline; one that does not has hung on an answer that never came: it is named.
    try {
      // Past the requests' own 30 s timeout, so that a request nobody answers fails as such.
      within(Future.all(List.copyOf(lanes.values())), "the lanes", CAMPAIGN.toSeconds() + 45);
    } catch (AssertionError e) {
      List<String> hung = lanes.entrySet().stream().filter(l -> !l.getValue().isComplete()).map(Map.Entry::getKey)
          .toList();
      throw new AssertionError("lanes that did not end (seed " + seed + "): " + hung + "; the booking bystander: "
          + booker.waitingOn, e);
    }
    clients.cancelTimer(relays);
    double seconds = (System.nanoTime() - started) / 1e9;
    clients.timer(1_000).await(); // the last relays and answers land

    System.out.printf("bad-input campaign: %d REST requests (%d operations; statuses %s), %d signaling frames "
            + "(%d reconnects), %d bystander relays, %d bystander booking cycles (%d requests) in %.1f s%n",
        requests.get(), rest.operationCount(), new java.util.TreeMap<>(statuses), sentFrames.get(), reconnects.get(),
        call.sent(), booker.cycles, booker.requests, seconds);
    System.out.printf("bad-input campaign: %d answers whose body the test's client lost (vert.x #6038)%n",
        LostBody.COUNT.get());
    // Rare (the race is), so many would mean something else: a node whose bodies do not match their headers.
    assertTrue(LostBody.COUNT.get() <= 5, "answers whose body never came: " + LostBody.COUNT.get());

    // Every answer was a documented one.
    List<String> report = new ArrayList<>();
    failures.stream().limit(10).forEach(f -> report.add(f.failure() + "\n    request: " + f.attempt()));
    assertEquals(List.of(), report, "REST answers that are not as documented (seed " + seed + ")");
    assertEquals(List.of(), violations, "signaling answers that are not as documented (seed " + seed + ")");
    // The node stayed up.
    JsonObject health = within(get(checks, "/health", null), "GET /health");
    assertEquals("UP", health.getString("status"), health.encode());
    // The bystanders did not notice.
    assertEquals(List.of(), call.problems(), "the bystanders' call (seed " + seed + ")");
    assertEquals(List.of(), booker.problems, "the booking bystander (seed " + seed + ")");
    assertTrue(call.sent() > 50, "relays during the campaign: " + call.sent());
    assertTrue(booker.cycles > 3, "booking cycles during the campaign: " + booker.cycles);
    // Thousands on a quiet machine (docs/security.md); a build machine running other builds gets through far fewer in
    // the same 30 s, so the bound here only catches a campaign that did not run.
    assertTrue(requests.get() >= 100 && sentFrames.get() >= 500,
        "a campaign worth the name: " + requests.get() + " requests, " + sentFrames.get() + " frames");
    // The state stayed consistent.
    assertNoSlotTwice(checks, bookings, booker.booked, seed);
    assertCallMembers(ws, port, call, open, seed);
    assertTrue(seconds < 60, "the campaign is bounded to a minute: " + seconds + " s");
    System.out.printf("bad-input campaign: %.1f s in all (node start, bystanders, campaign, checks)%n",
        (System.nanoTime() - t0) / 1e9);
  }

  private Future<Void> restLane(HttpClientAgent http, int port, RestFuzzer rest, long deadline, AtomicInteger count,
                                List<RestFuzzer.Result> failures, Map<Integer, AtomicInteger> statuses,
                                List<JsonObject> bookings) {
    if (stopped || System.nanoTime() > deadline || count.get() >= MAX_REQUESTS || failures.size() > 20) {
      return Future.succeededFuture();
    }
    RestFuzzer.Attempt attempt;
    try {
      synchronized (rest) {
        attempt = rest.next();
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(new AssertionError("the request generator failed (a bug of the test)", e));
    }
    count.incrementAndGet();
    return RestFuzzer.send(http, port, attempt, clients).map(r -> {
      statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
      if (r.failure() != null) {
        failures.add(r);
      }
      JsonObject json = r.json();
      if (attempt.method() == HttpMethod.POST && attempt.uri().startsWith("/api/v1/appointments")
          && (r.status() == 201 || r.status() == 200) && json != null && json.getString("slotId") != null) {
        bookings.add(json);
      }
      return (Void) null;
    }).recover(e -> {
      if (e instanceof RestFuzzer.Unsendable || e instanceof LostBody) {
        return Future.succeededFuture(); // never sent, or answered but lost by the client: nothing to check
      }
      failures.add(new RestFuzzer.Result(attempt, 0, null, null, "no answer: " + e));
      return Future.succeededFuture();
    }).compose(v -> restLane(http, port, rest, deadline, count, failures, statuses, bookings));
  }

  /** One fuzzing participant: sends mutated frames; when the server closes it (as it may), it comes back. */
  private Future<Void> frameLane(WebSocketClient ws, int port, String user, String role, FrameFuzzer frames,
                                 long deadline, AtomicInteger sent, AtomicInteger reconnects, List<String> violations,
                                 List<FuzzSocket> open, List<String> peers) {
    JsonObject claims = tokens.claims(user, "Fuzz " + role, role, false, FUZZ_ROOM);
    String token = tokens.hs256(claims);
    Promise<Void> done = Promise.promise();
    connectAndSend(ws, port, token, user, frames, deadline, sent, reconnects, violations, open, peers, done);
    return done.future();
  }

  private void connectAndSend(WebSocketClient ws, int port, String token, String user, FrameFuzzer frames,
                              long deadline, AtomicInteger sent, AtomicInteger reconnects, List<String> violations,
                              List<FuzzSocket> open, List<String> peers, Promise<Void> done) {
    if (stopped || done.future().isComplete() || System.nanoTime() > deadline || sent.get() >= MAX_FRAMES) {
      done.tryComplete();
      return;
    }
    FuzzSocket.connect(ws, port, FUZZ_ROOM, token, user, violations, f -> {
      if ("participant-joined".equals(f.getString("type"))) {
        peers.add(f.getJsonObject("participant", new JsonObject()).getString("id", ""));
      }
    }).onFailure(e -> {
      // A refused handshake (the room ended meanwhile, too many connections) is a documented problem: try again.
      reconnects.incrementAndGet();
      clients.setTimer(20, t -> connectAndSend(ws, port, token, user, frames, deadline, sent, reconnects, violations,
          open, peers, done));
    }).onSuccess(socket -> {
      open.add(socket);
      socket.closed().onComplete(c -> {
        open.remove(socket);
        reconnects.incrementAndGet();
        connectAndSend(ws, port, token, user, frames, deadline, sent, reconnects, violations, open, peers, done);
      });
      sendFrames(socket, frames, deadline, sent, done);
    });
  }

  private void sendFrames(FuzzSocket socket, FrameFuzzer frames, long deadline, AtomicInteger sent,
                          Promise<Void> done) {
    if (socket.isClosed()) {
      return; // the close handler reconnects
    }
    if (stopped || System.nanoTime() > deadline || sent.get() >= MAX_FRAMES) {
      socket.close();
      done.tryComplete();
      return;
    }
    FrameFuzzer.Frame frame;
    try {
      synchronized (frames) {
        frame = frames.next();
      }
    } catch (RuntimeException e) {
      done.tryFail(new AssertionError("the frame generator failed (a bug of the test)", e));
      return;
    }
    sent.incrementAndGet();
    Future<Void> write = frame.text() != null ? socket.send(frame.text())
        : frame.binary() != null ? socket.sendBinary(frame.binary()) : socket.sendInvalidUtf8(frame.invalidUtf8());
    // Paced under the rate limit, through a timer (a write that completes at once must not recurse).
    write.onComplete(v -> clients.setTimer(1000 / FRAMES_PER_SECOND, t -> sendFrames(socket, frames, deadline, sent,
        done)));
  }

  /** Slot ids of the demo data, so that generated holds and bookings reach real slots. */
  private void learnSlots(PlainHttp http, Pool pool) throws Exception {
    JsonObject page = within(get(http, "/api/v1/slots?limit=100", new TestTokens().patient("fuzz-setup", "*")),
        "the demo slots");
    page.getJsonArray("items").forEach(o -> pool.learn(((JsonObject) o).getString("id")));
  }

  /** No slot is held by two active appointments, and no active appointment's slot can be taken again. */
  private void assertNoSlotTwice(PlainHttp http, List<JsonObject> fuzzBookings, List<String> bystander,
                                 long seed) throws Exception {
    String admin = tokens.role("admin-konsil", "admin", "*");
    Set<String> ids = new HashSet<>();
    fuzzBookings.forEach(b -> ids.add(b.getString("id")));
    ids.addAll(bystander);
    ids.add("a-demo-kari-now");
    ids.add("a-demo-aisha-now");
    Map<String, String> activeBySlot = new HashMap<>();
    int checked = 0;
    for (String id : ids) {
      JsonObject a = within(get(http, "/api/v1/appointments/" + RestFuzzer.encode(id), admin),
          "GET appointment " + id);
      assertEquals(id, a.getString("id"), "a booked appointment can be read back (seed " + seed + "): " + a.encode());
      if (List.of("booked", "arrived", "in-progress").contains(a.getString("status"))) {
        String other = activeBySlot.put(a.getString("slotId"), id);
        assertEquals(null, other, "slot " + a.getString("slotId") + " is held by two active appointments: " + other
            + " and " + id + " (seed " + seed + ")");
        if (checked++ < 40) {
          String slot = RestFuzzer.encode(a.getString("slotId"));
          JsonObject hold = within(post(http, "/api/v1/slots/" + slot + "/hold",
              tokens.patient("consistency-check", "*")), "POST hold " + a.getString("slotId"));
          assertEquals("slot-unavailable", hold.getString("code"), "a booked slot was offered again (seed " + seed
              + "): " + hold.encode());
        }
      }
    }
    System.out.printf("bad-input campaign: %d appointments checked (%d active), no slot twice%n", ids.size(),
        activeBySlot.size());
  }

  /** The bystanders' room still holds exactly the two of them; the fuzz room only connections that are open. */
  private void assertCallMembers(WebSocketClient ws, int port, CallBystanders call, List<FuzzSocket> open, long seed)
      throws Exception {
    List<String> v = new CopyOnWriteArrayList<>();
    Promise<JsonObject> welcome = Promise.promise();
    String lateGp = tokens.gp("late-gp", CallBystanders.ROOM);
    FuzzSocket observer = within(FuzzSocket.connect(ws, port, CallBystanders.ROOM, lateGp, "late gp", v, f -> {
      if ("welcome".equals(f.getString("type"))) {
        welcome.tryComplete(f);
      }
    }), "the late GP's connection");
    JsonArray participants = within(welcome.future(), "the late GP's welcome").getJsonArray("participants");
    Set<String> seen = new HashSet<>();
    participants.forEach(p -> seen.add(((JsonObject) p).getString("id")));
    assertEquals(Set.of(call.gpId(), call.patientId()), seen, "the bystanders' call (seed " + seed + ")");
    within(observer.close(), "closing the late GP");
    assertEquals(List.of(), v);
  }

  /**
   * A check's answer, or a failure naming it after 45 s — never a wait without end. On the timeout every thread's
   * stack is printed: the node's and the clients' event loops show who holds up the answer.
   */
  private static <T> T within(Future<T> future, String what) throws Exception {
    return within(future, what, 45);
  }

  private static <T> T within(Future<T> future, String what, long seconds) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      StringBuilder dump = new StringBuilder();
      for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean()
          .dumpAllThreads(true, true)) {
        dump.append(t);
        java.util.Arrays.stream(t.getStackTrace()).skip(8).limit(30).forEach(f -> dump.append("\tat ").append(f)
            .append('\n'));
      }
      System.out.println("bad-input campaign: no answer to " + what + " in " + seconds + " s; threads:\n" + dump);
      throw new AssertionError("no answer to " + what + " in " + seconds + " s (threads printed above)");
    }
  }

  private Future<JsonObject> get(PlainHttp http, String uri, String token) {
    return request(http, "GET", uri, token);
  }

  private Future<JsonObject> post(PlainHttp http, String uri, String token) {
    return request(http, "POST", uri, token);
  }

  /** Starts a lane on a context of its own, so that all its requests are made on that one context. */
  private <T> Future<T> onOwnContext(java.util.function.Supplier<Future<T>> lane) {
    return on(clients.getOrCreateContext(), lane);
  }

  /** Runs {@code work} on {@code context}; its outcome. */
  private static <T> Future<T> on(io.vertx.core.Context context, java.util.function.Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }

  /** A check's request: its JSON answer, checked against the document. */
  private static Future<JsonObject> request(PlainHttp http, String method, String uri, String token) {
    return http.send(method, uri, token, null, null).map(a -> {
      ResponseContract.get().check(method, uri, a.status(), a.contentType(), a.body());
      return a.body().toJsonObject();
    });
  }
}
