package io.konsil.common.token.impl;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  private final KonsilConfig.Jwt config;
  private final Clock clock;
  private final byte[] secret;
  private final RemoteKeys jwks;
  private final List<String> issuers;
  private final List<String> audiences;
  private final Duration skew;

  public JitsiTokenVerifier(WebClient client, KonsilConfig.Jwt config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.secret = config.secret() == null ? null : config.secret().getBytes(StandardCharsets.UTF_8);
    List<String> urls = List.copyOf(config.jwksUrls());
    this.jwks = urls.isEmpty() ? null : new RemoteKeys(client, "--jwt-jwks", () -> Future.succeededFuture(urls), clock,
        config.jwksMinRefresh(), config.jwksMaxAge());
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
      signature = jwks.key(header).map(key -> {
        Signatures.verify(signed, key);
        return null;
      });
    } else {
      return Future.failedFuture(refuse("token-alg-unsupported", "Algorithm " + header.getAlgorithm() + " is not accepted"));
    }
    return signature.compose(ok -> claims(signed, room));
  }

  private Future<Caller> claims(SignedJWT jwt, String room) {
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return Future.failedFuture(refuse("token-malformed", "The token claims are not valid JSON"));
    }
    Instant exp;
    try {
      exp = TokenTimes.check(claims, clock.instant(), skew);
    } catch (KonsilException e) {
      return Future.failedFuture(e);
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
    Caller caller = caller(claims, roomName, exp);
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
        claims.getJWTID(),
        // Konsil's own room tokens carry the HPR number an identity provider vouched for (TokenIssuer.Claims); a token
        // signed with the app secret or a configured JWKS key is trusted for it as for the user id itself.
        str(user.get("hpr")));
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
