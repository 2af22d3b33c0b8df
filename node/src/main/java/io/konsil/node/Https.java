package io.konsil.node;

import io.konsil.common.config.KonsilConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HSTSHandler;

/**
 * HTTPS (and so WSS) from PEM files, and Strict-Transport-Security on every routed response over it, so that a
 * browser that once reached the node over TLS never falls back to plain HTTP (where tokens in call URLs could be
 * read). Without TLS nothing changes: HSTS sent over plain HTTP is ignored by browsers anyway (RFC 6797 §8.1).
 */
final class Https {
  private Https() {}

  static HttpServerOptions apply(HttpServerOptions options, KonsilConfig.Tls tls) {
    if (tls == null) {
      return options;
    }
    return options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath())
        .setKeyPath(tls.keyPath()));
  }

  /** Mount first, so that every later handler's response carries the header. */
  static void mount(Router router, KonsilConfig.Tls tls) {
    if (tls != null) {
      router.route().handler(HSTSHandler.create(tls.hstsMaxAge().toSeconds(), false));
    }
  }
}
