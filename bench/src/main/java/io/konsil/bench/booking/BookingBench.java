package io.konsil.bench.booking;

import io.konsil.bench.harness.Args;
import io.konsil.bench.harness.Machine;
import io.konsil.bench.harness.Noise;
import io.konsil.bench.harness.OnContext;
import io.konsil.bench.harness.ServerProcess;
import io.konsil.bench.harness.Servers;
import io.konsil.bench.harness.Table;
import io.konsil.bench.slots.SchedulerServer;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenIssuer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * Contended booking (issue 4) over REST against the scheduler on the embedded store, in its own JVM.
 *
 * <ul>
 *   <li>Baseline, uncontended: {@code clients} patients book distinct free slots, {@code clients} requests in flight.
 *   <li>Contended: rounds of {@code hot} fresh slots, each raced by {@code per-slot} patients; the requests go in
 *       shuffled order with the same {@code clients} in flight, so a slot's patients race across connections.
 * </ul>
 * Reports requests/s, bookings/s, p50/p99 and the conflict rate, and checks correctness: exactly one 201 per raced
 * slot, every loser a 409 {@code slot-unavailable}, and each winner's appointment readable by its patient.
 *
 * <p>Options: {@code --hospitals 20 --clinicians 20 --days 30 --clients 32 --uncontended 1000 --hot 20 --per-slot 50
 * --rounds 10 --seconds 15 --profile}; the contended phase stops after {@code rounds} or {@code seconds}.
 */
public final class BookingBench {
  /** {@code token} is the patient's bearer token, to read the appointment back as that patient. */
  record Outcome(int status, String code, String appointmentId, String slotId, String token, long micros) {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int hospitals = args.integer("hospitals", 20);
    int clinicians = args.integer("clinicians", 20);
    int days = args.integer("days", 30);
    int clients = args.integer("clients", 32);
    int uncontended = args.integer("uncontended", 1000);
    int hot = args.integer("hot", 20);
    int perSlot = args.integer("per-slot", 50);
    int rounds = args.integer("rounds", 10);
    int seconds = args.integer("seconds", 15);
    boolean profile = args.string("profile", "false").equals("true");
    args.checkAllUsed();
    System.out.println("Contended booking: " + hot + " slots x " + perSlot + " patients per round, " + rounds
        + " rounds; baseline " + uncontended + " uncontended bookings, " + clients + " in flight; "
        + Machine.describe());

    Vertx vertx = Vertx.vertx();
    TokenIssuer issuer = Servers.issuer();
    try (ServerProcess server = SchedulerServer.start("booking-scheduler", hospitals, clinicians, days, 8, 42)) {
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(server.port()), new PoolOptions().setHttp1MaxSize(Math.max(clients, 64)));
      int needed = uncontended + hot * rounds + 200;
      Context context = vertx.getOrCreateContext();
      List<String> free = freeSlots(context, http, token(issuer, "bench-reader"), needed);
      System.out.printf("%,d free slots listed%n", free.size());
      if (free.size() < needed) {
        throw new IllegalStateException("need " + needed + " free slots, found " + free.size());
      }
      // Warm-up on slots of its own.
      book(context, http, issuer, free.subList(0, 200), 1, 32);

      // Baseline: uncontended, every request books a slot nobody else wants.
      List<String> quiet = free.subList(200, 200 + uncontended);
      io.konsil.bench.harness.Profile recording = profile ? io.konsil.bench.harness.Profile.start(server) : null;
      Noise noise = Noise.start(server);
      long t0 = System.nanoTime();
      List<Outcome> base = book(context, http, issuer, quiet, 1, clients);
      double baseElapsed = (System.nanoTime() - t0) / 1e9;
      if (recording != null) {
        recording.stop(25).forEach(System.out::println);
      }
      double baseOther = noise.foreignPercent();
      long baseBooked = base.stream().filter(o -> o.status() == 201).count();
      if (baseBooked != quiet.size()) {
        throw new IllegalStateException("uncontended: " + baseBooked + " of " + quiet.size() + " booked: "
            + statuses(base));
      }
      Histogram baseLatency = latency(base);
      System.out.printf("uncontended: %,.0f bookings/s, p50 %s ms, p99 %s ms, other CPU %.0f%%%n",
          baseBooked / baseElapsed, Table.ms(baseLatency.getValueAtPercentile(50)),
          Table.ms(baseLatency.getValueAtPercentile(99)), baseOther);

