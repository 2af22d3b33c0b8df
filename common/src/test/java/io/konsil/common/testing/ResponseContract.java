package io.konsil.common.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.impl.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks responses against the REST API's OpenAPI document (the scheduler's {@code openapi/konsil-api.yaml}, served
 * as {@code /api/v1/openapi.yaml}), so that code and document cannot drift: the status must be listed for the
 * operation, the media type must be one it lists, a JSON body must match the schema, and a problem's {@code code}
 * must be one the document names for that status. The REST test clients run every response they see through it.
 *
 * <p>The document is OpenAPI 3.0: its schemas are JSON Schema with {@code nullable}; they are validated as
 * JSON Schema 2020-12 with {@code nullable: true} turned into a {@code "null"} type.
 */
public final class ResponseContract {
  public static final String RESOURCE = "openapi/konsil-api.yaml";
  public static final String BASE = "/api/v1";
  private static final String ID = "app:///openapi.json";
  private static volatile ResponseContract instance;

  private final JsonObject document;
  private final SchemaRepository repository;
  private final List<Route> routes = new ArrayList<>();
  private final Map<JsonObject, io.vertx.json.schema.Validator> validators = new ConcurrentHashMap<>();

  private record Route(String template, Pattern pattern, int literals, JsonObject path) {}

