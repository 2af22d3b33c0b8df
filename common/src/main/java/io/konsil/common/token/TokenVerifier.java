package io.konsil.common.token;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.token.impl.TokenVerifiers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * Verifies Jitsi-compatible JWTs (HS256 with the app secret, RS256/ES256 from JWKS) and tokens of the configured
 * OpenID Connect identity providers. A failed future carries a {@link io.konsil.common.error.KonsilException} with
 * status 401 and one of the reason codes in docs/security.md (503 {@code identity-provider-unavailable} while a
 * provider's keys cannot be fetched).
 */
public interface TokenVerifier {

  /** Verifies a token for any room the token allows (REST calls). */
  Future<Caller> verify(String token);

  /** Verifies a token and that it is valid for {@code room} (signaling). */
  Future<Caller> verifyForRoom(String token, String room);

  static TokenVerifier create(Vertx vertx, KonsilConfig.Jwt config) {
    return create(vertx, config, Clock.systemUTC());
  }

  static TokenVerifier create(Vertx vertx, KonsilConfig.Jwt config, Clock clock) {
    return TokenVerifiers.create(vertx, config, clock);
  }
}