      // Contended: each round races perSlot patients for each of `hot` fresh slots.
      List<Outcome> raced = new ArrayList<>();
      double racedElapsed = 0;
      int offset = 200 + uncontended;
      noise = Noise.start(server);
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      int roundsRun = 0;
      for (int r = 0; r < rounds && System.nanoTime() < deadline; r++) {
        List<String> slots = free.subList(offset + r * hot, offset + (r + 1) * hot);
        long r0 = System.nanoTime();
        raced.addAll(book(context, http, issuer, slots, perSlot, clients));
        racedElapsed += (System.nanoTime() - r0) / 1e9;
        roundsRun++;
      }
      double racedOther = noise.foreignPercent();
      Map<String, List<Outcome>> bySlot = new HashMap<>();
      raced.forEach(o -> bySlot.computeIfAbsent(o.slotId(), k -> new ArrayList<>()).add(o));
      int wrongWinners = 0;
      int wrongLosers = 0;
      List<Outcome> winners = new ArrayList<>();
      for (List<Outcome> attempts : bySlot.values()) {
        List<Outcome> won = attempts.stream().filter(o -> o.status() == 201).toList();
        if (won.size() != 1) {
          wrongWinners++;
        }
        winners.addAll(won);
        wrongLosers += (int) attempts.stream().filter(o -> o.status() != 201)
            .filter(o -> o.status() != 409 || !"slot-unavailable".equals(o.code())).count();
      }
      int unreadable = verifyWinners(context, http, winners);
      long conflicts = raced.stream().filter(o -> o.status() == 409).count();
      Histogram racedLatency = latency(raced);
      System.out.printf("contended: %,d attempts on %d slots in %d rounds, %,.0f attempts/s, %,.0f bookings/s,"
          + " conflict rate %.1f%%, other CPU %.0f%%%n", raced.size(), bySlot.size(), roundsRun,
          raced.size() / racedElapsed, winners.size() / racedElapsed, 100.0 * conflicts / raced.size(), racedOther);
      boolean correct = wrongWinners == 0 && wrongLosers == 0 && unreadable == 0;

