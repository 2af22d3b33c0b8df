package io.konsil.common.token.impl;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.konsil.common.config.KonsilConfig;
import io.konsil.common.error.KonsilException;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Hs256;
import io.konsil.common.token.Role;
import io.konsil.common.token.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Token checks in the order and with the meaning of Jitsi's token authentication (prosody mod_auth_token /
 * token_util): signature by the app secret (HS256) or a JWKS key (RS256/ES256, keys cached and refreshed on an
 * unknown {@code kid}), then {@code exp}/{@code nbf} with a small clock skew, {@code iss}, {@code aud}, {@code room}.
 */
public final class JitsiTokenVerifier implements TokenVerifier {
  private static final List<JWSAlgorithm> ASYMMETRIC = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  /**
   * Verified tokens, so that a client calling the API many times with one token pays for parsing and signature
   * once (about a quarter of a booking's server time, see docs/benchmarks.md). Bounded: when full it is emptied,
   * which costs only re-verification. Expiry is checked on every hit; the room is checked per call.
   */
  static final int CACHE_LIMIT = 10_000;
  private final java.util.concurrent.ConcurrentHashMap<String, Caller> verified = new java.util.concurrent.ConcurrentHashMap<>();

  private final KonsilConfig.Jwt config;
  private final byte[] secret;
  private final JwksKeys jwks;
  private final List<String> issuers;
  private final List<String> audiences;
  private final Duration skew;

  public JitsiTokenVerifier(Vertx vertx, KonsilConfig.Jwt config) {
    this.config = config;
    this.secret = config.secret() == null ? null : config.secret().getBytes(StandardCharsets.UTF_8);
    this.jwks = config.jwksUrls().isEmpty() ? null : new JwksKeys(vertx, config.jwksUrls());
    this.issuers = config.acceptedIssuers().isEmpty() ? List.of(config.appId()) : config.acceptedIssuers();
    this.audiences = config.acceptedAudiences().isEmpty() ? List.of(config.appId(), "jitsi") : config.acceptedAudiences();
    this.skew = config.clockSkew();
  }

  @Override
  public Future<Caller> verify(String token) {
    return verifyForRoom(token, null);
  }

