package io.konsil.scheduler;

import io.konsil.common.audit.AuditTrail;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.ResponseContract;
import io.konsil.common.testing.TestServer;
import io.konsil.common.testing.TestTokens;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenIssuer;
import io.konsil.common.token.TokenVerifier;
import io.konsil.scheduler.booking.Slot;
import io.konsil.scheduler.booking.SlotMode;
import io.konsil.scheduler.network.Clinician;
import io.konsil.scheduler.network.Hospital;
import io.konsil.scheduler.network.Specialty;
import io.konsil.scheduler.Stores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A scheduler on a real HTTP server with a small known network: hospitals H1 (region east) and H2 (region west),
 * cardiologists card-1 (H1, nb/en) and card-2 (H2, nb/ar), GP gp-1 (H1). Each clinician has slots
 * {@code <id>-<n>} starting at day 1 + n hours from the fixture clock's start (n = 0..5), 30 minutes long, video except
 * card-2's n=5 in person. The clock is 2030-03-04T07:00Z and moves only when a test moves it.
 */
public final class Fixture {
  public static final Instant T0 = Instant.parse("2030-03-04T07:00:00Z");
  public static final List<Clinician> CLINICIANS = List.of(
      new Clinician("card-1", "Anne Berg", Role.SPECIALIST, "1", "H1", List.of("cardiology"), List.of("nb", "en")),
      new Clinician("card-2", "Erik Lie", Role.SPECIALIST, "2", "H2", List.of("cardiology"), List.of("nb", "ar")),
      new Clinician("gp-1", "Ole Moen", Role.GP, "3", "H1", List.of("general-practice"), List.of("nb")));

  public final MutableClock clock;
  public final ScriptedPresence presence = new ScriptedPresence();
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final TestTokens tokens = new TestTokens();
  public final Stores stores;
  public KonsilConfig config;
  public TokenVerifier verifier;
  public SchedulerFeature feature;
  public TestServer server;
  public WebClient client;
  public Vertx vertx;
  /** Where requests go; the test server unless a test points it elsewhere. */
  public String base;

  public static Future<Fixture> start(Vertx vertx) {
    return start(vertx, c -> c, true);
  }

  private Fixture(Stores stores, Instant clockStart) {
    this.stores = stores;
    this.clock = new MutableClock(clockStart);
  }

  public static Future<Fixture> start(Vertx vertx, UnaryOperator<KonsilConfig> configure, boolean seed) {
    return start(vertx, configure, seed, Stores.inMemory());
  }

  /** Over {@code stores} (e.g. on Redis, shared with another fixture); {@code seed} writes the known network into them. */
  public static Future<Fixture> start(Vertx vertx, UnaryOperator<KonsilConfig> configure, boolean seed,
                                      Stores stores) {
    return start(vertx, configure, seed, stores, T0);
  }

  /** With the clock starting at {@code clockStart} instead of {@link #T0} (a node started later). */
  public static Future<Fixture> start(Vertx vertx, UnaryOperator<KonsilConfig> configure, boolean seed,
                                      Stores stores, Instant clockStart) {
    return start(vertx, configure, seed, stores, clockStart, null);
  }

  /** With the audit trail {@code audit} (null: one in memory, on the fixture's clock). */
  public static Future<Fixture> start(Vertx vertx, UnaryOperator<KonsilConfig> configure, boolean seed,
                                      Stores stores, Instant clockStart,
                                      java.util.function.Function<java.time.Clock, AuditTrail> audit) {
    Fixture f = new Fixture(stores, clockStart);
    f.vertx = vertx;
    f.config = configure.apply(KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET));
    f.verifier = TokenVerifier.create(vertx, f.config.jwt());
    f.feature = SchedulerFeature.create(vertx, f.config, f.verifier, new TokenIssuer(f.config.jwt()), f.presence,
        f.registry, f.clock, f.stores, audit == null ? AuditTrail.inMemory(f.clock, f.config.nodeId())
            : audit.apply(f.clock));
    f.client = WebClient.create(vertx, new WebClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    return stores.start().compose(v -> seed ? f.seed() : Future.<Void>succeededFuture())
        .compose(v -> TestServer.start(vertx, f.feature))
        .map(s -> {
          f.server = s;
          f.base = s.http();
          return f;
        });
  }

