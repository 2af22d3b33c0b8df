package io.konsil.common.http;

import io.konsil.common.error.KonsilException;
import io.konsil.common.error.Problems;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * The HTTP server's own limits, and what it answers when a request breaks one before any route sees it. Vert.x's
 * default answer to a request line or headers that are too long is a bare 414/431 with an empty body, outside every
 * route (so outside the access log and the problem+json contract); here it is a problem like every other refusal.
 */
public final class HttpLimits {
  /**
   * The longest request line (method, URI, version). The longest URL the OpenAPI document allows is a slot search
   * with four 200-character filters of 4-byte characters, each percent-encoded to 12 bytes (≈ 10 KB), or the agenda
   * stream's 8192-character token; 32 KiB holds either however it is percent-encoded, and still bounds what one
   * request line can make the node buffer.
   */
  public static final int MAX_REQUEST_LINE = 32 * 1024;
  /** All request headers together: a large identity-provider token plus an Idempotency-Key and the usual headers. */
  public static final int MAX_HEADERS = 16 * 1024;

  public static final String URI_TOO_LONG = "uri-too-long";
  public static final String HEADERS_TOO_LARGE = "headers-too-large";
  public static final String BAD_REQUEST = "bad-request";

  private HttpLimits() {}

  /** Sets the limits on {@code options} (before listen). */
  public static HttpServerOptions apply(HttpServerOptions options) {
    return options.setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS);
  }

  /** Answers requests the HTTP decoder refused as problem+json instead of an empty body. */
  public static HttpServer answerInvalidRequests(HttpServer server) {
    return server.invalidRequestHandler(HttpLimits::refuse);
  }

  /**
   * Answers what the router itself refuses before any route runs (a path that is not valid percent-encoding, such as
   * {@code /api/v1/appointments/50%off}) as problem+json instead of an empty 400.
   */
  public static Router answerMalformedPaths(Router router) {
    return router.errorHandler(400, ctx -> {
      if (!ctx.response().headWritten()) {
        // No "instance": the path is what could not be read, and is not written back.
        ctx.response().setStatusCode(400).putHeader("content-type", Problems.CONTENT_TYPE).end(Problems.toJson(
            new KonsilException(400, BAD_REQUEST, "The request path is not valid percent-encoding"), null).encode());
      }
    });
  }

  static void refuse(HttpServerRequest request) {
    KonsilException problem = problem(request.decoderResult().cause());
    // The decoder has lost its place in the stream: answer, then close (as Vert.x's default handler does).
    request.response()
        .setStatusCode(problem.status())
        .putHeader("content-type", Problems.CONTENT_TYPE)
        .putHeader("connection", "close")
        .end(Problems.toJson(problem, null).encode());
  }

  static KonsilException problem(Throwable cause) {
    String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    if (cause instanceof TooLongFrameException && message.startsWith("An HTTP line is larger than")) {
      return new KonsilException(414, URI_TOO_LONG, "The request line is longer than " + MAX_REQUEST_LINE + " bytes");
    }
    if (cause instanceof TooLongFrameException && message.startsWith("HTTP header is larger than")) {
      return new KonsilException(431, HEADERS_TOO_LARGE, "The request headers exceed " + MAX_HEADERS + " bytes");
    }
    return new KonsilException(400, BAD_REQUEST, "The request is not valid HTTP");
  }
}
