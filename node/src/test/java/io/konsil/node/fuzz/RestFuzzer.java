package io.konsil.node.fuzz;

import io.konsil.common.testing.ResponseContract;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests generated from the OpenAPI document: every operation, its path, query, header parameters and body filled
 * from the schema — mostly plausible values, often hostile ones ({@link Garbage}) — with random tokens, content types
 * and body encodings. Every answer is checked with {@link ResponseContract}: a documented status, media type, body
 * schema and problem code. What it books is remembered for the state checks.
 */
final class RestFuzzer {
  /** One generated request, printable for a failure report. */
  record Attempt(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    @Override
    public String toString() {
      String b = body == null ? "" : body.toString(StandardCharsets.UTF_8);
      return method + " " + (uri.length() > 300 ? uri.substring(0, 300) + "…" : uri) + " " + headers.keySet()
          + (b.isEmpty() ? "" : " body " + (b.length() > 300 ? b.substring(0, 300) + "…" : b));
    }
  }

  private record Operation(String method, String path, JsonObject spec) {}

  private final Garbage g;
  private final JsonObject document;
  private final List<Operation> operations = new ArrayList<>();
  private final Pool pool;

  RestFuzzer(Garbage g, Pool pool) {
    this.g = g;
    this.pool = pool;
    this.document = ResponseContract.get().document();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, item.getJsonObject(method)));
      }
    }
  }

  int operationCount() {
    return operations.size();
  }

  /** The next request, from the seeded generator. */
  Attempt next() {
    Operation op = g.pick(operations);
    JsonArray params = op.spec.getJsonArray("parameters", new JsonArray());
    String path = op.path;
    StringBuilder query = new StringBuilder();
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    for (Object o : params) {
      JsonObject p = resolve((JsonObject) o);
      String name = p.getString("name");
      switch (p.getString("in")) {
        case "path" -> path = path.replace("{" + name + "}", pathValue(name));
        case "query" -> {
          if (p.getBoolean("required", false) || g.chance(50)) {
            String value = name.equals("access_token") ? pool.agendaToken(g) : stringFor(resolve(p.getJsonObject("schema")));
            query.append(query.length() == 0 ? "?" : "&").append(name).append('=').append(encode(value));
          }
        }
        case "header" -> {
          if (g.chance(90)) {
            headers.put(name, g.chance(60) ? "key-" + g.below(50) : headerSafe(g.string()));
          }
        }
        default -> { }
      }
    }
    if (g.chance(10)) {
      query.append(query.length() == 0 ? "?" : "&").append(encode(g.string())).append('=').append(encode(g.string()));
    }
    boolean isPublic = op.spec.getValue("security") instanceof JsonArray a && a.isEmpty();
    if (!isPublic || g.chance(20)) {
      String token = pool.token(g);
      if (token != null) {
        headers.put("Authorization", "Bearer " + token);
      }
    }
    Buffer body = null;
    JsonObject requestBody = op.spec.getJsonObject("requestBody");
    if (requestBody != null || g.chance(5)) {
      body = body(requestBody);
      headers.put("content-type", g.chance(85) ? "application/json"
          : g.pick(List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1",
              "multipart/form-data; boundary=x", "application/jsonx", "")));
      if (headers.get("content-type").isEmpty() || g.chance(3)) {
        headers.remove("content-type");
      }
    }
    return new Attempt(HttpMethod.valueOf(op.method), ResponseContract.BASE + path + query, headers, body);
  }

  /** Sends one attempt; the response checked against the document, or the reason it is not as documented. */
  static Future<Result> send(HttpClientAgent http, int port, Attempt a, io.vertx.core.Vertx vertx) {
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(a.method())
        .setURI(a.uri()).setTimeout(30_000);
    try {
      a.headers().forEach(options::putHeader);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new Result(a, -1, null, null, null)); // the client refuses such a header itself
    }
    Future<io.vertx.core.http.HttpClientRequest> request;
    try {
      request = http.request(options);
    } catch (IllegalArgumentException e) {
      request = Future.failedFuture(e);
    }
    return request
        .compose(req -> a.body() == null ? req.send() : req.send(a.body()))
        .recover(e -> e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("illegal")
            ? Future.failedFuture(new Unsendable()) : Future.failedFuture(e))
        .compose(resp -> LostBody.of(resp, vertx).map(b -> {
          String failure = null;
          try {
            ResponseContract.get().check(a.method().name(), a.uri(), resp.statusCode(), resp.getHeader("content-type"), b);
          } catch (AssertionError e) {
            failure = e.getMessage();
          }
          return new Result(a, resp.statusCode(), resp.getHeader("content-type"), b, failure);
        }));
  }

  /** The HTTP client itself refuses to put this request on the wire (e.g. a raw control character in the path). */
  static final class Unsendable extends RuntimeException {
    Unsendable() {
      super(null, null, false, false);
    }
  }

  record Result(Attempt attempt, int status, String contentType, Buffer body, String failure) {
    JsonObject json() {
      try {
        return body == null ? null : body.toJsonObject();
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  private String pathValue(String name) {
    String value = name.equals("room") ? (g.chance(50) ? pool.room(g) : g.string()) : pool.id(g);
    if (g.chance(10)) {
      // Sometimes raw, as a careless client would send it (may not even be valid percent-encoding).
      StringBuilder raw = new StringBuilder();
      value.codePoints().filter(c -> c > 0x20 && c < 0x7F && c != '/' && c != '?' && c != '#').forEach(raw::appendCodePoint);
      return raw.length() == 0 ? "x" : raw.toString();
    }
    return encode(value);
  }

  private Buffer body(JsonObject requestBody) {
    int kind = g.below(100);
    if (kind < 3) {
      return Buffer.buffer("{\"slotId\":\"" + "x".repeat(70_000) + "\"}"); // above the 64 KiB limit
    }
    if (kind < 6) {
      return Buffer.buffer(g.deepText(g.pick(List.of("HOLE", "{\"slotId\":HOLE}", "{\"weekly\":[HOLE]}"))));
    }
    if (kind < 13) {
      return Buffer.buffer(g.bytes(200));
    }
    if (kind < 23) {
      return Buffer.buffer(g.damage(String.valueOf(sample(schemaOf(requestBody)))));
    }
    if (kind < 33) {
      return Buffer.buffer(String.valueOf(io.vertx.core.json.Json.encode(g.value())));
    }
    return Buffer.buffer(io.vertx.core.json.Json.encode(sample(schemaOf(requestBody))));
  }

  private JsonObject schemaOf(JsonObject requestBody) {
    if (requestBody == null) {
      return new JsonObject().put("type", "object");
    }
    JsonObject json = requestBody.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
    return json == null ? new JsonObject().put("type", "object") : resolve(json.getJsonObject("schema"));
  }

  /** A value for the schema: usually plausible, sometimes anything at all. */
  private Object sample(JsonObject schema) {
    schema = resolve(schema);
    if (g.chance(12)) {
      return g.value();
    }
    if (schema.containsKey("allOf")) {
      JsonObject merged = new JsonObject();
      for (Object part : schema.getJsonArray("allOf")) {
        JsonObject s = resolve((JsonObject) part);
        merged.mergeIn(s, true);
        if (s.containsKey("required")) {
          JsonArray req = merged.getJsonArray("required", new JsonArray()).copy();
          s.getJsonArray("required").forEach(req::add);
          merged.put("required", req);
        }
      }
      merged.remove("allOf");
      return sample(merged.put("type", merged.getString("type", "object")));
    }
    String type = schema.getString("type", schema.containsKey("properties") ? "object" : "string");
    return switch (type) {
      case "object" -> {
        JsonObject o = new JsonObject();
        JsonObject props = schema.getJsonObject("properties", new JsonObject());
        JsonArray required = schema.getJsonArray("required", new JsonArray());
        for (String name : props.fieldNames()) {
          if (required.contains(name) ? g.chance(92) : g.chance(45)) {
            o.put(name, sample(props.getJsonObject(name)));
          }
        }
        if (g.chance(8)) {
          o.put(g.string(), g.value());
        }
        yield o;
      }
      case "array" -> {
        JsonArray a = new JsonArray();
        int n = g.chance(5) ? 300 : g.below(4);
        for (int i = 0; i < n; i++) {
          a.add(sample(schema.getJsonObject("items", new JsonObject())));
        }
        yield a;
      }
      case "integer" -> g.chance(80) ? schema.getInteger("minimum", 0) + g.below(60) : g.value();
      case "number" -> g.random().nextDouble() * 100;
      case "boolean" -> g.chance(85) ? g.random().nextBoolean() : g.value();
      default -> stringFor(schema);
    };
  }

  private String stringFor(JsonObject schema) {
    schema = resolve(schema);
    if (schema.containsKey("allOf")) {
      schema = resolve(schema.getJsonArray("allOf").getJsonObject(0));
    }
    if (g.chance(35)) {
      return g.string();
    }
    if (schema.containsKey("enum")) {
      return String.valueOf(g.pick(schema.getJsonArray("enum").getList()));
    }
    String pattern = schema.getString("pattern", "");
    if (pattern.contains(":[0-5]")) {
      return String.format("%02d:%02d", g.below(24), g.below(4) * 15);
    }
    if ("date".equals(schema.getString("format")) || pattern.startsWith("^\\d{4}-\\d{2}-\\d{2}$")) {
      return pool.date(g);
    }
    if (pattern.startsWith("^\\d{4}")) {
      return g.chance(50) ? pool.date(g) : pool.date(g) + "T08:00:00+01:00";
    }
    if (pattern.startsWith("^[A-Za-z0-9_-]")) {
      return g.chance(50) ? pool.room(g) : "c" + g.below(1_000_000);
    }
    return pool.word(g);
  }

  private JsonObject resolve(JsonObject schema) {
    if (schema == null) {
      return new JsonObject();
    }
    String ref = schema.getString("$ref");
    if (ref == null) {
      return schema;
    }
    JsonObject target = document;
    for (String part : ref.replaceFirst("^#/", "").split("/")) {
      target = target.getJsonObject(part);
    }
    return resolve(target);
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Header values the HTTP client can put on the wire at all (it refuses CR, LF and other controls). */
  private static String headerSafe(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().filter(c -> c >= 0x20 && c < 0x7F).limit(300).forEach(out::appendCodePoint);
    return out.toString();
  }
}
