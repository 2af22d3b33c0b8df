package io.konsil.node;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request with method, route, status and duration. The route is the template that served the
 * request ({@code /api/v1/appointments/:id}), never the concrete path or query: those carry tokens (Jitsi's
 * {@code /{room}?jwt=}), room names and, in search filters and admin queries, patients' identifiers.
 */
final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("konsil.access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    if ("websocket".equalsIgnoreCase(ctx.request().getHeader("upgrade"))) {
      // An upgraded request never "ends" as an HTTP response; log the handshake when it arrives.
      LOG.info("{} {} websocket-upgrade", ctx.request().method(), shape(ctx.request().path()));
      ctx.next();
      return;
    }
    ctx.addEndHandler(ar -> {
      if (LOG.isInfoEnabled()) {
        LOG.info("{} {} {} {}ms", ctx.request().method(), route(ctx), ctx.response().getStatusCode(),
            (System.nanoTime() - start) / 1_000_000);
      }
    });
    ctx.next();
  }

  /** The template of the route that answered, or the request's shape when no templated route did. */
  static String route(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    // Templated routes (/x/:id) count as regex routes in Vert.x but keep their template as path; pure regex routes have none.
    String path = route == null ? null : route.getPath();
    if (path == null) {
      return shape(ctx.request().path());
    }
    return route.isExactPath() ? path : path + (path.endsWith("/") ? "*" : "/*");
  }

  /** The first path segment only: {@code /signal/konsil-7f3c?jwt=…} becomes {@code /signal/*}. */
  static String shape(String path) {
    if (path == null || path.length() <= 1) {
      return "/";
    }
    int next = path.indexOf('/', 1);
    return next < 0 ? "/*" : path.substring(0, next) + "/*";
  }
}
