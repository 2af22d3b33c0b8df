package io.konsil.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.ScriptedSocket.Refusal;
import io.konsil.common.testing.TestTokens;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything the server decides before the upgrade: tokens exactly as Jitsi's token authentication, origin, room. */
class HandshakeTest extends SignalingTestBase {

  private Refusal refused(String room, String jwt) {
    return await(ScriptedSocket.refused(vertx, url(room, jwt)));
  }

  private void assertRefused(String room, String jwt, int status, String code) {
    Refusal r = refused(room, jwt);
    assertEquals(status, r.status(), () -> "status for " + code + ": " + r.body());
    assertEquals(code, r.code());
    assertEquals(code, r.body().getString("code"));
    assertEquals("https://konsil.io/problems/" + code, r.body().getString("type"));
  }

  @Test
  void aValidJitsiStyleTokenIsWelcomed() {
    String room = room();
    Joined gp = gp(room);
    assertEquals(room, gp.first().getString("room"));
    assertEquals("gp", gp.first().getString("role"));
    assertTrue(gp.first().getBoolean("moderator"));
    assertTrue(gp.first().getString("participantId").startsWith("p-"));
    assertTrue(gp.first().getString("resumeToken").length() >= 43);
  }

  @Test
  void everyTokenRefusalReasonIsAnHttp401WithItsCodeAndIsCounted() {
    String room = room();
    JsonObject good = tokens.claims("u1", "User One", "patient", false, room);
    long now = Instant.now().getEpochSecond();
    assertRefused(room, null, 401, "token-missing");
    assertRefused(room, "not-a-jwt", 401, "token-malformed");
    assertRefused(room, tokens.algNone(good), 401, "token-alg-none");
    assertRefused(room, tokens.hs256(good, "another-secret-entirely-of-decent-length"), 401, "token-signature");
    assertRefused(room, tokens.hs256(good.copy().put("exp", now - 3600)), 401, "token-expired");
    assertRefused(room, tokens.hs256(good.copy().put("nbf", now + 3600)), 401, "token-not-yet-valid");
    assertRefused(room, tokens.hs256(good.copy().put("aud", "someone-else")), 401, "token-audience");
    assertRefused(room, tokens.hs256(good.copy().put("iss", "someone-else")), 401, "token-issuer");
    assertRefused(room, tokens.hs256(good.copy().put("room", "other-room")), 401, "token-room-mismatch");
    // Asymmetric tokens without a configured JWKS are not accepted.
    assertRefused(room, tokens.rs256(good), 401, "token-alg-unsupported");
    for (String reason : List.of("token-missing", "token-malformed", "token-alg-none", "token-signature", "token-expired",
        "token-not-yet-valid", "token-audience", "token-issuer", "token-room-mismatch", "token-alg-unsupported")) {
      assertEquals(1.0, counter("konsil.token.refusals", "reason", reason), reason);
      assertEquals(1.0, counter("konsil.handshake.refusals", "reason", reason), reason);
    }
  }

  @Test
  void aRoomWildcardTokenAndCaseInsensitiveRoomNamesAreAcceptedAsJitsiDoes() {
    String room = room();
    ScriptedSocket star = connect(room, tokens.hs256(tokens.claims("gp-star", "Dr Star", "gp", true, "*")));
    assertEquals(room, await(star.next("welcome")).getString("room"));
    ScriptedSocket upper = connect(room.toUpperCase(), tokens.hs256(tokens.claims("gp-up", "Dr Up", "gp", true, room)));
    JsonObject welcome = await(upper.next("welcome"));
    // Same room: the second sees the first.
    assertEquals(1, welcome.getJsonArray("participants").size());
  }

