package io.konsil.common.token.impl;

import io.konsil.common.identity.IdentityProviders;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;

/**
 * OpenID Connect Discovery (https://openid.net/specs/openid-connect-discovery-1_0.html): the provider's metadata at
 * {@code {issuer}/.well-known/openid-configuration}, whose {@code issuer} must equal the configured issuer exactly
 * (section 4.3) — otherwise a provider could hand out keys for an issuer it is not.
 */
final class Discovery {
  private static final long TIMEOUT_MS = 5_000;

  private Discovery() {}

  static String metadataUrl(String issuer) {
    // Section 4.1: a terminating "/" of the issuer is removed before the well-known path is appended.
    return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/.well-known/openid-configuration";
  }

  /** The {@code jwks_uri} the issuer publishes. */
  static Future<List<String>> jwksUri(WebClient client, String issuer) {
    String url = metadataUrl(issuer);
    return client.getAbs(url).timeout(TIMEOUT_MS).send().map(resp -> {
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("discovery " + url + " answered " + resp.statusCode());
      }
      JsonObject metadata;
      try {
        metadata = resp.bodyAsJsonObject();
      } catch (RuntimeException e) {
        throw new IllegalStateException("discovery " + url + " is not a JSON object");
      }
      if (metadata == null || !issuer.equals(metadata.getValue("issuer"))) {
        throw new IllegalStateException("discovery " + url + " names another issuer");
      }
      if (!(metadata.getValue("jwks_uri") instanceof String jwks) || !IdentityProviders.acceptableUrl(jwks)) {
        throw new IllegalStateException("discovery " + url + " has no usable jwks_uri");
      }
      return List.of(jwks);
    });
  }
}