      Table table = new Table("Booking over REST, embedded store (" + hospitals + " hospitals x " + clinicians
          + " clinicians)", "run", "requests", "requests/s", "bookings/s", "vs uncontended", "conflict rate",
          "p50 ms", "p99 ms", "other CPU %");
      double baseRate = baseBooked / baseElapsed;
      table.row("uncontended (baseline)", base.size(), Table.f0(base.size() / baseElapsed), Table.f0(baseRate),
          "1.00x", "0.0%", Table.ms(baseLatency.getValueAtPercentile(50)),
          Table.ms(baseLatency.getValueAtPercentile(99)), Table.f0(baseOther));
      table.row(perSlot + " patients per slot", raced.size(), Table.f0(raced.size() / racedElapsed),
          Table.f0(winners.size() / racedElapsed), Table.ratio(raced.size() / racedElapsed, baseRate),
          String.format("%.1f%%", 100.0 * conflicts / raced.size()), Table.ms(racedLatency.getValueAtPercentile(50)),
          Table.ms(racedLatency.getValueAtPercentile(99)), Table.f0(racedOther));
      table.note("vs uncontended = contended requests/s over uncontended bookings/s (a refused request is work too)");
      table.note("correctness: " + bySlot.size() + " raced slots, " + winners.size() + " winners; slots without"
          + " exactly one winner: " + wrongWinners + "; losers not 409 slot-unavailable: " + wrongLosers
          + "; winners' appointments not readable by their patient: " + unreadable + (correct ? " — CORRECT" : " — WRONG"));
      table.note("both runs keep " + clients + " requests in flight; contended requests come in shuffled order, so"
          + " the " + perSlot + " patients of a slot race each other across connections");
      table.print();
      http.close().await();
      if (!correct) {
        System.exit(1);
      }
    } finally {
      vertx.close().await();
    }
    System.exit(0);
  }

  private static String token(TokenIssuer issuer, String patient) {
    return issuer.issue(TokenIssuer.Claims.of(patient, "Bench " + patient, Role.PATIENT, null), "*",
        Duration.ofHours(1));
  }

  /** Pages through GET /api/v1/slots until {@code n} free slot ids are known. */
  private static List<String> freeSlots(Context context, HttpClient http, String token, int n) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    while (ids.size() < n) {
      String uri = "/api/v1/slots?limit=100" + (cursor == null ? "" : "&cursor=" + cursor);
      JsonObject page = OnContext.await(context, () -> request(http, HttpMethod.GET, uri, token, null, null)).body;
      JsonArray items = page.getJsonArray("items");
      items.forEach(o -> ids.add(((JsonObject) o).getString("id")));
      cursor = page.getString("next");
      if (cursor == null || items.isEmpty()) {
        break;
      }
      cursor = java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8);
    }
    return ids;
  }

  /**
   * {@code perSlot} different patients book each slot; at most {@code inFlight} requests outstanding. Patients are
   * new for every request so that nobody's own earlier booking interferes.
   */
  private static List<Outcome> book(Context context, HttpClient http, TokenIssuer issuer, List<String> slots,
      int perSlot, int inFlight) {
    List<Outcome> out = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String[]> work = new ArrayList<>();
    for (String slot : slots) {
      for (int p = 0; p < perSlot; p++) {
        String patient = "bench-p-" + UUID.randomUUID();
        work.add(new String[] {slot, patient, token(issuer, patient)});
      }
    }
    java.util.Collections.shuffle(work, new java.util.Random(7));
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    OnContext.await(context, () -> {
      List<Future<Void>> lanes = new ArrayList<>();
      for (int i = 0; i < Math.min(inFlight, work.size()); i++) {
        lanes.add(lane(http, work, next, out));
      }
      return Future.all(lanes);
    });
    return out;
  }

  private static Future<Void> lane(HttpClient http, List<String[]> work, java.util.concurrent.atomic.AtomicInteger next,
      List<Outcome> out) {
    int i = next.getAndIncrement();
    if (i >= work.size()) {
      return Future.succeededFuture();
    }
    String[] w = work.get(i);
    long t0 = System.nanoTime();
    return request(http, HttpMethod.POST, "/api/v1/appointments", w[2], UUID.randomUUID().toString(),
        new JsonObject().put("slotId", w[0])).compose(r -> {
          out.add(new Outcome(r.status, r.body == null ? null : r.body.getString("code"),
              r.status == 201 ? r.body.getString("id") : null, w[0], w[2], (System.nanoTime() - t0) / 1000));
          return lane(http, work, next, out);
        });
  }

  /** Each winner reads its appointment back (32 at a time): it exists, is booked and is for the raced slot. */
  private static int verifyWinners(Context context, HttpClient http, List<Outcome> winners) {
    int bad = 0;
    for (int i = 0; i < winners.size(); i += 32) {
      List<Future<Boolean>> checks = new ArrayList<>();
      List<Outcome> chunk = winners.subList(i, Math.min(winners.size(), i + 32));
      OnContext.await(context, () -> {
      for (Outcome w : chunk) {
        checks.add(request(http, HttpMethod.GET, "/api/v1/appointments/" + w.appointmentId(), w.token(), null, null)
            .map(r -> r.status == 200 && w.slotId().equals(r.body.getString("slotId"))
                && "booked".equals(r.body.getString("status")))
            .otherwise(err -> {
              System.out.println("GET /api/v1/appointments/" + w.appointmentId() + " failed: " + err);
              return false;
            }));
      }
      return Future.join(checks).otherwiseEmpty();
      });
      for (Future<Boolean> c : checks) {
        if (!Boolean.TRUE.equals(c.result())) {
          bad++;
        }
      }
    }
    return bad;
  }

  record Reply(int status, JsonObject body) {}

  private static Future<Reply> request(HttpClient http, HttpMethod method, String uri, String token, String key,
      JsonObject body) {
    // A bounded wait: a request the server never answers is a finding, not a hung benchmark.
    return http.request(new io.vertx.core.http.RequestOptions().setMethod(method).setURI(uri)
        .setConnectTimeout(10_000).setIdleTimeout(20_000)).compose(req -> {
      req.putHeader("Authorization", "Bearer " + token);
      if (key != null) {
        req.putHeader("Idempotency-Key", key);
      }
      if (body != null) {
        req.putHeader("Content-Type", "application/json");
        return req.send(body.toBuffer());
      }
      return req.send();
    }).compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), parse(b))));
  }

  private static JsonObject parse(Buffer b) {
    try {
      return b.length() == 0 ? null : b.toJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject().put("raw", b.toString());
    }
  }

  private static Histogram latency(List<Outcome> outcomes) {
    Histogram h = new Histogram(600_000_000L, 3);
    outcomes.forEach(o -> h.recordValue(Math.max(0, o.micros())));
    return h;
  }

  private static String statuses(List<Outcome> outcomes) {
    Map<String, Integer> m = new HashMap<>();
    outcomes.forEach(o -> m.merge(o.status() + " " + o.code(), 1, Integer::sum));
    return m.toString();
  }
}
