package io.konsil.common.token.impl;

import io.konsil.common.config.KonsilConfig;
import io.konsil.common.token.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;

/** Assembles the verifier: Jitsi checks, identity providers when configured, and the memory of verified tokens. */
public final class TokenVerifiers {
  private TokenVerifiers() {}

  public static TokenVerifier create(Vertx vertx, KonsilConfig.Jwt config, Clock clock) {
    // One client for all key fetches; the verifier holds it, as Vert.x 5 closes clients that are garbage-collected.
    WebClient client = WebClient.create(vertx);
    TokenVerifier jitsi = new JitsiTokenVerifier(client, config, clock);
    TokenVerifier checks = config.identityProviders().isEmpty() ? jitsi
        : new IssuerDispatch(jitsi, new OidcTokenVerifier(client, config.identityProviders(), clock,
            config.clockSkew(), config.jwksMinRefresh(), config.jwksMaxAge()), !config.jwksUrls().isEmpty());
    return new VerifiedTokens(checks, clock, config.clockSkew());
  }
}
