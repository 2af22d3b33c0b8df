package io.konsil.common.token.impl;

import com.nimbusds.jwt.JWTClaimsSet;
import io.konsil.common.error.KonsilException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** {@code exp} (required) and {@code nbf} (optional), each with the configured clock skew, as Jitsi checks them. */
final class TokenTimes {
  private TokenTimes() {}

  /** The token's expiry; throws the refusal when the token is expired or not yet valid at {@code now}. */
  static Instant check(JWTClaimsSet claims, Instant now, Duration skew) {
    Date exp = claims.getExpirationTime();
    if (exp == null || exp.toInstant().plus(skew).isBefore(now)) {
      throw KonsilException.unauthorized("token-expired", "The token has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
      throw KonsilException.unauthorized("token-not-yet-valid", "The token is not valid yet");
    }
    return exp.toInstant();
  }
}
