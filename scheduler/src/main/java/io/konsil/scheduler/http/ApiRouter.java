package io.konsil.scheduler.http;

import io.konsil.common.error.Problems;
import io.konsil.common.token.TokenVerifier;
import io.konsil.scheduler.error.SchedulerError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Function;

/**
 * Mounts /api/v1: the OpenAPI document and the demo endpoints without authentication, then a bearer-token check in
 * front of everything else, then the feature routes, then a problem+json 404 for anything unknown under /api/v1.
 * Every request is validated against the OpenAPI document ({@link RequestContract}) before its handler runs — after
 * the token check, so that an anonymous caller learns nothing from validation errors.
 */
public final class ApiRouter {
  static final String CALLER = "konsil.caller";
  public static final String BASE = "/api/v1";
  static final int MAX_BODY = 64 * 1024;

  private ApiRouter() {}

  public static void mount(Router router, TokenVerifier verifier, Buffer openApi, RequestContract contract,
                           Routes... routes) {
    router.route(BASE + "/*").handler(ApiRouter::noEmptySegment);
    router.route(BASE + "/*").handler(ApiRouter::noForms);
    router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.route(BASE + "/*").failureHandler(ApiRouter::failure);
    router.get(BASE + "/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("content-type", "application/yaml; charset=utf-8").end(openApi));
    router.route(BASE + "/*").handler(contract::validatePublic);
    for (Routes r : routes) {
      r.mountPublic(router);
    }
    router.route(BASE + "/*").handler(ctx -> authenticate(ctx, verifier));
    router.route(BASE + "/*").handler(contract::validateAuthenticated);
    for (Routes r : routes) {
      r.mount(router);
    }
    router.route(BASE + "/*").handler(ctx -> Problems.send(ctx,
        SchedulerError.NOT_FOUND.error("No such resource")));
  }

  /**
   * Vert.x routes {@code /second-opinions/} to {@code /second-opinions} and {@code /second-opinions//accept} to
   * {@code /second-opinions/accept}: the bad-input campaign's empty path ids got the list (200) and a 415 where the
   * document has no such path. A path with an empty segment names no documented resource.
   */
  private static void noEmptySegment(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.endsWith("/") || path.contains("//")) {
      Problems.send(ctx, SchedulerError.NOT_FOUND.error("No such resource"));
      return;
    }
    ctx.next();
  }

  /**
   * The API takes JSON only, yet Vert.x's BodyHandler decodes any body that says it is a form: on a GET with a
   * multipart type it threw (no answer at all), and a form body with a bad escape or an overlong field failed outside
   * every handler. Such a body is read as the bytes it is instead, and {@link RequestContract} refuses it with 415
   * where an operation takes a body (an operation that takes none ignores it).
   */
  private static void noForms(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    if (type != null) {
      String media = type.toLowerCase(java.util.Locale.ROOT);
      if (media.contains("multipart/") || media.contains("application/x-www-form-urlencoded")) {
        ctx.put(RequestContract.SENT_CONTENT_TYPE, type);
        ctx.request().headers().remove("content-type");
      }
    }
    ctx.next();
  }

  /** The endpoints of one feature. */
  public interface Routes {
    /** Endpoints that need no token (mounted before the token check). */
    default void mountPublic(Router router) {}

    void mount(Router router);
  }

  private static void authenticate(RoutingContext ctx, TokenVerifier verifier) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      Problems.send(ctx, SchedulerError.TOKEN_MISSING.error("An Authorization: Bearer token is required"));
      return;
    }
    verifier.verify(header.substring(7).trim()).onSuccess(caller -> {
      ctx.put(CALLER, caller);
      ctx.next();
    }).onFailure(e -> Problems.send(ctx, e));
  }

  private static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null || ctx.statusCode() == 413) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      failure = status == 413 ? SchedulerError.BODY_TOO_LARGE.error("The body exceeds " + MAX_BODY + " bytes")
          : SchedulerError.http(status);
    }
    Problems.send(ctx, failure);
  }

  /** Runs {@code handler}, turning thrown and failed outcomes into problem+json, success into JSON. */
  public static void json(RoutingContext ctx, int status, Function<RoutingContext, Future<JsonObject>> handler) {
    Future<JsonObject> outcome;
    try {
      outcome = handler.apply(ctx);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onSuccess(body -> ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body.encode())).onFailure(e -> Problems.send(ctx, e));
  }
}
