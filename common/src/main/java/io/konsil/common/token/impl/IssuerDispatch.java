package io.konsil.common.token.impl;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.konsil.common.error.KonsilException;
import io.konsil.common.token.Caller;
import io.konsil.common.token.TokenVerifier;
import io.vertx.core.Future;
import java.text.ParseException;

/**
 * Sends a token naming a configured identity provider as {@code iss} to that provider's checks and every other
 * token to the Jitsi-compatible checks, unchanged. The unverified {@code iss} only chooses which checks apply;
 * each path then verifies the signature with its own keys.
 */
final class IssuerDispatch implements TokenVerifier {
  private final TokenVerifier jitsi;
  private final OidcTokenVerifier oidc;
  private final boolean jitsiTakesAsymmetric;

  /** @param jitsiTakesAsymmetric whether {@code --jwt-jwks} is set, i.e. RS256/ES256 tokens may be Jitsi tokens */
  IssuerDispatch(TokenVerifier jitsi, OidcTokenVerifier oidc, boolean jitsiTakesAsymmetric) {
    this.jitsi = jitsi;
    this.oidc = oidc;
    this.jitsiTakesAsymmetric = jitsiTakesAsymmetric;
  }

  @Override
  public Future<Caller> verify(String token) {
    try {
      JWT jwt = JWTParser.parse(token.trim());
      if (jwt instanceof SignedJWT signed) {
        JWTClaimsSet claims = signed.getJWTClaimsSet();
        if (oidc.handles(claims.getIssuer())) {
          return oidc.verify(signed, claims);
        }
        if (!jitsiTakesAsymmetric && !JWSAlgorithm.HS256.equals(signed.getHeader().getAlgorithm())) {
          return Future.failedFuture(KonsilException.unauthorized("token-issuer",
              "The token issuer is not a configured identity provider"));
        }
      }
    } catch (ParseException | RuntimeException e) {
      // Malformed input gets the Jitsi path's refusal codes.
    }
    return jitsi.verify(token);
  }

  @Override
  public Future<Caller> verifyForRoom(String token, String room) {
    return verify(token).compose(caller -> VerifiedTokens.admit(caller, room));
  }
}