  @Test
  void rs256AndEs256TokensVerifyAgainstAJwksServedOverHttpAndAnUnknownKidIsRefused() {
    HttpServer jwks = await(vertx.createHttpServer()
        .requestHandler(req -> req.response().putHeader("content-type", "application/json").end(tokens.jwks()))
        .listen(0, "127.0.0.1"));
    try {
      KonsilConfig base = config();
      KonsilConfig.Jwt jwt = new KonsilConfig.Jwt(TestTokens.APP_ID, TestTokens.SECRET, false,
          List.of("http://127.0.0.1:" + jwks.actualPort() + "/jwks.json"), List.of(), List.of(), Duration.ofSeconds(30));
      restart(base.withJwt(jwt));
      String room = room();
      ScriptedSocket rs = connect(room, tokens.rs256(tokens.claims("gp-rs", "Dr RS", "gp", true, room)));
      assertEquals("gp", await(rs.next("welcome")).getString("role"));
      ScriptedSocket es = connect(room, tokens.es256(tokens.claims("gp-es", "Dr ES", "specialist", true, room)));
      assertEquals("specialist", await(es.next("welcome")).getString("role"));
      assertRefused(room, tokens.rs256WithKid(tokens.claims("gp-x", "Dr X", "gp", true, room), "kid-nobody-published"),
          401, "token-key-unknown");
      assertRefused(room, tokens.es256(tokens.claims("gp-late", "Dr Late", "gp", true, room).put("exp", 1)), 401,
          "token-expired");
    } finally {
      await(jwks.close());
    }
  }

  @Test
  void anInvalidRoomNameIsRefusedWith400() {
    assertRefused("bad%20room", tokens.gp("x", "*"), 400, "room-invalid");
    assertRefused("a".repeat(65), tokens.gp("x", "*"), 400, "room-invalid");
  }

  @Test
  void onlyAllowedOriginsMayConnectFromABrowser() {
    restart(config(new KonsilConfig.Signaling(8, 65536, 50, 100, 3, Duration.ofSeconds(5), Duration.ofMillis(1500), 5,
        List.of("https://portal.example.org"), false)));
    String room = room();
    Refusal evil = await(ScriptedSocket.refused(vertx, url(room, tokens.gp("gp-o", room)), "https://evil.example.com"));
    assertEquals(403, evil.status());
    assertEquals("origin-not-allowed", evil.code());
    ScriptedSocket portal = await(ScriptedSocket.connect(vertx, url(room, tokens.gp("gp-o", room)), "https://portal.example.org"));
    await(portal.next("welcome"));
    // Non-browser clients send no Origin and are not subject to the allowlist.
    ScriptedSocket nonBrowser = connect(room, tokens.gp("gp-n", room));
    await(nonBrowser.next("welcome"));
    assertEquals(1.0, counter("konsil.handshake.refusals", "reason", "origin-not-allowed"));
  }

  @Test
  void aTokenMayHoldOnlyThreeConnectionsAtOnce() {
    String room = room();
    String token = tokens.gp("gp-many", room);
    ScriptedSocket first = connect(room, token);
    await(first.next("welcome"));
    ScriptedSocket second = connect(room, token);
    ScriptedSocket third = connect(room, token);
    Refusal fourth = refused(room, token);
    assertEquals(429, fourth.status());
    assertEquals("too-many-connections", fourth.code());
    // Another token of the same user is counted on its own.
    await(connect(room, tokens.hs256(tokens.claims("gp-many", "Dr Many", "gp", true, room).put("jti", "second-token")))
        .await(f -> true, java.time.Duration.ofSeconds(3)));
    await(third.close());
    await(third.closed());
    ScriptedSocket again = retryConnect(room, token);
    assertFalse(again.isClosed());
    second.close();
  }

  private ScriptedSocket retryConnect(String room, String token) {
    for (int i = 0; i < 50; i++) {
      try {
        return connect(room, token);
      } catch (RuntimeException e) {
        await(io.vertx.core.Future.future(p -> vertx.setTimer(50, t -> p.complete())));
      }
    }
    throw new AssertionError("the freed connection slot was never given back");
  }

  @Test
  void aPreflightWithoutUpgradeRunsTheSameChecksAndSaysWhetherTheCallerWouldWait() {
    String room = room();
    WebClient web = WebClient.create(vertx);
    var ok = await(web.getAbs(server.http() + "/signal/" + room + "?jwt=" + tokens.patient("pat-pre", room)).send());
    assertEquals(200, ok.statusCode());
    JsonObject body = ok.bodyAsJsonObject();
    assertEquals("pat-pre", body.getJsonObject("user").getString("id"));
    assertTrue(body.getBoolean("lobby"));
    var refused = await(web.getAbs(server.http() + "/signal/" + room + "?jwt=garbage").send());
    assertEquals(401, refused.statusCode());
    assertEquals("application/problem+json", refused.getHeader("content-type"));
    assertEquals("token-malformed", refused.bodyAsJsonObject().getString("code"));
    web.close();
  }
}