  private Future<Void> seed() {
    List<Future<?>> writes = new ArrayList<>();
    writes.add(stores.network().putHospital(new Hospital("H1", "Hospital One", "east", "Trust One")));
    writes.add(stores.network().putHospital(new Hospital("H2", "Hospital Two", "west", "Trust Two")));
    writes.add(stores.network().putSpecialty(new Specialty("cardiology", "Cardiology", "Hjertesykdommer")));
    writes.add(stores.network().putSpecialty(new Specialty("general-practice", "General practice", "Allmennmedisin")));
    List<Slot> slots = new ArrayList<>();
    for (Clinician c : CLINICIANS) {
      writes.add(stores.network().putClinician(c));
      String region = c.hospital().equals("H1") ? "east" : "west";
      for (int n = 0; n < 6; n++) {
        Instant start = T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(n))
            .plus(Duration.ofMinutes(c.id().equals("card-2") ? 10 : c.id().equals("gp-1") ? 5 : 0));
        SlotMode mode = c.id().equals("card-2") && n == 5 ? SlotMode.IN_PERSON : SlotMode.VIDEO;
        slots.add(Slot.free(c.id() + "-" + n, c.id(), c.hospital(), region, c.primarySpecialty(), mode, c.languages(),
            start, start.plus(Duration.ofMinutes(30))));
      }
    }
    writes.add(stores.booking().addSlots(slots));
    return Future.all(writes).mapEmpty();
  }

  public String patient(String id) {
    return tokens.patient(id, "*");
  }

  public String token(String id, String role) {
    return tokens.role(id, role, "*");
  }

  public String token(String id, String role, String hospital) {
    JsonObject claims = tokens.claims(id, "User " + id, role, false, "*");
    claims.getJsonObject("context").getJsonObject("user").put("hospital", hospital);
    return tokens.hs256(claims);
  }

  public Future<HttpResponse<Buffer>> get(String path, String token) {
    return request(HttpMethod.GET, path, token, null, MultiMap.caseInsensitiveMultiMap());
  }

  public Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body) {
    return request(HttpMethod.POST, path, token, body, MultiMap.caseInsensitiveMultiMap());
  }

  public Future<HttpResponse<Buffer>> put(String path, String token, JsonObject body) {
    return request(HttpMethod.PUT, path, token, body, MultiMap.caseInsensitiveMultiMap());
  }

  public Future<HttpResponse<Buffer>> book(String token, String key, JsonObject body) {
    return request(HttpMethod.POST, "/api/v1/appointments", token, body,
        MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", key));
  }

  public Future<HttpResponse<Buffer>> request(HttpMethod method, String path, String token, JsonObject body,
                                              MultiMap headers) {
    HttpRequest<Buffer> req = client.requestAbs(method, base + path).putHeaders(headers);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    return (body == null ? req.send() : req.sendJsonObject(body)).map(r -> checked(method, path, r));
  }

  /** Every response a test sees is checked against the OpenAPI document (status, media type, schema, problem code). */
  public static HttpResponse<Buffer> checked(HttpMethod method, String path, HttpResponse<Buffer> r) {
    ResponseContract.get().check(method.name(), path, r.statusCode(), r.getHeader("content-type"), r.body());
    return r;
  }

  /**
   * Repeats {@code request} until its JSON body satisfies {@code until}, for up to 5 s, and returns the last response:
   * for effects that happen asynchronously (presence moves an appointment along through the store).
   */
  public Future<HttpResponse<Buffer>> eventually(java.util.function.Supplier<Future<HttpResponse<Buffer>>> request,
                                                 java.util.function.Predicate<JsonObject> until) {
    return eventually(request, until, System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
  }

  private Future<HttpResponse<Buffer>> eventually(java.util.function.Supplier<Future<HttpResponse<Buffer>>> request,
                                                  java.util.function.Predicate<JsonObject> until, long deadline) {
    return request.get().compose(r -> until.test(r.bodyAsJsonObject()) || System.nanoTime() > deadline
        ? Future.succeededFuture(r)
        : vertx.timer(20).compose(t -> eventually(request, until, deadline)));
  }

  public Future<Void> stop() {
    client.close();
    return server.stop();
  }
}
