package io.konsil.common.error;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders errors as RFC 9457 problem+json (https://www.rfc-editor.org/rfc/rfc9457). The one place that does. */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  public static JsonObject toJson(KonsilException e, String instance) {
    JsonObject body = new JsonObject()
        .put("type", "https://konsil.io/problems/" + e.code())
        .put("title", e.getMessage())
        .put("status", e.status())
        .put("code", e.code());
    if (instance != null) {
      body.put("instance", instance);
    }
    if (!e.fieldProblems().isEmpty()) {
      JsonArray errors = new JsonArray();
      e.fieldProblems().forEach(p -> errors.add(new JsonObject().put("field", p.field()).put("message", p.message())));
      body.put("errors", errors);
    }
    return body;
  }

  /** Maps any failure to a problem; unexpected ones become 500 {@code internal-error} and are logged (without request data). */
  public static KonsilException from(Throwable failure) {
    if (failure instanceof KonsilException k) {
      return k;
    }
    LOG.error("unexpected failure", failure);
    return new KonsilException(500, "internal-error", "Internal error");
  }

  public static Future<Void> send(RoutingContext ctx, Throwable failure) {
    KonsilException e = from(failure);
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      return Future.succeededFuture();
    }
    return response
        .setStatusCode(e.status())
        .putHeader("content-type", CONTENT_TYPE)
        .end(toJson(e, ctx.request().path()).encode());
  }
}
