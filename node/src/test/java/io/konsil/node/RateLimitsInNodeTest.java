package io.konsil.node;

import io.konsil.common.testing.ResponseContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.ratelimit.Rate;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node's rate limits seen from outside: a burst is served, then 429 problem+json with {@code Retry-After} and
 * code {@code rate-limited}; other users go on unaffected.
 */
class RateLimitsInNodeTest {
  private static final TestTokens TOKENS = new TestTokens();
  private Vertx vertx;
  private KonsilNode node;
  private WebClient http;

  private void start(KonsilConfig.RateLimits limits) throws Exception {
    vertx = Vertx.vertx();
    KonsilConfig base = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    node = KonsilNode.start(vertx, base.withHttp(new KonsilConfig.Http(null, limits, false))).await();
    http = WebClient.create(vertx);
    // Parse the OpenAPI document for the response checks now: not on the clock of the timing-sensitive requests below.
    ResponseContract.get();
  }

  @AfterEach
  void stop() throws Exception {
    node.stop().await();
    vertx.close().await();
  }

  private Future<HttpResponse<Buffer>> book(String token) {
    return http.post(node.port(), "127.0.0.1", "/api/v1/appointments").putHeader("Authorization", "Bearer " + token)
        .putHeader("Idempotency-Key", UUID.randomUUID().toString())
        .sendJsonObject(new JsonObject().put("slotId", "no-such-slot"));
  }

