package io.konsil.common.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.konsil.common.token.Hs256;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenID Connect provider as far as a resource server sees one: an HTTP server on a free loopback port that
 * serves {@code /.well-known/openid-configuration} and its JWKS, and mints RS256 and ES256 tokens with keys that a
 * test can rotate ({@link #rotate}) and withdraw ({@link #withdraw}). Counts JWKS fetches so that tests can check
 * the refresh rate limit. Also mints the forgeries refusal tests need.
 */
public final class LocalOidcProvider {
  private final HttpServer server;
  private final String issuer;
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private volatile String advertisedIssuer;
  private volatile RSAKey rsa;
  private volatile ECKey ec;

  private LocalOidcProvider(HttpServer server, String issuer) {
    this.server = server;
    this.issuer = issuer;
    this.advertisedIssuer = issuer;
  }

  /** Starts a provider whose issuer is {@code http://127.0.0.1:PORT/{path}} with one RSA and one EC key. */
  public static Future<LocalOidcProvider> start(Vertx vertx, String path) {
    LocalOidcProvider[] self = new LocalOidcProvider[1];
    return vertx.createHttpServer().requestHandler(req -> self[0].serve(req)).listen(0, "127.0.0.1").map(s -> {
      self[0] = new LocalOidcProvider(s, "http://127.0.0.1:" + s.actualPort() + "/" + path);
      self[0].rsa = rsaKey();
      self[0].ec = ecKey();
      self[0].published.add(self[0].rsa.toPublicJWK());
      self[0].published.add(self[0].ec.toPublicJWK());
      return self[0];
    });
  }

  private void serve(io.vertx.core.http.HttpServerRequest req) {
    String base = issuer.substring(("http://127.0.0.1:" + server.actualPort()).length());
    if (req.path().equals(base + "/.well-known/openid-configuration")) {
      req.response().putHeader("content-type", "application/json").end(new JsonObject()
          .put("issuer", advertisedIssuer)
          .put("jwks_uri", issuer + "/jwks")
          .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256").add("ES256"))
          .encode());
    } else if (req.path().equals(base + "/jwks")) {
      jwksFetches.incrementAndGet();
      req.response().putHeader("content-type", "application/json").end(new JWKSet(new ArrayList<>(published)).toString());
    } else {
      req.response().setStatusCode(404).end();
    }
  }

  public String issuer() {
    return issuer;
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** Makes the discovery document name another issuer (a provider that is not who it claims to be). */
  public void advertiseIssuer(String other) {
    advertisedIssuer = other;
  }

  public String rsaKid() {
    return rsa.getKeyID();
  }

  /** A new RSA signing key, published beside the old one; tokens are signed with the new key from now on. */
  public RSAKey rotate() {
    RSAKey old = rsa;
    rsa = rsaKey();
    published.add(rsa.toPublicJWK());
    return old;
  }

  /** Stops publishing {@code key} (the end of a rotation). */
  public void withdraw(RSAKey key) {
    published.removeIf(k -> k.getKeyID().equals(key.getKeyID()));
  }

  /** Claims of an ID-porten-style patient token: {@code pid} and {@code acr}, valid 10 minutes. */
  public JsonObject patient(String pid, String acr, String audience) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("iss", issuer).put("aud", audience).put("sub", UUID.randomUUID().toString())
        .put("pid", pid).put("acr", acr).put("iat", now).put("nbf", now - 5).put("exp", now + 600)
        .put("jti", UUID.randomUUID().toString());
  }

  /** Claims of a HelseID-style clinician token: HPR number, organisation numbers and security level 4. */
  public JsonObject clinician(String hpr, String orgParent, String orgChild, String audience) {
    long now = Instant.now().getEpochSecond();
    JsonObject c = new JsonObject().put("iss", issuer).put("aud", audience).put("sub", UUID.randomUUID().toString())
        .put("name", "Dr. " + hpr)
        .put("helseid://claims/hpr/hpr_number", hpr)
        .put("helseid://claims/identity/security_level", "4")
        .put("helseid://claims/client/claims/orgnr_parent", orgParent)
        .put("iat", now).put("nbf", now - 5).put("exp", now + 600).put("jti", UUID.randomUUID().toString());
    if (orgChild != null) {
      c.put("helseid://claims/client/claims/orgnr_child", orgChild);
    }
    return c;
  }

  public String rs256(JsonObject claims) {
    return sign(claims, JWSAlgorithm.RS256, rsa.getKeyID(), rsa);
  }

  /** Signed with {@code key} (e.g. one withdrawn by a rotation), naming its kid. */
  public String rs256(JsonObject claims, RSAKey key) {
    return sign(claims, JWSAlgorithm.RS256, key.getKeyID(), key);
  }

  public String es256(JsonObject claims) {
    return sign(claims, JWSAlgorithm.ES256, ec.getKeyID(), ec);
  }

  /** Signed by the provider's real key but naming a kid that is not published. */
  public String rs256WithKid(JsonObject claims, String kid) {
    return sign(claims, JWSAlgorithm.RS256, kid, rsa);
  }

  /** Signed by a key the provider never published, under the kid of its real key. */
  public String rs256ByStranger(JsonObject claims) {
    return sign(claims, JWSAlgorithm.RS256, rsa.getKeyID(), rsaKey());
  }

  /** Key confusion: HS256 with the provider's published RSA public key (its X.509 encoding) as the HMAC secret. */
  public String hs256WithPublicKey(JsonObject claims) {
    try {
      return Hs256.sign(claims.encode(), rsa.toRSAPublicKey().getEncoded());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Key confusion, the other spelling: the public JWK's JSON as the HMAC secret. */
  public String hs256WithPublicJwk(JsonObject claims) {
    return Hs256.sign(claims.encode(), rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
  }

  /** {"alg":"none"}. */
  public static String algNone(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  public Future<Void> stop() {
    return server.close();
  }

  private static String sign(JsonObject claims, JWSAlgorithm alg, String kid, JWK key) {
    try {
      JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(),
          new Payload(claims.encode()));
      jws.sign(key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey rsaKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey ecKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("ec-" + UUID.randomUUID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
