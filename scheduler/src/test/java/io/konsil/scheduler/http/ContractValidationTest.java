package io.konsil.scheduler.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.error.Problems;
import io.konsil.common.testing.ResponseContract;
import io.konsil.scheduler.Fixture;
import io.konsil.scheduler.SchedulerFeature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests are checked against the OpenAPI document before any handler runs: each kind of contract violation is a 400
 * that names the field, nothing is written, and the same connection goes on serving.
 */
@ExtendWith(VertxExtension.class)
class ContractValidationTest {
  private Fixture f;
  private HttpClientAgent http;
  private HttpClientConnection connection;
  private io.vertx.core.Context context;

  /** A response as read from the one connection. */
  record Reply(int status, String contentType, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    List<String> fields() {
      return json().getJsonArray("errors", new JsonArray()).stream().map(e -> ((JsonObject) e).getString("field"))
          .toList();
    }

    void problem(int expectedStatus, String code, String... fieldsNamed) {
      assertEquals(expectedStatus, status, body.toString());
      assertEquals(Problems.CONTENT_TYPE, contentType);
      assertEquals(code, json().getString("code"), body.toString());
      assertEquals(List.of(fieldsNamed).stream().sorted().toList(), fields().stream().sorted().toList(),
          body.toString());
    }
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    http = vertx.createHttpClient();
    Fixture.start(vertx).compose(fx -> {
      f = fx;
      return http.connect(new HttpConnectOptions().setHost("127.0.0.1").setPort(fx.server.port()));
    }).onComplete(ctx.succeeding(c -> {
      connection = c;
      context = io.vertx.core.Vertx.currentContext();
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    http.close().compose(v -> f.stop()).onComplete(ctx.succeedingThenComplete());
  }

  /** Every request of a test goes over the same connection: a refused request must not cost the client it. */
  private Future<Reply> send(HttpMethod method, String uri, String token, Object body, String... headers) {
    // Requests are made on the connection's own context: issued from the JUnit thread, an HTTP/1 connection reused
    // request after request occasionally never completed a response (about one run in three).
    return Future.future(p -> context.runOnContext(v -> request(method, uri, token, body, headers).onComplete(p)));
  }

  private Future<Reply> request(HttpMethod method, String uri, String token, Object body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    if (body != null) {
      options.putHeader("content-type", "application/json");
    }
    return connection.request(options)
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body.toString())))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("content-type"), b)))
        .map(r -> {
          ResponseContract.get().check(method.name(), uri, r.status(), r.contentType(), r.body());
          return r;
        });
  }

  @Test
  void aBodyFieldOfTheWrongTypeIsRefusedByNameAndNothingIsBooked(VertxTestContext ctx) {
    String kari = f.patient("kari");
    send(HttpMethod.POST, "/api/v1/appointments", kari, new JsonObject().put("slotId", 42).put("holdId", true),
        "Idempotency-Key", "k1").compose(r -> {
          r.problem(400, "invalid-request", "slotId", "holdId");
          return send(HttpMethod.POST, "/api/v1/appointments", kari, new JsonArray().add("card-1-0"),
              "Idempotency-Key", "k2");
        }).compose(r -> {
          r.problem(400, "invalid-json");
          return send(HttpMethod.GET, "/api/v1/appointments", kari, null);
        }).compose(r -> {
          assertEquals(200, r.status());
          assertEquals(0, r.json().getJsonArray("items").size());
          // The slot was not touched: still offered, and bookable with a valid body on the same connection.
          return send(HttpMethod.POST, "/api/v1/appointments", kari, new JsonObject().put("slotId", "card-1-0"),
              "Idempotency-Key", "k3");
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(201, r.status(), r.body().toString());
          assertEquals("card-1-0", r.json().getString("slotId"));
          ctx.completeNow();
        })));
  }

  @Test
  void aMissingRequiredFieldIsNamedAndNoReferralIsWritten(VertxTestContext ctx) {
    String gp = f.tokens.gp("gp-1", "*");
    JsonObject referral = new JsonObject().put("patientId", "kari").put("specialty", "cardiology")
        .put("priority", "normal").put("deadline", "2030-06-01");
    send(HttpMethod.POST, "/api/v1/referrals", gp, referral).compose(r -> {
      r.problem(400, "invalid-request", "clinicalQuestion");
      return send(HttpMethod.GET, "/api/v1/referrals", gp, null);
    }).compose(r -> {
      assertEquals(0, r.json().getJsonArray("items").size(), r.body().toString());
      return send(HttpMethod.POST, "/api/v1/referrals", gp, referral.copy().put("clinicalQuestion", "Murmur?"));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(201, r.status(), r.body().toString());
      ctx.completeNow();
    })));
  }

  @Test
  void anUnknownEnumValueIsNamedWithItsPathInsideTheBody(VertxTestContext ctx) {
    String admin = f.token("admin-1", "admin");
    JsonObject schedule = new JsonObject().put("weekly", new JsonArray()
        .add(new JsonObject().put("day", "monday").put("start", "08:00").put("end", "12:00"))
        .add(new JsonObject().put("day", "funday").put("start", "08:00").put("end", "12:00").put("mode", "fax")));
    send(HttpMethod.GET, "/api/v1/clinicians/gp-1/schedule", admin, null).compose(before ->
        send(HttpMethod.PUT, "/api/v1/clinicians/gp-1/schedule", admin, schedule).compose(r -> {
          r.problem(400, "invalid-request", "weekly[1].day", "weekly[1].mode");
          return send(HttpMethod.POST, "/api/v1/appointments", f.patient("kari"),
              new JsonObject().put("slotId", "card-1-0").put("kind", "house-call"), "Idempotency-Key", "k");
        }).compose(r -> {
          r.problem(400, "invalid-request", "kind");
          return send(HttpMethod.GET, "/api/v1/clinicians/gp-1/schedule", admin, null);
        }).map(after -> {
          assertEquals(before.json(), after.json(), "the schedule is unchanged");
          return after;
        })).compose(r -> send(HttpMethod.GET, "/api/v1/slots?specialty=general-practice", f.patient("kari"), null))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(6, r.json().getJsonArray("items").size(), "gp-1's free slots were not regenerated");
          ctx.completeNow();
        })));
  }

  @Test
  void badQueryParametersAreNamedAndTheConnectionKeepsServing(VertxTestContext ctx) {
    String kari = f.patient("kari");
    send(HttpMethod.GET, "/api/v1/slots?limit=abc", kari, null).compose(r -> {
      r.problem(400, "invalid-query", "limit");
      return send(HttpMethod.GET, "/api/v1/slots?limit=100000", kari, null);
    }).compose(r -> {
      r.problem(400, "invalid-query", "limit");
      return send(HttpMethod.GET, "/api/v1/slots?from=next%20week&mode=fax", kari, null);
    }).compose(r -> {
      assertEquals(400, r.status());
      assertEquals(List.of("from", "mode"), r.fields().stream().sorted().toList());
      return send(HttpMethod.GET, "/api/v1/slots?limit=2&from=2030-03-05T07:00:00.000Z", kari, null);
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(200, r.status(), r.body().toString());
      assertEquals(2, r.json().getJsonArray("items").size());
      ctx.completeNow();
    })));
  }

  @Test
  void aMissingOrEmptyIdempotencyKeyKeepsItsOwnCode(VertxTestContext ctx) {
    send(HttpMethod.POST, "/api/v1/appointments", f.patient("kari"), new JsonObject().put("slotId", "card-1-0"))
        .compose(r -> {
          r.problem(400, "idempotency-key-missing", "Idempotency-Key");
          return send(HttpMethod.POST, "/api/v1/appointments", f.patient("kari"),
              new JsonObject().put("slotId", "card-1-0"), "Idempotency-Key", "x".repeat(201));
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          r.problem(400, "idempotency-key-missing", "Idempotency-Key");
          ctx.completeNow();
        })));
  }

  @Test
  void anonymousCallersGetTheTokenErrorNotTheValidationResult(VertxTestContext ctx) {
    send(HttpMethod.GET, "/api/v1/slots?limit=abc", null, null).compose(r -> {
      r.problem(401, "token-missing");
      // Public operations are validated without a token.
      return send(HttpMethod.POST, "/api/v1/demo/sign-in", null, new JsonObject().put("userId", 7));
    }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      r.problem(400, "invalid-request", "userId");
      ctx.completeNow();
    })));
  }

  /**
   * The cost of validation alone: the same requests through a router with and without the validation handler, on
   * one connection, after a warm-up. Printed for docs/api.md; the bound only catches a gross regression (timings on a
   * loaded machine are noisy).
   */
  @Test
  // 4,500 sequential requests: on a build machine shared with other builds they take longer than the default 30 s.
  @io.vertx.junit5.Timeout(value = 3, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
  void validationAddsOnlyMicrosecondsPerRequest(Vertx vertx, VertxTestContext ctx) {
    RequestContract contract = new RequestContract();
    Router plain = Router.router(vertx);
    Router validated = Router.router(vertx);
    for (Router r : List.of(plain, validated)) {
      r.route("/api/v1/*").handler(BodyHandler.create());
      if (r == validated) {
        r.route("/api/v1/*").handler(contract::validateAuthenticated);
      }
      r.route("/api/v1/*").handler(c -> c.response().setStatusCode(204).end());
    }
    JsonObject body = new JsonObject().put("slotId", "card-1-0").put("holdId", "h").put("kind", "gp-consultation");
    int n = 500;
    // Alternating rounds after a warm-up; the best round of each counts (least disturbed by GC and other threads).
    Future<long[]> rounds = contract.load(vertx, document())
        .compose(v -> timed(vertx, plain, body, n)).compose(v -> timed(vertx, validated, body, n))
        .map(v -> new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
    for (int round = 0; round < 3; round++) {
      rounds = rounds.compose(best -> timed(vertx, plain, body, n).compose(p -> timed(vertx, validated, body, n)
          .map(w -> new long[] {Math.min(best[0], p), Math.min(best[1], w)})));
    }
    rounds.onComplete(ctx.succeeding(t -> ctx.verify(() -> {
      double plainMicros = t[0] / 1000.0 / n;
      double validatedMicros = t[1] / 1000.0 / n;
      System.out.printf("validation overhead: %.1f µs per request (plain %.1f µs, validated %.1f µs; "
          + "GET /slots with 5 parameters and POST /appointments with a body, alternating)%n",
          validatedMicros - plainMicros, plainMicros, validatedMicros);
      // Building the schema validators per request (as vertx-openapi's RequestValidator does) costs about twice as much
      // as the whole request; 3 ms leaves room for a loaded build machine.
      assertTrue(validatedMicros - plainMicros < 3000, "validation costs " + (validatedMicros - plainMicros) + " µs");
      ctx.completeNow();
    })));
  }

  private static Buffer document() {
    try (java.io.InputStream in = ContractValidationTest.class.getClassLoader()
        .getResourceAsStream(SchedulerFeature.OPENAPI_RESOURCE)) {
      return Buffer.buffer(in.readAllBytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Nanoseconds for n sequential requests, half searches and half bookings, each answered 204 when valid. */
  private static Future<Long> timed(Vertx vertx, Router router, JsonObject body, int n) {
    HttpClientAgent client = vertx.createHttpClient();
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").compose(server ->
        client.connect(new HttpConnectOptions().setHost("127.0.0.1").setPort(server.actualPort())).compose(conn -> {
          long t0 = System.nanoTime();
          Future<Void> chain = Future.succeededFuture();
          for (int i = 0; i < n; i++) {
            boolean search = i % 2 == 0;
            chain = chain.compose(v -> conn.request(new RequestOptions()
                    .setMethod(search ? HttpMethod.GET : HttpMethod.POST)
                    .setURI(search ? "/api/v1/slots?specialty=cardiology&region=east&mode=video&limit=20"
                        + "&from=2030-03-05T07:00:00Z" : "/api/v1/appointments")
                    .putHeader("Idempotency-Key", "k").putHeader("content-type", "application/json"))
                .compose(req -> search ? req.send() : req.send(body.toBuffer()))
                .compose(resp -> {
                  if (resp.statusCode() != 204) {
                    return Future.failedFuture("status " + resp.statusCode());
                  }
                  return resp.body().mapEmpty();
                }));
          }
          return chain.map(v -> System.nanoTime() - t0);
        }).eventually(() -> client.close().compose(v -> server.close())));
  }
}
