package io.konsil.node;

import io.konsil.common.http.Redaction;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request with method, redacted URI, status and duration. Vert.x's LoggerHandler would log the raw
 * URI, and call URLs carry the token (Jitsi's /{room}?jwt=), so Konsil logs through {@link Redaction}.
 */
final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("konsil.access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    if ("websocket".equalsIgnoreCase(ctx.request().getHeader("upgrade"))) {
      // An upgraded request never "ends" as an HTTP response; log the handshake when it arrives.
      LOG.info("{} {} websocket-upgrade", ctx.request().method(), Redaction.redact(ctx.request().uri()));
      ctx.next();
      return;
    }
    ctx.addEndHandler(ar -> {
      if (LOG.isInfoEnabled()) {
        LOG.info("{} {} {} {}ms", ctx.request().method(), Redaction.redact(ctx.request().uri()),
            ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000);
      }
    });
    ctx.next();
  }
}
