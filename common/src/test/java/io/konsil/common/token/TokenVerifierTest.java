package io.konsil.common.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException;
import io.konsil.common.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The token checks of Jitsi's token authentication, with tokens minted the way Jitsi deployments mint them. */
@ExtendWith(VertxExtension.class)
class TokenVerifierTest {
  private static final Duration SKEW = Duration.ofSeconds(30);

  private static KonsilConfig.Jwt hs(String appId, String secret) {
    return new KonsilConfig.Jwt(appId, secret, false, List.of(), List.of(), List.of(), SKEW);
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String refusal(Future<Caller> f) {
    Throwable t = await(f.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null)));
    if (t == null) {
      throw new AssertionError("token was accepted");
    }
    assertTrue(t instanceof KonsilException, t.toString());
    assertEquals(401, ((KonsilException) t).status());
    return ((KonsilException) t).code();
  }

  @Test
  void jitsisShortExampleSecretAndStringModeratorAreAccepted(Vertx vertx) {
    TestTokens jitsi = new TestTokens("my_app_id", "secret");
    TokenVerifier verifier = TokenVerifier.create(vertx, hs("my_app_id", "secret"));
    JsonObject claims = jitsi.claims("user-1", "Kari", null, true, "room1");
    claims.remove("moderator");
    Caller caller = await(verifier.verifyForRoom(jitsi.hs256(claims), "room1"));
    assertEquals("user-1", caller.id());
    assertEquals("Kari", caller.name());
    assertTrue(caller.moderator(), "context.user.moderator \"true\" makes a moderator");
    assertEquals(Role.GP, caller.role(), "a role-less moderator acts as a clinician");

    JsonObject plain = jitsi.claims("user-2", "Ola", null, false, "room1");
    Caller patient = await(verifier.verifyForRoom(jitsi.hs256(plain), "room1"));
    assertFalse(patient.moderator());
    assertEquals(Role.PATIENT, patient.role());
  }

  @Test
  void theJitsiAudienceIsAcceptedAndRolesGpAndSpecialistModerateWhateverTheClaimSays(Vertx vertx) {
    TestTokens t = new TestTokens();
    TokenVerifier verifier = TokenVerifier.create(vertx, hs(TestTokens.APP_ID, TestTokens.SECRET));
    Caller c = await(verifier.verify(t.hs256(t.claims("s1", "Dr S", "specialist", false, "r").put("aud", "jitsi"))));
    assertTrue(c.moderator());
    assertEquals(Role.SPECIALIST, c.role());
    Caller nurse = await(verifier.verify(t.hs256(t.claims("n1", "Nurse", "nurse", false, "r"))));
    assertFalse(nurse.moderator());
    assertEquals(Role.NURSE, nurse.role());
  }

  @Test
  void roomStarMatchesEveryRoomAndRoomNamesCompareCaseInsensitively(Vertx vertx) {
    TestTokens t = new TestTokens();
    TokenVerifier verifier = TokenVerifier.create(vertx, hs(TestTokens.APP_ID, TestTokens.SECRET));
    String star = t.hs256(t.claims("u", "U", "gp", true, "*"));
    assertEquals("*", await(verifier.verifyForRoom(star, "any-room")).roomClaim());
    String mixed = t.hs256(t.claims("u", "U", "gp", true, "Konsil-ABC"));
    assertEquals("u", await(verifier.verifyForRoom(mixed, "konsil-abc")).id());
    assertEquals("token-room-mismatch", refusal(verifier.verifyForRoom(mixed, "konsil-abd")));
    assertEquals("token-room-mismatch", refusal(verifier.verifyForRoom(t.hs256(t.claims("u", "U", "gp", true, "r").put("room", "")), "r")));
  }

  @Test
  void expiryAndNotBeforeAllowTheClockSkewButNoMore(Vertx vertx) {
    TestTokens t = new TestTokens();
    TokenVerifier verifier = TokenVerifier.create(vertx, hs(TestTokens.APP_ID, TestTokens.SECRET));
    long now = Instant.now().getEpochSecond();
    JsonObject c = t.claims("u", "U", "patient", false, "r");
    assertEquals("u", await(verifier.verify(t.hs256(c.copy().put("exp", now - 10)))).id());
    assertEquals("token-expired", refusal(verifier.verify(t.hs256(c.copy().put("exp", now - 60)))));
    assertEquals("u", await(verifier.verify(t.hs256(c.copy().put("nbf", now + 10)))).id());
    assertEquals("token-not-yet-valid", refusal(verifier.verify(t.hs256(c.copy().put("nbf", now + 60)))));
    JsonObject noExp = c.copy();
    noExp.remove("exp");
    assertEquals("token-expired", refusal(verifier.verify(t.hs256(noExp))));
  }

  @Test
  void everyRefusalHasItsReasonCode(Vertx vertx) {
    TestTokens t = new TestTokens();
    TokenVerifier verifier = TokenVerifier.create(vertx, hs(TestTokens.APP_ID, TestTokens.SECRET));
    JsonObject c = t.claims("u", "U", "patient", false, "r");
    assertEquals("token-missing", refusal(verifier.verify(null)));
    assertEquals("token-missing", refusal(verifier.verify(" ")));
    assertEquals("token-malformed", refusal(verifier.verify("a.b")));
    assertEquals("token-malformed", refusal(verifier.verify("%%%.***.###")));
    assertEquals("token-alg-none", refusal(verifier.verify(t.algNone(c))));
    assertEquals("token-signature", refusal(verifier.verify(t.hs256(c, "a-different-secret"))));
    assertEquals("token-audience", refusal(verifier.verify(t.hs256(c.copy().put("aud", "other")))));
    assertEquals("token-issuer", refusal(verifier.verify(t.hs256(c.copy().put("iss", "other")))));
    assertEquals("token-alg-unsupported", refusal(verifier.verify(t.rs256(c))));
    // A signature made for other claims does not verify these.
    String good = t.hs256(c);
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(c.copy().put("moderator", true).encode().getBytes()) + "." + parts[2];
    assertEquals("token-signature", refusal(verifier.verify(tampered)));
  }

  @Test
  void rs256AndEs256VerifyAgainstAJwksAndAnUnknownKidTriggersOneRefresh(Vertx vertx) {
    TestTokens t = new TestTokens();
    AtomicInteger fetches = new AtomicInteger();
    AtomicReference<String> published = new AtomicReference<>(new TestTokens().jwks());
    HttpServer jwks = await(vertx.createHttpServer().requestHandler(req -> {
      fetches.incrementAndGet();
      req.response().putHeader("content-type", "application/json").end(published.get());
    }).listen(0, "127.0.0.1"));
    try {
      KonsilConfig.Jwt config = new KonsilConfig.Jwt(TestTokens.APP_ID, TestTokens.SECRET, false,
          List.of("http://127.0.0.1:" + jwks.actualPort() + "/jwks"), List.of(), List.of(), SKEW);
      TokenVerifier verifier = TokenVerifier.create(vertx, config);
      JsonObject c = t.claims("u", "U", "gp", true, "r").put("iss", "https://idp.example.org");
      // The JWKS does not yet hold t's keys: unknown kid, after one fetch.
      assertEquals("token-key-unknown", refusal(verifier.verify(t.rs256(c))));
      assertEquals(1, fetches.get());
      // Key rotation at the identity provider: keys published later are picked up without a restart,
      // but refreshes are rate-limited (30 s), so a burst of forged kids does not hammer the JWKS.
      published.set(t.jwks());
      assertEquals("token-key-unknown", refusal(verifier.verify(t.rs256WithKid(c, "forged"))));
      assertTrue(fetches.get() <= 2, "fetches " + fetches.get());

      TokenVerifier fresh = TokenVerifier.create(vertx, config);
      assertEquals("u", await(fresh.verify(t.rs256(c))).id());
      assertEquals("u", await(fresh.verify(t.es256(c))).id());
      assertEquals("token-key-unknown", refusal(fresh.verify(t.rs256WithKid(c, "nobody"))));
      assertEquals("token-expired", refusal(fresh.verify(t.es256(c.copy().put("exp", 1000)))));
      assertEquals("token-audience", refusal(fresh.verify(t.rs256(c.copy().put("aud", "other")))));
    } finally {
      await(jwks.close());
    }
  }

  @Test
  void aVerifiedTokenIsRememberedButStillExpiresAndStaysBoundToItsRoom(Vertx vertx) throws Exception {
    TestTokens tokens = new TestTokens();
    TokenVerifier verifier = TokenVerifier.create(vertx,
        new KonsilConfig.Jwt(TestTokens.APP_ID, TestTokens.SECRET, false, List.of(), List.of(), List.of(), Duration.ZERO));
    JsonObject claims = tokens.claims("user-9", "Ola", "patient", false, "room-a");
    claims.put("exp", Instant.now().getEpochSecond() + 2);
    String token = tokens.hs256(claims);
    Caller first = await(verifier.verifyForRoom(token, "room-a"));
    Caller again = await(verifier.verifyForRoom(token, "room-a"));
    assertTrue(first == again, "the second call is answered from the cache");
    assertEquals("token-room-mismatch", refusal(verifier.verifyForRoom(token, "room-b")));
    Thread.sleep(Duration.between(Instant.now(), first.expiresAt()).toMillis() + 300);
    assertEquals("token-expired", refusal(verifier.verifyForRoom(token, "room-a")));
  }
}