  @Test
  void fhirBookingsDrawOnTheSameBudgetAndAreRefusedAsAnOperationOutcome() throws Exception {
    start(KonsilConfig.RateLimits.defaults());
    String kari = TOKENS.patient("patient-kari", "*");
    int burst = KonsilConfig.RateLimits.defaults().booking().perUser().amount();
    String appointment = new JsonObject().put("resourceType", "Appointment").put("status", "booked")
        .put("slot", new io.vertx.core.json.JsonArray().add(new JsonObject().put("reference", "Slot/no-such-slot")))
        .put("participant", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("actor", new JsonObject().put("reference", "Patient/patient-kari")).put("status", "accepted")))
        .encode();
    // A burst through each door at once: FHIR alone stays within the budget, so a FHIR 429 means one shared budget.
    List<Future<HttpResponse<Buffer>>> api = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> fhir = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      api.add(book(kari));
      fhir.add(http.post(node.port(), "127.0.0.1", "/fhir/Appointment").putHeader("Authorization", "Bearer " + kari)
          .putHeader("Content-Type", "application/fhir+json").sendBuffer(Buffer.buffer(appointment)));
    }
    Future.join(api).await();
    Future.join(fhir).recover(e -> Future.succeededFuture()).await();
    HttpResponse<Buffer> refused = fhir.stream().map(Future::result).filter(r -> r.statusCode() == 429).findFirst()
        .orElseThrow(() -> new AssertionError("no FHIR booking was limited"));
    assertTrue(refused.getHeader("content-type").startsWith("application/fhir+json"), refused.getHeader("content-type"));
    io.konsil.fhir.testing.Validation.shared().assertValid(refused.bodyAsString());
    JsonObject outcome = refused.bodyAsJsonObject();
    assertEquals("OperationOutcome", outcome.getString("resourceType"));
    assertEquals("throttled", outcome.getJsonArray("issue").getJsonObject(0).getString("code"));
    assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1);
    fhir.stream().map(Future::result).filter(r -> r.statusCode() != 429)
        .forEach(r -> assertEquals(404, r.statusCode(), r.bodyAsString()));
  }

  @Test
  void threeHundredFastBookingsByOneUserAreCutOffAfterTheBurstWhileAnotherUserBooksOn() throws Exception {
    start(KonsilConfig.RateLimits.defaults());
    String kari = TOKENS.patient("patient-kari", "*");
    List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      attempts.add(book(kari));
    }
    Future.join(attempts).await();
    // Checked against the document afterwards, not in between: the burst must reach the node as fast as it can.
    attempts.forEach(f -> checked("POST", "/api/v1/appointments", f.result()));
    int burst = KonsilConfig.RateLimits.defaults().booking().perUser().amount();
    long limited = attempts.stream().filter(f -> f.result().statusCode() == 429).count();
    // The burst (and at most a token or two refilled meanwhile) reached the booking service, which refused the
    // unknown slot; everything beyond was turned away before it.
    assertTrue(limited >= 300 - burst - 2 && limited <= 300 - burst, "limited " + limited);
    HttpResponse<Buffer> refused = attempts.stream().map(Future::result).filter(r -> r.statusCode() == 429)
        .findFirst().orElseThrow();
    assertTrue(refused.getHeader("content-type").startsWith("application/problem+json"));
    assertEquals("rate-limited", refused.bodyAsJsonObject().getString("code"));
    int retryAfter = Integer.parseInt(refused.getHeader("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 2, "one booking comes back every 2 s at 30/min: " + retryAfter);
    attempts.stream().map(Future::result).filter(r -> r.statusCode() != 429)
        .forEach(r -> assertEquals(404, r.statusCode(), r.bodyAsString()));

    HttpResponse<Buffer> ola = book(TOKENS.patient("patient-ola", "*")).await();
    assertEquals(404, ola.statusCode(), "another user on the same address is not limited: " + ola.bodyAsString());
    assertEquals(1.0 * limited, node.registry().counter("konsil.http.rate.limited", "rule", "booking").count());
  }

  @Test
  void holdsAreLimitedPerUserAndAForgedTokenCannotSpendSomeoneElsesBudget() throws Exception {
    Rate five = new Rate(5, Duration.ofMinutes(1));
    start(new KonsilConfig.RateLimits(new KonsilConfig.RateLimits.Limit(null, null),
        new KonsilConfig.RateLimits.Limit(null, null), new KonsilConfig.RateLimits.Limit(five, null),
        new KonsilConfig.RateLimits.Limit(null, null)));
    String forgedKari = TOKENS.hs256(TOKENS.claims("patient-kari", "Kari", "patient", false, "*"), "not-the-secret");
    for (int i = 0; i < 20; i++) {
      assertEquals(401, hold(forgedKari).statusCode());
    }
    String kari = TOKENS.patient("patient-kari", "*");
    for (int i = 0; i < 5; i++) {
      assertNotEquals(429, hold(kari).statusCode());
    }
    HttpResponse<Buffer> sixth = hold(kari);
    assertEquals(429, sixth.statusCode());
    assertEquals("12", sixth.getHeader("Retry-After"));
  }

  private HttpResponse<Buffer> hold(String token) throws Exception {
    return http.post(node.port(), "127.0.0.1", "/api/v1/slots/no-such-slot/hold")
        .putHeader("Authorization", "Bearer " + token).sendJsonObject(new JsonObject())
        .map(r -> checked("POST", "/api/v1/slots/no-such-slot/hold", r)).await();
  }

  @Test
  void signInIsLimitedPerAddressAndSignalingConnectsPerUser() throws Exception {
    Rate three = new Rate(3, Duration.ofMinutes(1));
    start(new KonsilConfig.RateLimits(new KonsilConfig.RateLimits.Limit(null, three),
        new KonsilConfig.RateLimits.Limit(null, null), new KonsilConfig.RateLimits.Limit(null, null),
        new KonsilConfig.RateLimits.Limit(three, null)));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, signIn("patient-kari").statusCode());
    }
    HttpResponse<Buffer> fourth = signIn("patient-ola");
    assertEquals(429, fourth.statusCode());
    assertEquals("rate-limited", fourth.bodyAsJsonObject().getString("code"));

    String room = "konsil-limits";
    String gp = TOKENS.gp("gp-hansen", room);
    for (int i = 0; i < 3; i++) {
      ScriptedSocket s = ScriptedSocket.connect(vertx, "ws://127.0.0.1:" + node.port() + "/signal/" + room + "?jwt=" + gp)
          .await();
      s.next("welcome").await();
      s.close().await();
    }
    ScriptedSocket.Refusal refusal = ScriptedSocket.refused(vertx,
        "ws://127.0.0.1:" + node.port() + "/signal/" + room + "?jwt=" + gp).await();
    assertEquals(429, refusal.status());
    assertEquals("rate-limited", refusal.code());
    // Another user still connects.
    ScriptedSocket other = ScriptedSocket.connect(vertx, "ws://127.0.0.1:" + node.port() + "/signal/" + room + "?jwt="
        + TOKENS.gp("gp-berg", room)).await();
    assertEquals("welcome", other.next("welcome").await().getString("type"));
  }

  private HttpResponse<Buffer> signIn(String userId) throws Exception {
    return http.post(node.port(), "127.0.0.1", "/api/v1/demo/sign-in")
        .sendJsonObject(new JsonObject().put("userId", userId)).map(r -> checked("POST", "/api/v1/demo/sign-in", r))
        .await();
  }

  /** Every response is checked against the OpenAPI document (a 429 must be documented where it happens). */
  private static HttpResponse<Buffer> checked(String method, String path, HttpResponse<Buffer> r) {
    ResponseContract.get().check(method, path, r.statusCode(), r.getHeader("content-type"), r.body());
    return r;
  }
}
