package io.konsil.common.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSObject;
import io.konsil.common.token.Hs256;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Mints tokens the way Jitsi deployments mint them (app id as iss and aud, sub "*", context.user with
 * moderator as the string "true"/"false"), plus the broken variants every refusal test needs.
 * Shared by all modules' tests through the common test-jar.
 */
public final class TestTokens {
  public static final String APP_ID = "konsil-test";
  public static final String SECRET = "test-secret-that-is-long-enough-for-hs256!";

  private final String appId;
  private final String secret;
  private RSAKey rsa;
  private ECKey ec;

  public TestTokens() {
    this(APP_ID, SECRET);
  }

  public TestTokens(String appId, String secret) {
    this.appId = appId;
    this.secret = secret;
  }

  /** Claims of a typical Jitsi token for {@code room}, valid 10 minutes; adjust with JsonObject setters. */
  public JsonObject claims(String userId, String name, String role, boolean moderator, String room) {
    long now = Instant.now().getEpochSecond();
    JsonObject user = new JsonObject().put("id", userId).put("name", name).put("moderator", moderator ? "true" : "false");
    if (role != null) {
      user.put("role", role);
    }
    return new JsonObject()
        .put("aud", appId)
        .put("iss", appId)
        .put("sub", "*")
        .put("room", room)
        .put("exp", now + 600)
        .put("nbf", now - 10)
        .put("moderator", moderator)
        .put("context", new JsonObject().put("user", user));
  }

  public String hs256(JsonObject claims) {
    return Hs256.sign(claims.encode(), secret.getBytes(StandardCharsets.UTF_8));
  }

  public String hs256(JsonObject claims, String otherSecret) {
    return Hs256.sign(claims.encode(), otherSecret.getBytes(StandardCharsets.UTF_8));
  }

  public String patient(String room) {
    return hs256(claims("patient-" + UUID.randomUUID(), "Pat Ient", "patient", false, room));
  }

  public String patient(String id, String room) {
    return hs256(claims(id, "Pat Ient", "patient", false, room));
  }

  public String gp(String room) {
    return hs256(claims("gp-" + UUID.randomUUID(), "Dr. Gee Pee", "gp", true, room));
  }

  public String gp(String id, String room) {
    return hs256(claims(id, "Dr. Gee Pee", "gp", true, room));
  }

  public String specialist(String id, String room) {
    return hs256(claims(id, "Dr. Spes Ialist", "specialist", true, room));
  }

  public String role(String id, String role, String room) {
    return hs256(claims(id, role + " " + id, role, false, room));
  }

  /** An unsigned token ({"alg":"none"}), which Jitsi and Konsil refuse. */
  public String algNone(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  public synchronized RSAKey rsaKey() {
    if (rsa == null) {
      try {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
    return rsa;
  }

  public synchronized ECKey ecKey() {
    if (ec == null) {
      try {
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-" + UUID.randomUUID()).generate();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }
    return ec;
  }

  /** The public JWK set for {@link #rs256} and {@link #es256}, as an identity provider publishes it. */
  public String jwks() {
    return new JWKSet(java.util.List.of(rsaKey().toPublicJWK(), ecKey().toPublicJWK())).toString();
  }

  public String rs256(JsonObject claims) {
    return sign(claims, JWSAlgorithm.RS256, rsaKey().getKeyID(), true);
  }

  public String es256(JsonObject claims) {
    return sign(claims, JWSAlgorithm.ES256, ecKey().getKeyID(), false);
  }

  /** RS256 signed by the real key but naming a {@code kid} that is not published. */
  public String rs256WithKid(JsonObject claims, String kid) {
    return sign(claims, JWSAlgorithm.RS256, kid, true);
  }

  private String sign(JsonObject claims, JWSAlgorithm alg, String kid, boolean rsaKey) {
    try {
      JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(kid).build(), new Payload(claims.encode()));
      jws.sign(rsaKey ? new RSASSASigner(rsaKey()) : new ECDSASigner(ecKey()));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
