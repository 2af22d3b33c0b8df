package io.konsil.node;

import io.konsil.common.testing.ResponseContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.identity.IdentityProviders;
import io.konsil.common.testing.LocalOidcProvider;
import io.konsil.common.testing.ScriptedSocket;
import io.konsil.common.testing.TestTokens;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node trusting two real OpenID Connect providers on loopback (ID-porten-style for patients, HelseID-style for
 * clinicians): their tokens work on the REST API, and every forged or misaddressed token is refused with the same
 * code on REST (401 problem+json) and at the signaling handshake.
 */
class IdentityProvidersInNodeTest {
  private static final String AUD = "konsil-api";
  private static final String ROOM = "konsil-identity-room";
  private static Vertx vertx;
  private static LocalOidcProvider idporten;
  private static LocalOidcProvider helseid;
  private static KonsilNode node;
  private static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    idporten = LocalOidcProvider.start(vertx, "idporten").await();
    helseid = LocalOidcProvider.start(vertx, "helseid").await();
    String providers = """
        {"providers": [
          {"issuer": "%s", "kind": "patient", "audiences": ["%s"], "minimumAcr": "idporten-loa-high"},
          {"issuer": "%s", "kind": "clinician", "audiences": ["%s"], "organisations": {"983974899": "SLK"}}
        ]}""".formatted(idporten.issuer(), AUD, helseid.issuer(), AUD);
    KonsilConfig base = KonsilConfig.defaults(0, TestTokens.APP_ID, TestTokens.SECRET).withDemo(true);
    // No refresh interval: every unknown kid fetches, so that rotation is visible without waiting (the interval
    // itself is tested with an injected clock in common's OidcTokensTest).
    KonsilConfig config = base.withJwt(base.jwt().withIdentityProviders(IdentityProviders.parse(providers, List.of()),
        Duration.ZERO, Duration.ofMinutes(10)));
    node = KonsilNode.start(vertx, config).await();
    http = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().await();
    idporten.stop().await();
    helseid.stop().await();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> get(String path, String token) throws Exception {
    HttpResponse<Buffer> r = http.get(node.port(), "127.0.0.1", path).putHeader("Authorization", "Bearer " + token)
        .send().await();
    ResponseContract.get().check("GET", path, r.statusCode(), r.getHeader("content-type"), r.body());
    return r;
  }

  private static JsonObject patient() {
    return idporten.patient("12089012345", "idporten-loa-high", AUD);
  }

  @Test
  void patientsAndCliniciansFromTheProvidersUseTheApi() throws Exception {
    HttpResponse<Buffer> me = get("/api/v1/me", idporten.rs256(patient()));
    assertEquals(200, me.statusCode(), me.bodyAsString());
    assertEquals("12089012345", me.bodyAsJsonObject().getString("id"));
    assertEquals("patient", me.bodyAsJsonObject().getString("role"));
    HttpResponse<Buffer> gp = get("/api/v1/me", helseid.es256(helseid.clinician("565501872", "983974899", null, AUD)));
    assertEquals(200, gp.statusCode(), gp.bodyAsString());
    assertEquals("hpr-565501872", gp.bodyAsJsonObject().getString("id"));
    assertEquals("gp", gp.bodyAsJsonObject().getString("role"));
    assertEquals("SLK", gp.bodyAsJsonObject().getString("hospital"));
    assertEquals(200, get("/api/v1/agenda", helseid.rs256(helseid.clinician("565501872", "983974899", null, AUD)))
        .statusCode());
  }

  @Test
  void aPatientTokenCannotDoWhatOnlyCliniciansMayDo() throws Exception {
    HttpResponse<Buffer> agenda = get("/api/v1/agenda", idporten.rs256(patient()));
    assertEquals(403, agenda.statusCode());
    assertEquals("forbidden-role", agenda.bodyAsJsonObject().getString("code"));
  }

