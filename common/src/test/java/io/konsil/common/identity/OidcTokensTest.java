package io.konsil.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException;
import io.konsil.common.testing.LocalOidcProvider;
import io.konsil.common.testing.TestClock;
import io.konsil.common.testing.TestTokens;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens of OpenID Connect providers, verified against real providers on loopback (discovery + JWKS over HTTP,
 * RS256 and ES256): an ID-porten-style provider for patients and a HelseID-style one for clinicians.
 */
@ExtendWith(VertxExtension.class)
class OidcTokensTest {
  static final String AUD = "konsil-api";
  static final Duration MIN_REFRESH = Duration.ofSeconds(30);
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  Vertx vertx;
  LocalOidcProvider idporten;
  LocalOidcProvider helseid;
  TestClock clock;
  TokenVerifier verifier;
  final TestTokens jitsi = new TestTokens();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    idporten = await(LocalOidcProvider.start(vertx, "idporten"));
    helseid = await(LocalOidcProvider.start(vertx, "helseid"));
    clock = TestClock.now();
    verifier = verifier(config(idporten, helseid, "idporten-loa-substantial"));
  }

  @AfterEach
  void stop() {
    await(idporten.stop());
    await(helseid.stop());
  }

  static String config(LocalOidcProvider patients, LocalOidcProvider clinicians, String minimumAcr) {
    return """
        {"providers": [
          {"issuer": "%s", "kind": "patient", "audiences": ["%s"], "minimumAcr": "%s"},
          {"issuer": "%s", "kind": "clinician", "audiences": ["%s"], "role": "specialist",
           "claims": {"role": "konsil_role"}, "roles": {"GP": "gp", "SPL": "nurse"},
           "organisations": {"974557746": "OUS", "983974899": "SLK", "912345678": "AHUS"}}
        ]}""".formatted(patients.issuer(), AUD, minimumAcr, clinicians.issuer(), AUD);
  }

  TokenVerifier verifier(String configJson) {
    KonsilConfig.Jwt jwt = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).jwt()
        .withIdentityProviders(IdentityProviders.parse(configJson, List.of()), MIN_REFRESH, MAX_AGE);
    return TokenVerifier.create(vertx, jwt, clock);
  }

  @Test
  void aPatientFromTheCitizenProviderIsKnownByPidAndOpensNoRoom() {
    Caller kari = await(verifier.verify(idporten.rs256(idporten.patient("12089012345", "idporten-loa-high", AUD))));
    assertEquals("12089012345", kari.id());
    assertEquals(Role.PATIENT, kari.role());
    assertFalse(kari.moderator());
    assertNull(kari.hospital());
    assertNull(kari.hpr());
    assertEquals(idporten.issuer(), kari.issuer());
    String token = idporten.es256(idporten.patient("12089012345", "idporten-loa-substantial", AUD));
    assertEquals("12089012345", await(verifier.verify(token)).id());
    // A sign-in token is not a room token, however it is spelled.
    assertEquals("token-room-mismatch", refusal(verifier.verifyForRoom(token, "konsil-abc")));
    assertEquals("token-room-mismatch", refusal(verifier.verifyForRoom(token, "*")));
  }

  @Test
  void aPatientLoginBelowTheMinimumLevelOfAssuranceIsRefusedWithItsOwnCode() {
    TokenVerifier high = verifier(config(idporten, helseid, "idporten-loa-high"));
    assertEquals("token-acr-too-low", refusal(high.verify(idporten.rs256(idporten.patient("1", "idporten-loa-substantial", AUD)))));
    assertEquals("token-acr-too-low", refusal(high.verify(idporten.rs256(idporten.patient("1", "Level3", AUD)))));
    assertEquals("token-acr-too-low", refusal(high.verify(idporten.rs256(idporten.patient("1", "idporten-loa-low", AUD)))));
    assertEquals("token-acr-too-low", refusal(high.verify(idporten.rs256(idporten.patient("1", "something", AUD)))));
    JsonObject noAcr = idporten.patient("1", "x", AUD);
    noAcr.remove("acr");
    assertEquals("token-acr-too-low", refusal(high.verify(idporten.rs256(noAcr))));
    // ID-porten's legacy name for "high" still counts.
    assertEquals("1", await(high.verify(idporten.rs256(idporten.patient("1", "Level4", AUD)))).id());
    assertEquals("1", await(high.verify(idporten.rs256(idporten.patient("1", "idporten-loa-high", AUD)))).id());
    // The default minimum is "substantial".
    assertEquals("2", await(verifier.verify(idporten.rs256(idporten.patient("2", "Level3", AUD)))).id());
    JsonObject noPid = idporten.patient("1", "idporten-loa-high", AUD);
    noPid.remove("pid");
    assertEquals("token-claim-missing", refusal(verifier.verify(idporten.rs256(noPid))));
  }

  @Test
  void aClinicianIsKnownByHprNumberWithRoleAndTheHospitalOfTheirOrganisation() {
    Caller c = await(verifier.verify(helseid.rs256(helseid.clinician("565501872", "974557746", null, AUD))));
    assertEquals("hpr-565501872", c.id());
    assertEquals("565501872", c.hpr());
    assertEquals(Role.SPECIALIST, c.role());
    assertTrue(c.moderator());
    assertEquals("OUS", c.hospital());
    assertEquals("Dr. 565501872", c.name());
    // The point of care (child unit) wins over the legal entity.
    assertEquals("AHUS", await(verifier.verify(helseid.es256(
        helseid.clinician("1", "974557746", "912345678", AUD)))).hospital());
    // A child unit the network does not know falls back to the parent.
    assertEquals("SLK", await(verifier.verify(helseid.rs256(
        helseid.clinician("2", "983974899", "999999999", AUD)))).hospital());
    assertEquals("token-organisation-unknown", refusal(verifier.verify(helseid.rs256(
        helseid.clinician("3", "999999999", null, AUD)))));
    // The role claim maps through the configured table; unknown values keep the default role.
    Caller gp = await(verifier.verify(helseid.rs256(helseid.clinician("4", "974557746", null, AUD).put("konsil_role", "GP"))));
    assertEquals(Role.GP, gp.role());
    Caller nurse = await(verifier.verify(helseid.rs256(helseid.clinician("5", "974557746", null, AUD).put("konsil_role", "SPL"))));
    assertEquals(Role.NURSE, nurse.role());
    assertFalse(nurse.moderator());
    assertEquals(Role.SPECIALIST, await(verifier.verify(helseid.rs256(
        helseid.clinician("6", "974557746", null, AUD).put("konsil_role", "ADMIN")))).role());
    JsonObject noHpr = helseid.clinician("7", "974557746", null, AUD);
    noHpr.remove("helseid://claims/hpr/hpr_number");
    assertEquals("token-claim-missing", refusal(verifier.verify(helseid.rs256(noHpr))));
  }

  @Test
  void forgedAndMisaddressedTokensAreRefusedEachWithItsCode() {
    JsonObject patient = idporten.patient("12089012345", "idporten-loa-high", AUD);
    assertEquals("token-alg-none", refusal(verifier.verify(LocalOidcProvider.algNone(patient))));
    // Key confusion: the provider's public key used as an HMAC secret.
    assertEquals("token-alg-unsupported", refusal(verifier.verify(idporten.hs256WithPublicKey(patient))));
    assertEquals("token-alg-unsupported", refusal(verifier.verify(idporten.hs256WithPublicJwk(patient))));
    assertEquals("token-key-unknown", refusal(verifier.verify(idporten.rs256WithKid(patient, "no-such-kid"))));
    assertEquals("token-signature", refusal(verifier.verify(idporten.rs256ByStranger(patient))));
    // Each issuer's tokens verify with that issuer's keys only.
    assertEquals("token-key-unknown", refusal(verifier.verify(helseid.rs256(patient))));
    assertEquals("token-issuer", refusal(verifier.verify(idporten.rs256(patient.copy().put("iss", "https://evil.example")))));
    assertEquals("token-issuer", refusal(verifier.verify(idporten.rs256(patient.copy().put("iss", idporten.issuer() + "/")))));
    assertEquals("token-audience", refusal(verifier.verify(idporten.rs256(patient.copy().put("aud", "other-api")))));
    long now = Instant.now().getEpochSecond();
    assertEquals("token-expired", refusal(verifier.verify(idporten.rs256(patient.copy().put("exp", now - 120)))));
    JsonObject noExp = patient.copy();
    noExp.remove("exp");
    assertEquals("token-expired", refusal(verifier.verify(idporten.rs256(noExp))));
    assertEquals("token-not-yet-valid", refusal(verifier.verify(idporten.rs256(patient.copy().put("nbf", now + 300)))));
    // Jitsi tokens keep working beside the providers.
    String jitsiToken = jitsi.gp("gp-hansen", "konsil-abc");
    assertEquals("gp-hansen", await(verifier.verifyForRoom(jitsiToken, "konsil-abc")).id());
    assertEquals("token-room-mismatch", refusal(verifier.verifyForRoom(jitsiToken, "konsil-other")));
  }

  @Test
  void aProviderWhoseDiscoveryNamesAnotherIssuerIsNeverTrusted() {
    idporten.advertiseIssuer("https://idporten.example");
    KonsilException e = failure(verifier.verify(idporten.rs256(idporten.patient("1", "idporten-loa-high", AUD))));
    assertEquals(503, e.status());
    assertEquals("identity-provider-unavailable", e.code());
    assertEquals(0, idporten.jwksFetches());
  }

  @Test
  void rotatedKeysAreTakenUpWithoutRestartAndWithdrawnKeysStopWorking() {
    JsonObject patient = idporten.patient("12089012345", "idporten-loa-high", AUD);
    assertEquals("12089012345", await(verifier.verify(idporten.rs256(patient))).id());
    assertEquals(1, idporten.jwksFetches());

    RSAKey old = idporten.rotate();
    // Within the refresh interval of the last fetch the new kid is not fetched yet (the rate limit's price).
    assertEquals("token-key-unknown", refusal(verifier.verify(idporten.rs256(fresh(patient)))));
    assertEquals(1, idporten.jwksFetches());
    // Later, the provider's first token with the new kid triggers one fetch that picks it up.
    clock.advance(MIN_REFRESH.plusSeconds(1));
    assertEquals("12089012345", await(verifier.verify(idporten.rs256(fresh(patient)))).id());
    assertEquals(2, idporten.jwksFetches());
    // While both are published, tokens of the old key are fine too (no fetch needed).
    assertEquals("12089012345", await(verifier.verify(idporten.rs256(fresh(patient), old))).id());
    assertEquals(2, idporten.jwksFetches());

    idporten.withdraw(old);
    // A flood of unknown kids within the refresh interval costs the provider nothing more.
    for (int i = 0; i < 50; i++) {
      assertEquals("token-key-unknown", refusal(verifier.verify(idporten.rs256WithKid(fresh(patient), "forged-" + i))));
    }
    assertEquals(2, idporten.jwksFetches());
    // After the interval, an unknown kid may trigger one more fetch; still unknown, still refused.
    clock.advance(MIN_REFRESH.plusSeconds(1));
    assertEquals("token-key-unknown", refusal(verifier.verify(idporten.rs256WithKid(fresh(patient), "forged-x"))));
    assertEquals(3, idporten.jwksFetches());
    assertEquals("token-key-unknown", refusal(verifier.verify(idporten.rs256WithKid(fresh(patient), "forged-y"))));
    assertEquals(3, idporten.jwksFetches());
    // That fetch already dropped the withdrawn key: new tokens signed with it are refused.
    assertEquals("token-key-unknown", refusal(verifier.verify(idporten.rs256(fresh(patient), old))));
  }

  @Test
  void keysOlderThanTheirMaximumAgeAreFetchedAgainSoAWithdrawnKeyStopsWorking() {
    RSAKey first = idporten.rotate();
    JsonObject patient = idporten.patient("12089012345", "idporten-loa-high", AUD);
    assertEquals("12089012345", await(verifier.verify(idporten.rs256(patient, first))).id());
    idporten.withdraw(first);
    // Still cached: the verifier cannot know of the withdrawal before its keys age.
    assertEquals("12089012345", await(verifier.verify(idporten.rs256(fresh(patient), first))).id());
    assertEquals(1, idporten.jwksFetches());
    clock.advance(MAX_AGE.plusSeconds(1));
    assertEquals("token-key-unknown", refusal(verifier.verify(idporten.rs256(fresh(patient), first))));
    assertEquals(2, idporten.jwksFetches());
    assertEquals("12089012345", await(verifier.verify(idporten.rs256(fresh(patient)))).id());
  }

  @Test
  void keysStayUsableWhileTheProviderIsDown() {
    JsonObject patient = idporten.patient("12089012345", "idporten-loa-high", AUD);
    assertEquals("12089012345", await(verifier.verify(idporten.rs256(patient))).id());
    await(idporten.stop());
    clock.advance(MAX_AGE.plusSeconds(1));
    assertEquals("12089012345", await(verifier.verify(idporten.rs256(fresh(patient)))).id());
  }

  /** The same claims under a new jti, so the verifier cannot answer from its memory of verified tokens. */
  private static JsonObject fresh(JsonObject claims) {
    return claims.copy().put("jti", java.util.UUID.randomUUID().toString());
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static KonsilException failure(Future<?> f) {
    Throwable t = await(f.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null)));
    if (t == null) {
      throw new AssertionError("token was accepted");
    }
    assertTrue(t instanceof KonsilException, t.toString());
    return (KonsilException) t;
  }

  static String refusal(Future<?> f) {
    KonsilException e = failure(f);
    assertEquals(401, e.status(), e.code());
    return e.code();
  }
}
