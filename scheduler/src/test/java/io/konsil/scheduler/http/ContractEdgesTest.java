package io.konsil.scheduler.http;

import static io.konsil.scheduler.Responses.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.scheduler.Fixture;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The edges of the contract that property-based testing from the OpenAPI document found: strings taken literally,
 * empty query values, long URLs, lengths in code points, bodies that are not JSON. Every response is also checked
 * against the document by the fixture's client.
 */
@ExtendWith(VertxExtension.class)
class ContractEdgesTest {
  /** Strings a JSON-minded decoder mistakes for something else. */
  private static final List<String> TRICKY = List.of("a\"b", "a\\b", "[1]", "{}", "null", "true", "1e3", "50%off",
      "\"quoted\"", "x y", "a+b", "é", "😀");
  private static final String EMOJI = "😀";
  private Fixture f;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    f = await(Fixture.start(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    await(f.stop());
  }

  @Test
  void unknownIdsThatLookLikeJsonOrCarryQuotesAreNotFoundNotUndecodable() throws Exception {
    String kari = f.patient("kari");
    for (String id : TRICKY) {
      for (String path : List.of("/api/v1/appointments/", "/api/v1/referrals/", "/api/v1/second-opinions/")) {
        HttpResponse<Buffer> r = await(f.get(path + enc(id), kari));
        problem(r, 404, "not-found");
        assertFalse(r.bodyAsJsonObject().getString("title").contains(id), r.bodyAsString());
      }
      problem(await(f.post("/api/v1/slots/" + enc(id) + "/hold", kari, null)), 404, "not-found");
    }
  }

  /** Found by the bad-input campaign: Vert.x routes an empty segment away (to the list, or to another operation). */
  @Test
  void aPathWithAnEmptySegmentIsNotFound() throws Exception {
    String kari = f.patient("kari");
    for (String path : List.of("/api/v1/second-opinions/", "/api/v1/appointments/", "/api/v1/slots/")) {
      problem(await(f.get(path, kari)), 404, "not-found");
    }
    problem(await(f.post("/api/v1/second-opinions//accept", kari, new JsonObject())), 404, "not-found");
    problem(await(f.post("/api/v1/appointments//cancel", kari, new JsonObject())), 404, "not-found");
    problem(await(f.get("/api/v1//slots", kari)), 404, "not-found");
  }

  @Test
  void queryFiltersAreSearchedForAsTheStringsTheyAre() throws Exception {
    String kari = f.patient("kari");
    for (String value : TRICKY) {
      for (String query : List.of("/api/v1/slots?specialty=", "/api/v1/slots?hospital=", "/api/v1/slots?region=",
          "/api/v1/slots?language=", "/api/v1/clinicians?hospital=", "/api/v1/waiting-times?specialty=")) {
        HttpResponse<Buffer> r = await(f.get(query + enc(value), kari));
        assertEquals(200, r.statusCode(), query + value + " → " + r.bodyAsString());
        assertEquals(0, r.bodyAsJsonObject().getJsonArray("items").size(), query + value);
      }
    }
    // The same filters with a real value still find what they should.
    assertEquals(12, await(f.get("/api/v1/slots?specialty=cardiology&limit=100", kari)).bodyAsJsonObject()
        .getJsonArray("items").size());
  }

  @Test
  void anyIdempotencyKeyTheSchemaAllowsIsAKey() throws Exception {
    String kari = f.patient("kari");
    List<String> keys = List.of("a\"b", "50%off", "[1]", "{}", "a\\b", "%22", "x".repeat(200));
    for (int i = 0; i < keys.size(); i++) {
      JsonObject body = new JsonObject().put("slotId", "card-1-" + (i % 6)).put("kind", "specialist-consultation");
      if (i >= 6) {
        body.put("slotId", "card-2-" + (i - 6));
      }
      HttpResponse<Buffer> first = await(f.book(kari, keys.get(i), body));
      assertEquals(201, first.statusCode(), keys.get(i) + " → " + first.bodyAsString());
      HttpResponse<Buffer> again = await(f.book(kari, keys.get(i), body));
      assertEquals(200, again.statusCode(), keys.get(i) + " → " + again.bodyAsString());
      assertEquals(first.bodyAsJsonObject().getString("id"), again.bodyAsJsonObject().getString("id"));
    }
    // Keys are not decoded: "%22" and "\"" are two keys, so this is a new booking attempt (of a taken slot).
    problem(await(f.book(kari, "\"", new JsonObject().put("slotId", "card-1-5"))), 409, "slot-unavailable");
    HttpResponse<Buffer> tooLong = await(f.book(kari, "x".repeat(201), new JsonObject().put("slotId", "gp-1-0")));
    problem(tooLong, 400, "idempotency-key-missing");
  }

  @Test
  void emptyQueryValuesAreRefusedLikeAnyBadValue() throws Exception {
    String kari = f.patient("kari");
    String gp = f.token("gp-1", "gp", "H1");
    List<String[]> cases = List.of(
        new String[] {"/api/v1/slots?", "mode"}, new String[] {"/api/v1/slots?", "from"},
        new String[] {"/api/v1/slots?", "to"}, new String[] {"/api/v1/slots?", "cursor"},
        new String[] {"/api/v1/slots?", "limit"}, new String[] {"/api/v1/slots?", "specialty"},
        new String[] {"/api/v1/slots?", "hospital"}, new String[] {"/api/v1/slots?", "language"},
        new String[] {"/api/v1/appointments?", "scope"}, new String[] {"/api/v1/appointments?", "from"},
        new String[] {"/api/v1/appointments?", "to"}, new String[] {"/api/v1/agenda?", "date"},
        new String[] {"/api/v1/clinicians?", "specialty"}, new String[] {"/api/v1/waiting-times?", "region"});
    for (String[] c : cases) {
      HttpResponse<Buffer> r = await(f.get(c[0] + c[1] + "=", c[0].contains("agenda") ? gp : kari));
      problem(r, 400, "invalid-query");
      assertEquals(c[1], r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"), c[1]);
    }
    HttpResponse<Buffer> release = await(f.request(HttpMethod.DELETE, "/api/v1/slots/card-1-0/hold?holdId=", kari,
        null, MultiMap.caseInsensitiveMultiMap()));
    problem(release, 400, "invalid-query");
  }

  @Test
  void theLongestUrlTheDocumentAllowsIsServedAndLongerOnesGetAProblem() throws Exception {
    String kari = f.patient("kari");
    String filter = enc(EMOJI.repeat(200));
    String url = "/api/v1/slots?specialty=" + filter + "&hospital=" + filter + "&region=" + filter + "&language="
        + filter + "&cursor=" + "A".repeat(400) + "&from=2030-03-05T07:00:00.000000000%2B01:00&to=2030-03-06&limit=100";
    assertTrue(url.length() > 9600, "each filter percent-encodes to 12 bytes per character");
    HttpResponse<Buffer> served = await(f.get(url, kari));
    // A cursor of 400 A's is well-formed but not one this API made: a 400 that names it, not a 414.
    problem(served, 400, "invalid-query");
    assertEquals("cursor", served.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
    HttpResponse<Buffer> found = await(f.get(url.replaceFirst("&cursor=A+", ""), kari));
    assertEquals(200, found.statusCode(), found.bodyAsString());

    HttpResponse<Buffer> tooLong = await(f.get("/api/v1/slots?specialty=" + "a".repeat(40_000), kari));
    problem(tooLong, 414, "uri-too-long");
    HttpResponse<Buffer> headers = await(f.request(HttpMethod.GET, "/api/v1/slots", kari, null,
        MultiMap.caseInsensitiveMultiMap().add("X-Padding", "p".repeat(20_000))));
    problem(headers, 431, "headers-too-large");
  }

  @Test
  void maxLengthCountsCharactersNotUtf16Units() throws Exception {
    String kari = f.patient("kari");
    HttpResponse<Buffer> ok = await(f.get("/api/v1/slots?specialty=" + enc(EMOJI.repeat(101)), kari));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    problem(await(f.get("/api/v1/slots?specialty=" + enc(EMOJI.repeat(201)), kari)), 400, "invalid-query");

    String gp = f.token("gp-1", "gp", "H1");
    JsonObject body = new JsonObject().put("slotId", "gp-1-0").put("patientId", "kari")
        .put("patientName", EMOJI.repeat(101));
    HttpResponse<Buffer> booked = await(f.book(gp, "k-101", body));
    assertEquals(201, booked.statusCode(), booked.bodyAsString());
    assertEquals(EMOJI.repeat(101), booked.bodyAsJsonObject().getString("patientName"));
    HttpResponse<Buffer> refused = await(f.book(gp, "k-201", body.copy().put("slotId", "gp-1-1")
        .put("patientName", EMOJI.repeat(201))));
    problem(refused, 400, "invalid-request");
    assertEquals("patientName", refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  void aBodyThatIsNotSentAsJsonIsUnsupportedAndChangesNothing() throws Exception {
    String kari = f.patient("kari");
    Buffer body = new JsonObject().put("slotId", "card-1-0").toBuffer();
    problem(await(raw(HttpMethod.POST, "/api/v1/appointments", kari, "text/plain", body, "k1")), 415,
        "unsupported-media-type");
    problem(await(raw(HttpMethod.POST, "/api/v1/appointments", kari, null, body, "k2")), 415,
        "unsupported-media-type");
    problem(await(raw(HttpMethod.POST, "/api/v1/referrals", f.token("gp-1", "gp", "H1"), "application/x-www-form-urlencoded",
        Buffer.buffer("patientId=kari"), null)), 415, "unsupported-media-type");
    // Form bodies are never decoded as forms (a bad escape, an overlong field or a GET used to fail outside any handler).
    problem(await(raw(HttpMethod.POST, "/api/v1/appointments", kari, "application/x-www-form-urlencoded",
        Buffer.buffer("slotId=%zz&" + "a=" + "x".repeat(2_000_000).substring(0, 60_000)), "k4")), 415,
        "unsupported-media-type");
    HttpResponse<Buffer> search = await(raw(HttpMethod.GET, "/api/v1/slots?limit=1", kari,
        "multipart/form-data; boundary=x", Buffer.buffer("--x\r\n"), null));
    assertEquals(200, search.statusCode(), search.bodyAsString());
    assertEquals(0, await(f.get("/api/v1/appointments", kari)).bodyAsJsonObject().getJsonArray("items").size());
    HttpResponse<Buffer> booked = await(raw(HttpMethod.POST, "/api/v1/appointments", kari,
        "application/json; charset=utf-8", body, "k3"));
    assertEquals(201, booked.statusCode(), booked.bodyAsString());
    // Operations that take no body do not care what comes with an empty one.
    HttpResponse<Buffer> cancelled = await(raw(HttpMethod.POST, "/api/v1/appointments/"
        + booked.bodyAsJsonObject().getString("id") + "/cancel", kari, "text/plain", Buffer.buffer(), null));
    assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
  }

  @Test
  void oversizeAndNonUtf8BodiesAreAnsweredNotLeftHanging() throws Exception {
    String gp = f.token("gp-1", "gp", "H1");
    Buffer big = new JsonObject().put("patientId", "x".repeat(70_000)).toBuffer();
    problem(await(raw(HttpMethod.POST, "/api/v1/referrals", gp, "application/json", big, null)), 413,
        "body-too-large");
    byte[] bytes = new byte[300];
    new java.util.Random(7).nextBytes(bytes);
    bytes[0] = (byte) 0xC3;
    bytes[1] = 0x28;
    problem(await(raw(HttpMethod.POST, "/api/v1/appointments", f.patient("kari"), null, Buffer.buffer(bytes), "k")),
        415, "unsupported-media-type");
    problem(await(raw(HttpMethod.POST, "/api/v1/appointments", f.patient("kari"), "application/json",
        Buffer.buffer(bytes), "k")), 400, "invalid-json");
    // The same client goes on being served.
    assertEquals(200, await(f.get("/api/v1/slots?limit=1", f.patient("kari"))).statusCode());
  }

  @Test
  void aPathSegmentThatIsNotPercentEncodingIsRefusedWithoutEchoingIt() throws Exception {
    HttpResponse<Buffer> r = await(f.get("/api/v1/appointments/50%off", f.patient("kari")));
    problem(r, 400, "bad-request");
    assertFalse(r.bodyAsString().contains("%of"), r.bodyAsString());
    HttpResponse<Buffer> query = await(f.get("/api/v1/slots?specialty=50%off", f.patient("kari")));
    problem(query, 400, "invalid-query");
    assertFalse(query.bodyAsString().contains("%of"), query.bodyAsString());
  }

  private Future<HttpResponse<Buffer>> raw(HttpMethod method, String path, String token, String contentType,
                                           Buffer body, String key) {
    HttpRequest<Buffer> req = f.client.requestAbs(method, f.base + path).putHeader("Authorization", "Bearer " + token);
    if (contentType != null) {
      req.putHeader("content-type", contentType);
    }
    if (key != null) {
      req.putHeader("Idempotency-Key", key);
    }
    return req.sendBuffer(body).map(r -> Fixture.checked(method, path, r));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