  private ResponseContract(JsonObject document) {
    this.document = document;
    JsonObject schemas = toJsonSchema(document.copy()).put("$id", ID);
    this.repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("app:///").setOutputFormat(OutputFormat.Basic));
    repository.dereference(JsonSchema.of(schemas));
    JsonObject paths = document.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      StringBuilder regex = new StringBuilder("^");
      int literals = 0;
      for (String part : template.split("((?=\\{)|(?<=\\}))")) {
        if (part.startsWith("{")) {
          regex.append("[^/]+");
        } else {
          regex.append(Pattern.quote(part));
          literals += part.length();
        }
      }
      routes.add(new Route(template, Pattern.compile(regex.append("$").toString()), literals,
          paths.getJsonObject(template)));
    }
    // The most specific template first: /appointments/{id}.ics before /appointments/{id}.
    routes.sort(Comparator.comparingInt(Route::literals).reversed());
  }

  /** The document on the class path, parsed once per JVM. */
  public static ResponseContract get() {
    ResponseContract c = instance;
    if (c == null) {
      synchronized (ResponseContract.class) {
        if (instance == null) {
          instance = new ResponseContract(load());
        }
        c = instance;
      }
    }
    return c;
  }

  /** A copy of the document, e.g. to generate requests from it. */
  public JsonObject document() {
    return document.copy();
  }

  private static JsonObject load() {
    try (InputStream in = ResponseContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return Utils.yamlStringToJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)).result();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Throws an {@link AssertionError} naming the drift when the response does not match the document. {@code uri} is
   * the request's path (with or without the query), absolute under {@code /api/v1}; other paths are not checked.
   */
  public void check(String method, String uri, int status, String contentType, Buffer body) {
    String path = uri.replaceFirst("^[a-z]+://[^/]+", "");
    int q = path.indexOf('?');
    path = q < 0 ? path : path.substring(0, q);
    if (!path.startsWith(BASE + "/")) {
      return;
    }
    String what = method + " " + path + " → " + status;
    String relative = path.substring(BASE.length());
    JsonObject operation = null;
    for (Route r : routes) {
      if (r.pattern.matcher(relative).matches()) {
        operation = r.path.getJsonObject(method.toLowerCase(Locale.ROOT));
        if (operation != null) {
          break;
        }
      }
    }
    if (operation == null) {
      // Not an operation of the document (an unknown path or method): the API's problem 404, nothing else — or 401
      // for a request without a valid token, which is refused before routing (it learns nothing about the paths).
      problem(what, status == 404 ? "not-found" : null, contentType, body, null);
      if (status != 404 && status != 401 && status != 413 && status != 414 && status != 431 && status != 400) {
        throw new AssertionError(what + ": not an operation of the document, yet not 404");
      }
      return;
    }
    JsonObject responses = operation.getJsonObject("responses");
    JsonObject response = responses.getJsonObject(String.valueOf(status), responses.getJsonObject("default"));
    if (response == null) {
      throw new AssertionError(what + ": status not listed for " + operation.getString("operationId")
          + " in the document; body " + preview(body));
    }
    response = resolve(response);
    JsonObject content = response.getJsonObject("content");
    if (content == null || content.isEmpty()) {
      if (body != null && body.length() > 0) {
        throw new AssertionError(what + ": the document lists no body, got " + preview(body));
      }
      return;
    }
    String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    JsonObject mediaType = content.getJsonObject(media);
    if (mediaType == null) {
      throw new AssertionError(what + ": content type " + contentType + " is not one of " + content.fieldNames());
    }
    if (!media.endsWith("json")) {
      return;
    }
    Object json = decode(what, body);
    JsonObject schema = mediaType.getJsonObject("schema");
    if (schema != null) {
      OutputUnit out = validators.computeIfAbsent(schema, s -> repository.validator(JsonSchema.of(absoluteRefs(toJsonSchema(s.copy())))))
          .validate(json);
      if (!Boolean.TRUE.equals(out.getValid())) {
        throw new AssertionError(what + ": body does not match the document: " + errors(out) + "; body "
            + preview(body));
      }
    }
    if (media.equals("application/problem+json")) {
      problem(what, null, contentType, body, response.getString("description", ""));
    }
  }

  /** A problem+json body whose code is {@code expected}, or (with {@code description}) named in the description. */
  private static void problem(String what, String expected, String contentType, Buffer body, String description) {
    if (contentType == null || !contentType.startsWith("application/problem+json")) {
      throw new AssertionError(what + ": not problem+json but " + contentType + ": " + preview(body));
    }
    Object json = decode(what, body);
    if (!(json instanceof JsonObject problem) || problem.getString("code") == null
        || problem.getInteger("status") == null || problem.getString("title") == null) {
      throw new AssertionError(what + ": not a problem: " + preview(body));
    }
    String code = problem.getString("code");
    if (expected != null && !expected.equals(code)) {
      throw new AssertionError(what + ": code " + code + ", expected " + expected);
    }
    if (description != null
        && !Pattern.compile("(?<![a-z0-9-])" + Pattern.quote(code) + "(?![a-z0-9-])").matcher(description).find()) {
      throw new AssertionError(what + ": code " + code + " is not documented for this status (" + description + ")");
    }
  }

  private JsonObject resolve(JsonObject response) {
    String ref = response.getString("$ref");
    if (ref == null) {
      return response;
    }
    JsonObject target = document;
    for (String part : ref.replaceFirst("^#/", "").split("/")) {
      target = target.getJsonObject(part);
    }
    return target;
  }

  private static Object decode(String what, Buffer body) {
    try {
      return Json.decodeValue(body == null ? Buffer.buffer() : body);
    } catch (DecodeException e) {
      throw new AssertionError(what + ": body is not JSON: " + preview(body));
    }
  }

  private static String errors(OutputUnit out) {
    List<String> list = new ArrayList<>();
    if (out.getErrors() != null) {
      out.getErrors().forEach(e -> list.add(e.getInstanceLocation() + " " + e.getError()));
    }
    return list.isEmpty() ? String.valueOf(out.getError()) : String.join("; ", list);
  }

  private static String preview(Buffer body) {
    String s = body == null ? "" : body.toString(StandardCharsets.UTF_8);
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  /** A schema from inside the document, with its {@code #/components/...} references made absolute. */
  private static JsonObject absoluteRefs(JsonObject schema) {
    for (String key : List.copyOf(schema.fieldNames())) {
      Object v = schema.getValue(key);
      if (key.equals("$ref") && v instanceof String ref && ref.startsWith("#/")) {
        schema.put(key, ID + ref);
      } else if (v instanceof JsonObject o) {
        absoluteRefs(o);
      } else if (v instanceof JsonArray a) {
        a.forEach(x -> {
          if (x instanceof JsonObject o) {
            absoluteRefs(o);
          }
        });
      }
    }
    return schema;
  }

  /** OpenAPI 3.0 schema → JSON Schema: {@code nullable: true} becomes a {@code "null"} type (recursively). */
  static JsonObject toJsonSchema(JsonObject schema) {
    for (String key : List.copyOf(schema.fieldNames())) {
      Object v = schema.getValue(key);
      if (v instanceof JsonObject o) {
        toJsonSchema(o);
      } else if (v instanceof JsonArray a) {
        a.forEach(x -> {
          if (x instanceof JsonObject o) {
            toJsonSchema(o);
          }
        });
      }
    }
    if (Boolean.TRUE.equals(schema.getValue("nullable")) && schema.getValue("type") instanceof String type) {
      schema.remove("nullable");
      schema.put("type", new JsonArray().add(type).add("null"));
      if (schema.getValue("enum") instanceof JsonArray values && !values.contains(null)) {
        values.addNull();
      }
    }
    return schema;
  }
}