  @Test
  void everyForgedOrMisaddressedTokenIsRefusedWithItsCodeOnRestAndAtTheSignalingHandshake() throws Exception {
    long now = Instant.now().getEpochSecond();
    JsonObject p = patient();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(LocalOidcProvider.algNone(p), "token-alg-none");
    cases.put(idporten.hs256WithPublicKey(p), "token-alg-unsupported");
    cases.put(idporten.hs256WithPublicJwk(p), "token-alg-unsupported");
    cases.put(idporten.rs256WithKid(p, "kid-nobody-published"), "token-key-unknown");
    cases.put(idporten.rs256ByStranger(p), "token-signature");
    cases.put(idporten.rs256(p.copy().put("iss", "https://idporten.example")), "token-issuer");
    cases.put(helseid.rs256(p.copy().put("iss", helseid.issuer())), "token-claim-missing");
    cases.put(idporten.rs256(p.copy().put("aud", "someone-else")), "token-audience");
    cases.put(idporten.rs256(p.copy().put("exp", now - 300)), "token-expired");
    cases.put(idporten.rs256(idporten.patient("12089012345", "idporten-loa-substantial", AUD)), "token-acr-too-low");
    cases.put(helseid.rs256(helseid.clinician("1", "111111111", null, AUD)), "token-organisation-unknown");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<Buffer> rest = get("/api/v1/me", c.getKey());
      assertEquals(401, rest.statusCode(), c.getValue() + ": " + rest.bodyAsString());
      assertTrue(rest.getHeader("content-type").startsWith("application/problem+json"));
      assertEquals(c.getValue(), rest.bodyAsJsonObject().getString("code"));
      ScriptedSocket.Refusal ws = ScriptedSocket.refused(vertx, wsUrl(ROOM, c.getKey())).await();
      assertEquals(401, ws.status(), c.getValue());
      assertEquals(c.getValue(), ws.code());
    }
  }

  @Test
  void aSignInTokenOrAnotherRoomsTokenOpensNoRoom() throws Exception {
    String signIn = idporten.rs256(patient());
    assertEquals(200, get("/api/v1/me", signIn).statusCode());
    ScriptedSocket.Refusal refusal = ScriptedSocket.refused(vertx, wsUrl(ROOM, signIn)).await();
    assertEquals(401, refusal.status());
    assertEquals("token-room-mismatch", refusal.code());
    String otherRoom = node.issuer().issue(TokenIssuer.Claims.of("12089012345", "Kari", Role.PATIENT, null),
        "konsil-another-room", Duration.ofMinutes(5));
    ScriptedSocket.Refusal wrongRoom = ScriptedSocket.refused(vertx, wsUrl(ROOM, otherRoom)).await();
    assertEquals(401, wrongRoom.status());
    assertEquals("token-room-mismatch", wrongRoom.code());
    // The same token does open its own room.
    ScriptedSocket own = ScriptedSocket.connect(vertx, wsUrl("konsil-another-room", otherRoom)).await();
    assertEquals("lobby", own.next("lobby").await().getString("type"));
    own.close().await();
  }

  @Test
  void aRotatedKeyIsAcceptedAtOnceAndAWithdrawnOneRefused() throws Exception {
    LocalOidcProvider provider = helseid;
    JsonObject c = provider.clinician("565501872", "983974899", null, AUD);
    assertEquals(200, get("/api/v1/me", provider.rs256(c)).statusCode());
    RSAKey old = provider.rotate();
    HttpResponse<Buffer> rotated = get("/api/v1/me", provider.rs256(c.copy().put("jti", UUID.randomUUID().toString())));
    assertEquals(200, rotated.statusCode(), rotated.bodyAsString());
    provider.withdraw(old);
    // The next unknown kid makes the node fetch again, which also drops the withdrawn key.
    assertEquals("token-key-unknown", get("/api/v1/me", provider.rs256WithKid(c, "unknown")).bodyAsJsonObject()
        .getString("code"));
    HttpResponse<Buffer> withdrawn = get("/api/v1/me", provider.rs256(c.copy().put("jti", UUID.randomUUID().toString()), old));
    assertEquals(401, withdrawn.statusCode());
    assertEquals("token-key-unknown", withdrawn.bodyAsJsonObject().getString("code"));
  }

  private static String wsUrl(String room, String token) {
    return "ws://127.0.0.1:" + node.port() + "/signal/" + room + "?jwt=" + token;
  }
}