  @Override
  public Future<Caller> verifyForRoom(String token, String room) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(refuse("token-missing", "No token was presented"));
    }
    Caller cached = verified.get(token);
    if (cached != null) {
      if (cached.expiresAt().plus(skew).isBefore(Instant.now())) {
        verified.remove(token);
        return Future.failedFuture(refuse("token-expired", "The token has expired"));
      }
      if (room != null && !cached.mayEnter(room)) {
        return Future.failedFuture(refuse("token-room-mismatch", "The token is not valid for this room"));
      }
      return Future.succeededFuture(cached);
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.trim());
    } catch (ParseException e) {
      return Future.failedFuture(refuse("token-malformed", "The token is not a well-formed JWT"));
    }
    if (jwt instanceof PlainJWT) {
      return Future.failedFuture(refuse("token-alg-none", "Unsigned tokens (alg none) are refused"));
    }
    if (!(jwt instanceof SignedJWT signed)) {
      return Future.failedFuture(refuse("token-alg-unsupported", "Encrypted tokens are not supported"));
    }
    JWSHeader header = signed.getHeader();
    Future<Void> signature;
    if (JWSAlgorithm.HS256.equals(header.getAlgorithm()) && secret != null) {
      String[] parts = token.trim().split("\\.");
      signature = Hs256.verify(parts[0] + "." + parts[1], parts[2], secret)
          ? Future.succeededFuture()
          : Future.failedFuture(refuse("token-signature", "The token signature is not valid"));
    } else if (ASYMMETRIC.contains(header.getAlgorithm()) && jwks != null) {
      signature = jwks.key(header.getKeyID()).compose(key -> verifyAsymmetric(signed, key));
    } else {
      return Future.failedFuture(refuse("token-alg-unsupported", "Algorithm " + header.getAlgorithm() + " is not accepted"));
    }
    return signature.compose(ok -> claims(signed, room)).onSuccess(caller -> remember(token, caller));
  }

  private void remember(String token, Caller caller) {
    if (verified.size() >= CACHE_LIMIT) {
      verified.clear();
    }
    verified.put(token, caller);
  }

  private Future<Void> verifyAsymmetric(SignedJWT jwt, JWK key) {
    try {
      JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
      JWSVerifier verifier = null;
      if (key instanceof RSAKey rsa && JWSAlgorithm.RS256.equals(alg)) {
        verifier = new RSASSAVerifier(rsa);
      } else if (key instanceof ECKey ec && JWSAlgorithm.ES256.equals(alg)) {
        verifier = new ECDSAVerifier(ec);
      }
      if (verifier == null || !jwt.verify(verifier)) {
        return Future.failedFuture(refuse("token-signature", "The token signature is not valid"));
      }
      return Future.succeededFuture();
    } catch (JOSEException e) {
      return Future.failedFuture(refuse("token-signature", "The token signature is not valid"));
    }
  }

  private Future<Caller> claims(SignedJWT jwt, String room) {
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return Future.failedFuture(refuse("token-malformed", "The token claims are not valid JSON"));
    }
    Instant now = Instant.now();
    Date exp = claims.getExpirationTime();
    if (exp == null || exp.toInstant().plus(skew).isBefore(now)) {
      return Future.failedFuture(refuse("token-expired", "The token has expired"));
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
      return Future.failedFuture(refuse("token-not-yet-valid", "The token is not valid yet"));
    }
    boolean asymmetric = !JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm());
    // JWKS tokens come from an identity provider, whose issuer is configured; absent that, any issuer is taken.
    boolean issuerChecked = !asymmetric || !config.acceptedIssuers().isEmpty();
    if (issuerChecked && !accepts(issuers, claims.getIssuer())) {
      return Future.failedFuture(refuse("token-issuer", "The token issuer is not accepted"));
    }
    List<String> aud = claims.getAudience();
    if (aud == null || aud.stream().noneMatch(a -> accepts(audiences, a))) {
      return Future.failedFuture(refuse("token-audience", "The token audience is not accepted"));
    }
    Object roomClaim = claims.getClaim("room");
    if (!(roomClaim instanceof String roomName) || roomName.isBlank()) {
      return Future.failedFuture(refuse("token-room-mismatch", "The token has no room claim"));
    }
    Caller caller = caller(claims, roomName, exp.toInstant());
    if (room != null && !caller.mayEnter(room)) {
      return Future.failedFuture(refuse("token-room-mismatch", "The token is not valid for this room"));
    }
    return Future.succeededFuture(caller);
  }

  private static boolean accepts(List<String> accepted, String value) {
    return value != null && (accepted.contains("*") || accepted.contains(value));
  }

  @SuppressWarnings("unchecked")
  private static Caller caller(JWTClaimsSet claims, String room, Instant exp) {
    Map<String, Object> context = claims.getClaim("context") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Map<String, Object> user = context.get("user") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    boolean moderator = truthy(claims.getClaim("moderator")) || truthy(user.get("moderator"));
    Role role = Role.fromClaim(user.get("role"));
    if (role == null) {
      // A plain Jitsi token has no role: moderators act as clinicians, everyone else as a patient.
      role = moderator ? Role.GP : Role.PATIENT;
    }
    moderator = moderator || role.moderatesByDefault();
    String id = str(user.get("id"));
    if (id == null) {
      id = claims.getJWTID() != null ? "jti-" + claims.getJWTID() : "anon-" + UUID.randomUUID();
    }
    return new Caller(
        id,
        str(user.get("name")),
        str(user.get("email")),
        str(user.get("avatar")),
        role,
        moderator,
        str(user.get("hospital")),
        room,
        claims.getIssuer(),
        exp,
        claims.getJWTID());
  }

  /** Jitsi deployments send moderator as a boolean or as the string "true". */
  private static boolean truthy(Object value) {
    return Boolean.TRUE.equals(value) || (value instanceof String s && s.equalsIgnoreCase("true"));
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }

  static KonsilException refuse(String code, String message) {
    return KonsilException.unauthorized(code, message);
  }
}
