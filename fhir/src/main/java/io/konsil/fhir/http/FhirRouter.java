package io.konsil.fhir.http;

import io.konsil.common.token.Caller;
import io.konsil.common.token.TokenVerifier;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.search.Bundles;
import io.konsil.fhir.search.FhirResource;
import io.konsil.fhir.search.SearchParameters;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Resource;

/**
 * Mounts /fhir: errors as OperationOutcomes, a body limit, content negotiation, the public CapabilityStatement, then
 * the same bearer-token check as /api/v1, then read and search for every resource, the writes, and an
 * OperationOutcome 405 (a known resource, another interaction) or 404 (anything else) for what is left.
 */
public final class FhirRouter {
  public static final String BASE = "/fhir";
  static final String CALLER = "konsil.fhir.caller";
  static final int MAX_BODY = 64 * 1024;

  private final FhirIo io;
  private final TokenVerifier verifier;
  private final Map<String, FhirResource> resources;

  public FhirRouter(FhirIo io, TokenVerifier verifier, List<FhirResource> resources) {
    this.io = io;
    this.verifier = verifier;
    this.resources = resources.stream().collect(Collectors.toMap(FhirResource::type, Function.identity(),
        (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** A write interaction mounted by its feature (Appointment create and update). */
  public interface Writes {
    void mount(Router router, FhirRouter fhir);
  }

  public void mount(Router router, Handler<RoutingContext> capabilities, Writes... writes) {
    router.route(BASE).failureHandler(this::failure);
    router.route(BASE + "/*").failureHandler(this::failure);
    router.route(BASE + "/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    router.route(BASE + "/*").handler(ctx -> {
      Negotiation.check(ctx);
      ctx.next();
    });
    router.get(BASE + "/metadata").handler(capabilities);
    router.route(BASE + "/*").handler(this::authenticate);
    for (Writes w : writes) {
      w.mount(router, this);
    }
    // One route per resource type, so the access log names what was searched or read (never the id).
    for (FhirResource resource : resources.values()) {
      router.get(BASE + "/" + resource.type()).handler(ctx -> search(ctx, resource));
      router.get(BASE + "/" + resource.type() + "/:id").handler(ctx -> read(ctx, resource));
    }
    router.route(BASE).handler(ctx -> io.fail(ctx, FhirError.NOT_FOUND.error("No such resource; see "
        + BASE + "/metadata")));
    router.route(BASE + "/*").handler(this::unmatched);
  }

  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** The absolute base URL of the facade, as the client reached it ({@code http://host:port/fhir}). */
  public static String base(RoutingContext ctx) {
    String uri = ctx.request().absoluteURI();
    int at = uri.indexOf(BASE + "/");
    return at < 0 ? uri : uri.substring(0, at + BASE.length());
  }

  public FhirIo io() {
    return io;
  }

  /** Runs {@code outcome}, answering its resource with {@code status} or its failure as an OperationOutcome. */
  public void answer(RoutingContext ctx, int status, Function<RoutingContext, Future<? extends Resource>> outcome) {
    Future<? extends Resource> f;
    try {
      f = outcome.apply(ctx);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onSuccess(r -> {
      if (r.getMeta().hasVersionId()) {
        ctx.response().putHeader("ETag", "W/\"" + r.getMeta().getVersionId() + "\"");
      }
      io.send(ctx, status, r);
    }).onFailure(e -> io.fail(ctx, e));
  }

  private void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      io.fail(ctx, FhirError.TOKEN_MISSING.error("An Authorization: Bearer token is required"));
      return;
    }
    verifier.verify(header.substring(7).trim()).onSuccess(caller -> {
      ctx.put(CALLER, caller);
      ctx.next();
    }).onFailure(e -> io.fail(ctx, e));
  }

  private void search(RoutingContext ctx, FhirResource resource) {
    answer(ctx, 200, c -> {
      SearchParameters params = SearchParameters.check(c.queryParams(), resource.searchParams());
      return resource.search(caller(c), params)
          .map(result -> Bundles.searchset(base(c), resource.type(), c.queryParams(), result));
    });
  }

  private void read(RoutingContext ctx, FhirResource resource) {
    answer(ctx, 200, c -> {
      for (String name : c.queryParams().names()) {
        if (!name.equals(SearchParameters.FORMAT)) {
          throw FhirError.UNKNOWN_PARAMETER.error("A read takes no parameter but _format, not '" + name + "'");
        }
      }
      return resource.read(caller(c), c.pathParam("id"));
    });
  }

  private void unmatched(RoutingContext ctx) {
    String[] parts = ctx.request().path().substring(BASE.length() + 1).split("/");
    boolean known = parts.length >= 1 && (resources.containsKey(parts[0]) || parts[0].equals("metadata"))
        && parts.length <= 2;
    if (known && ctx.request().method() != HttpMethod.GET) {
      io.fail(ctx, FhirError.METHOD_NOT_ALLOWED.error(ctx.request().method().name() + " is not supported on "
          + parts[0] + "; see " + BASE + "/metadata"));
      return;
    }
    io.fail(ctx, FhirError.NOT_FOUND.error("No such resource; see " + BASE + "/metadata"));
  }

  private void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null || (failure instanceof io.vertx.ext.web.handler.HttpException)) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      if (failure instanceof io.vertx.ext.web.handler.HttpException h) {
        status = h.getStatusCode();
      }
      FhirError error = FhirError.byStatus(status);
      io.fail(ctx, error.error(status == 413 ? "The body is larger than " + MAX_BODY / 1024 + " KiB"
          : "Request failed (" + status + ")"));
      return;
    }
    io.fail(ctx, failure);
  }
}
