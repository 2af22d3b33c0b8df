package io.konsil.common.token.impl;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.konsil.common.error.KonsilException;
import io.konsil.common.identity.CallerMapping;
import io.konsil.common.identity.IdentityProvider;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens from the configured OpenID Connect issuers: each issuer's own keys only (found through discovery), one of
 * its asymmetric algorithms only — an HS256 token naming the issuer is refused before any key is touched, so a
 * public key can never serve as an HMAC secret — then lifetime, audience, and the issuer's claim mapping.
 */
final class OidcTokenVerifier {
  private record Issuer(IdentityProvider provider, RemoteKeys keys) {}

  private final Map<String, Issuer> issuers = new LinkedHashMap<>();
  private final Clock clock;
  private final Duration skew;

  OidcTokenVerifier(WebClient client, List<IdentityProvider> providers, Clock clock, Duration skew,
      Duration minRefresh, Duration maxAge) {
    this.clock = clock;
    this.skew = skew;
    for (IdentityProvider p : providers) {
      RemoteKeys keys = new RemoteKeys(client, p.issuer(), () -> Discovery.jwksUri(client, p.issuer()), clock,
          minRefresh, maxAge);
      issuers.put(p.issuer(), new Issuer(p, keys));
    }
  }

  boolean handles(String issuer) {
    return issuer != null && issuers.containsKey(issuer);
  }

  Future<io.konsil.common.token.Caller> verify(SignedJWT jwt, JWTClaimsSet claims) {
    Issuer issuer = issuers.get(claims.getIssuer());
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!issuer.provider().algorithms().contains(alg.getName())) {
      return Future.failedFuture(KonsilException.unauthorized("token-alg-unsupported",
          "Algorithm " + alg + " is not accepted from this identity provider"));
    }
    return issuer.keys().key(jwt.getHeader()).map(key -> {
      Signatures.verify(jwt, key);
      Instant exp = TokenTimes.check(claims, clock.instant(), skew);
      List<String> aud = claims.getAudience();
      if (aud == null || aud.stream().noneMatch(issuer.provider().audiences()::contains)) {
        throw KonsilException.unauthorized("token-audience", "The token audience is not accepted");
      }
      return CallerMapping.caller(issuer.provider(), claims.getClaims(), exp, claims.getJWTID());
    });
  }
}
