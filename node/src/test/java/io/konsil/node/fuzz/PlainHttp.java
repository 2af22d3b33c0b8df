package io.konsil.node.fuzz;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The well-formed requests of the campaign — the booking bystander's and the final checks' — through the JDK's own
 * HTTP client instead of Vert.x's: Vert.x 5.0.10's client loses a response body now and then (vert.x #6038, see
 * {@link LostBody}), and a bystander or a check must not wait for ever on a body the node did send. The fuzzing lanes
 * stay on Vert.x's client, which puts malformed requests on the wire that the JDK's refuses to send. Each answer is
 * handed back on the Vert.x context given, so the callers' state is touched from one thread at a time.
 */
final class PlainHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final int port;
  private final Context context;

  PlainHttp(int port, Context context) {
    this.port = port;
    this.context = context;
  }

  /** An answer: its status, content type and body. */
  record Answer(int status, String contentType, Buffer body) {
    /** The body as JSON, or an object naming what could not be read. */
    JsonObject json() {
      if (body.length() == 0) {
        return new JsonObject();
      }
      try {
        return body.toJsonObject();
      } catch (RuntimeException e) {
        return new JsonObject().put("unreadable", body.toString());
      }
    }
  }

  /**
   * Sends one request; fails after 30 s without an answer (a node that does not answer is a finding, never a wait
   * without end). {@code body} is JSON or null; {@code token} and {@code idempotencyKey} may be null.
   */
  Future<Answer> send(String method, String uri, String token, JsonObject body, String idempotencyKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return Future.fromCompletionStage(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(null),
            Buffer.buffer(r.body()))), context);
  }
}
