package io.konsil.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/** What the API tests read from responses: the JSON body, a problem's code, field names, listed ids. */
public final class Responses {
  private Responses() {}

  public static JsonObject json(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject();
  }

  public static void problem(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/problem+json", r.getHeader("content-type"));
    assertEquals(code, r.bodyAsJsonObject().getString("code"), r.bodyAsString());
  }

  /** The fields named in a problem's {@code errors}. */
  public static List<String> fields(HttpResponse<Buffer> r) {
    JsonArray errors = json(r).getJsonArray("errors", new JsonArray());
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  public static List<String> ids(HttpResponse<Buffer> r) {
    JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
    assertNotNull(items, r.bodyAsString());
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
