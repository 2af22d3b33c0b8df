package io.konsil.fhir.http;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.konsil.fhir.error.FhirError;
import io.konsil.fhir.error.FhirException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads and writes FHIR JSON with the one shared {@link FhirContext}. HAPI's parser walks the whole model reflectively,
 * so both directions run on a worker thread, never on the event loop (unordered: requests do not wait for each other).
 * A parser is made per use: the context is thread-safe, its parsers are not.
 */
public final class FhirIo {
  public static final String CONTENT_TYPE = "application/fhir+json;charset=utf-8";
  private final FhirContext fhir;
  private final Vertx vertx;

  public FhirIo(Vertx vertx, FhirContext fhir) {
    this.vertx = vertx;
    this.fhir = fhir;
  }

  public FhirContext context() {
    return fhir;
  }

  public Future<Void> send(RoutingContext ctx, int status, IBaseResource resource) {
    return vertx.executeBlocking(() -> fhir.newJsonParser().encodeResourceToString(resource), false)
        .compose(json -> {
          HttpServerResponse response = ctx.response();
          if (response.headWritten()) {
            return Future.succeededFuture();
          }
          return response.setStatusCode(status).putHeader("content-type", CONTENT_TYPE).end(json);
        });
  }

  /** Any failure as an OperationOutcome with its status (the one place under /fhir that answers errors). */
  public Future<Void> fail(RoutingContext ctx, Throwable failure) {
    FhirException e = FhirError.of(failure);
    if (e.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    return send(ctx, e.status(), FhirError.outcome(e));
  }

  /**
   * A resource of {@code type} from a JSON body; 400 when it is not JSON, not that type, or has elements FHIR R4 does
   * not define (the strict handler: an unknown element would otherwise be dropped without a word).
   */
  public <T extends Resource> Future<T> parse(String body, Class<T> type) {
    return vertx.executeBlocking(() -> {
      IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
      IBaseResource parsed;
      try {
        parsed = parser.parseResource(body);
      } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
        throw FhirError.INVALID_RESOURCE.error("The body is not a valid FHIR R4 JSON resource: " + firstLine(e));
      }
      if (!type.isInstance(parsed)) {
        throw FhirError.INVALID_RESOURCE.error("The body must be a " + type.getSimpleName() + ", not "
            + parsed.fhirType());
      }
      return type.cast(parsed);
    }, false);
  }

  /** {@code resource} serialised and read back, as a client that read it holds it. */
  public <T extends Resource> Future<T> roundTrip(T resource, Class<T> type) {
    return vertx.executeBlocking(() -> type.cast(fhir.newJsonParser()
        .parseResource(fhir.newJsonParser().encodeResourceToString(resource))), false);
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 300 ? m.substring(0, 300) : m;
  }
}
