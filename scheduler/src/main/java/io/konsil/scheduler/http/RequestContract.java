package io.konsil.scheduler.http;

import io.konsil.common.error.KonsilException;
import io.konsil.common.error.KonsilException.FieldProblem;
import io.konsil.common.error.Problems;
import io.konsil.scheduler.error.SchedulerError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contract-first validation: every /api/v1 request is checked against its operation in the OpenAPI document
 * (openapi/konsil-api.yaml) before a handler sees it. Parameters (path, query, header) and the JSON body are checked
 * with vertx-openapi; all problems of a request are reported together as field-level {@code errors}:
 * 400 {@code invalid-query} for parameters, 400 {@code invalid-request} for the body, 400 {@code invalid-json} for a body
 * that is not JSON, 400 {@code idempotency-key-missing} for the booking header, 415 {@code unsupported-media-type} for a
 * body that is not sent as application/json. Rules the schema cannot express (dates
 * in the past, end before start, overlapping hours, unknown codes) stay in the handlers (422).
 */
public final class RequestContract {
  /** Where {@link ApiRouter} keeps a form content type it took off the request before the body was read. */
  static final String SENT_CONTENT_TYPE = "konsil.sentContentType";
  private final Promise<Loaded> loaded = Promise.promise();
  private boolean loading;

  /**
   * The contract with a schema validator per parameter and per JSON body, built once. vertx-openapi's RequestValidator
   * builds a schema validator on every call (about 15 µs per parameter, 75 µs per body), which more than doubled the
   * cost of a small request; with them cached, validation adds tens of microseconds (docs/api.md has the figures).
   */
  private record Loaded(OpenAPIContract contract, Map<Parameter, Validator> parameters, Map<Operation, Validator> bodies) {
    static Loaded of(OpenAPIContract contract) {
      Map<Parameter, Validator> parameters = new IdentityHashMap<>();
      Map<Operation, Validator> bodies = new IdentityHashMap<>();
      SchemaRepository repository = contract.getSchemaRepository();
      for (Operation op : contract.operations()) {
        op.getParameters().forEach(p -> parameters.put(p, repository.validator(p.getSchema())));
        MediaType json = op.getRequestBody() == null ? null : op.getRequestBody().getContent().get("application/json");
        if (json != null) {
          bodies.put(op, repository.validator(json.getSchema()));
        }
      }
      return new Loaded(contract, parameters, bodies);
    }
  }

  /**
   * Parses and resolves the document (YAML, as served) once; requests that arrive before it is ready wait for it. The
   * text comes from the class path, not the file system, so a packaged node needs no extracted copy of it.
   */
  public synchronized Future<Void> load(Vertx vertx, Buffer yaml) {
    if (loading) {
      return loaded.future().mapEmpty();
    }
    loading = true;
    // Parsing the YAML takes a while (seconds on a busy machine): on a worker, never on the event loop.
    vertx.executeBlocking(() -> Utils.yamlStringToJson(yaml.toString(java.nio.charset.StandardCharsets.UTF_8))
            .toCompletionStage().toCompletableFuture().get(), false)
        .compose(document -> OpenAPIContract.from(vertx, forRequestValidation(document)))
        .map(Loaded::of)
        .onComplete(loaded);
    return loaded.future().mapEmpty();
  }

  /**
   * The copy of the document that requests are validated with. The served document keeps the relative server URL
   * {@code /api/v1} (right for any host and port); vertx-openapi only accepts absolute server URLs, so the copy gets a
   * placeholder host (only its path is used for matching). Responses are not validated and some of their media types
   * (problem+json, text/calendar, yaml) are unknown to vertx-openapi, so the copy drops response content. Paths with a
   * parameter inside a segment ({@code /appointments/{id}.ics}) are not supported by vertx-openapi either; they are
   * left out, and such a request matches its sibling ({@code /appointments/{id}}, with the same parameters).
   */
  static JsonObject forRequestValidation(JsonObject document) {
    JsonObject copy = document.copy();
    copy.getJsonObject("paths", new JsonObject()).fieldNames()
        .removeIf(path -> path.matches(".*(\\}[^/]|[^/]\\{).*"));
    copy.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
        operation.put("responses", new JsonObject().put("default", new JsonObject().put("description", "see document")));
      }
    }));
    JsonObject components = copy.getJsonObject("components");
    if (components != null) {
      components.remove("responses");
    }
    JsonArray servers = copy.getJsonArray("servers", new JsonArray());
    for (int i = 0; i < servers.size(); i++) {
      JsonObject server = servers.getJsonObject(i);
      if (server.getString("url", "").startsWith("/")) {
        server.put("url", "http://konsil.invalid" + server.getString("url"));
      }
    }
    return copy;
  }

  /** Validates requests of public operations ({@code security: []}) only; the rest waits for the token check. */
  void validatePublic(RoutingContext ctx) {
    validate(ctx, true);
  }

  /** Validates requests of operations that need a token (mounted after the token check). */
  void validateAuthenticated(RoutingContext ctx) {
    validate(ctx, false);
  }

  private void validate(RoutingContext ctx, boolean publicOnly) {
    Future<Loaded> ready = loaded.future();
    if (ready.succeeded()) {
      validate(ctx, ready.result(), publicOnly);
    } else {
      ready.onSuccess(l -> validate(ctx, l, publicOnly)).onFailure(e -> Problems.send(ctx, e));
    }
  }

  private void validate(RoutingContext ctx, Loaded l, boolean publicOnly) {
    Operation op = l.contract.findOperation(ctx.request().path(), ctx.request().method());
    if (op == null) {
      ctx.next(); // not an operation of the document: the problem+json 404 at the end of /api/v1 answers
      return;
    }
    if (isPublic(op) != publicOnly) {
      ctx.next();
      return;
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    try {
      check(l, op, ctx, body);
    } catch (RuntimeException e) {
      Problems.send(ctx, e); // a failure that is not a KonsilException is a bug: 500, logged
      return;
    }
    ctx.next();
  }

  private static boolean isPublic(Operation op) {
    Object security = op.getOpenAPIModel().getValue("security");
    return security instanceof JsonArray a && a.isEmpty();
  }

  /** Every parameter, then the body; every problem is reported, not just the first. */
  private static void check(Loaded l, Operation op, RoutingContext ctx, Buffer body) {
    List<FieldProblem> params = new ArrayList<>();
    boolean idempotencyKey = false;
    for (Parameter p : op.getParameters()) {
      String problem;
      try {
        problem = checkParameter(l.parameters.get(p), p, value(ctx, op, p));
      } catch (IllegalArgumentException | io.vertx.ext.web.handler.HttpException e) {
        // A bad escape in the path or the query (50%off sent raw); the message names the value, which is not echoed.
        problem = "is not valid percent-encoded UTF-8";
      }
      if (problem != null) {
        params.add(new FieldProblem(p.getName(), problem));
        idempotencyKey |= p.getIn() == Location.HEADER && "Idempotency-Key".equalsIgnoreCase(p.getName());
      }
    }
    List<FieldProblem> bodyProblems = op.getRequestBody() == null ? List.of()
        : checkBody(l.bodies.get(op), op, contentType(ctx), body);
    if (idempotencyKey) {
      throw SchedulerError.IDEMPOTENCY_KEY_MISSING.error("An Idempotency-Key header (1-200 characters) is required",
          concat(params, bodyProblems));
    }
    if (!params.isEmpty()) {
      throw SchedulerError.INVALID_QUERY.error("Invalid request parameters", concat(params, bodyProblems));
    }
    if (!bodyProblems.isEmpty()) {
      throw SchedulerError.INVALID_REQUEST.error("The request body does not match the API contract", bodyProblems);
    }
  }

  /**
   * Null when the value is fine. A parameter whose schema is a string is validated as the very string that was sent:
   * vertx-openapi's transformers first try to read every value as JSON, so {@code [1]} became an array ("must be of
   * type string"), {@code a"b} could not be decoded at all, and an Idempotency-Key was URL-decoded. Only numbers and
   * booleans are read as JSON; a value that does not read as one is validated as the string it is (and fails).
   */
  private static String checkParameter(Validator validator, Parameter p, String raw) {
    if (raw == null) {
      return p.isRequired() ? "is required" : null;
    }
    Object value = raw;
    Object type = p.getSchema() == null ? null : p.getSchema().<Object>get("type");
    if ("integer".equals(type) || "number".equals(type) || "boolean".equals(type)) {
      try {
        Object decoded = raw.isEmpty() ? raw : Json.decodeValue(raw);
        value = decoded instanceof Number || decoded instanceof Boolean ? decoded : raw;
      } catch (DecodeException e) {
        value = raw;
      }
    }
    OutputUnit out = validator.validate(value);
    return Boolean.TRUE.equals(out.getValid()) ? null : bodyProblems(out).get(0).message();
  }

  private static String contentType(RoutingContext ctx) {
    String taken = ctx.get(SENT_CONTENT_TYPE);
    return taken != null ? taken : ctx.request().getHeader("content-type");
  }

  /**
   * The body of an operation that takes one: only the media types the document lists (415 otherwise, also when the
   * Content-Type is missing), then a JSON object, then its schema.
   */
  private static List<FieldProblem> checkBody(Validator validator, Operation op, String contentType, Buffer body) {
    boolean empty = body == null || body.length() == 0 || body.toString().isBlank();
    if (empty) {
      return op.getRequestBody().isRequired() ? List.of(new FieldProblem("body", "is required")) : List.of();
    }
    String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!op.getRequestBody().getContent().containsKey(media)) {
      throw SchedulerError.UNSUPPORTED_MEDIA_TYPE.error("The body must be sent as "
          + String.join(" or ", op.getRequestBody().getContent().keySet()),
          List.of(new FieldProblem("Content-Type", contentType == null ? "is required" : "is not supported")));
    }
    Object json;
    try {
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      json = null;
    }
    if (!(json instanceof JsonObject)) {
      throw SchedulerError.INVALID_JSON.error("The body must be a JSON object");
    }
    if (validator == null) {
      return List.of();
    }
    OutputUnit out = validator.validate(json);
    return Boolean.TRUE.equals(out.getValid()) ? List.of() : bodyProblems(out);
  }

  /**
   * The parameter as it was sent: a header as is (no URL decoding: {@code 50%off} is a valid Idempotency-Key), a
   * query value as the router decoded it (an empty value is a value, validated like any other), a path segment
   * percent-decoded once, as the router hands it to the handler.
   */
  private static String value(RoutingContext ctx, Operation op, Parameter p) {
    return switch (p.getIn()) {
      case QUERY -> ctx.queryParams().get(p.getName());
      case HEADER -> ctx.request().getHeader(p.getName());
      case PATH -> pathSegment(ctx.request().path(), op.getAbsoluteOpenAPIPath(), p.getName());
      default -> null;
    };
  }

  private static String pathSegment(String path, String template, String name) {
    String[] actual = path.split("/", -1);
    String[] expected = template.split("/", -1);
    for (int i = 0; i < expected.length && i < actual.length; i++) {
      if (expected[i].equals("{" + name + "}")) {
        return percentDecode(actual[i]);
      }
    }
    return null;
  }

  /** RFC 3986 percent-decoding into UTF-8; {@code +} stays a plus. Throws on a bad escape or invalid UTF-8. */
  static String percentDecode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= segment.length()) {
        throw new IllegalArgumentException("truncated escape");
      }
      int hi = Character.digit(segment.charAt(i + 1), 16);
      int lo = Character.digit(segment.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("bad escape");
      }
      bytes.write(hi << 4 | lo);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8");
    }
  }

  /**
   * One problem per field, from the schema output. vertx-json-schema lists every failing keyword flat, ancestors
   * (properties, items, allOf, $ref) included; per field the last, most specific keyword is kept, and a field is left
   * out when a field inside it has its own problem. Fields are named as the handlers name them: {@code weekly[1].end}.
   */
  static List<FieldProblem> bodyProblems(OutputUnit unit) {
    Map<String, String> byField = new LinkedHashMap<>();
    List<OutputUnit> units = unit == null ? List.of()
        : unit.getErrors() == null || unit.getErrors().isEmpty() ? List.of(unit) : unit.getErrors();
    for (OutputUnit u : units) {
      String keyword = u.getKeywordLocation() == null ? "" : u.getKeywordLocation();
      String last = keyword.substring(keyword.lastIndexOf('/') + 1);
      if (u.getError() == null || STRUCTURAL.contains(last)) {
        continue;
      }
      String field = field(u.getInstanceLocation());
      String message = message(last, u.getError());
      if (last.equals("required")) {
        // The instance is the object; the missing property is named in the message.
        int q = u.getError().indexOf('"');
        int q2 = q < 0 ? -1 : u.getError().indexOf('"', q + 1);
        if (q2 > q) {
          String name = u.getError().substring(q + 1, q2);
          field = field.equals("body") ? name : field + "." + name;
        }
      }
      byField.remove(field);
      byField.put(field, message);
    }
    byField.keySet().removeIf(f -> byField.keySet().stream()
        .anyMatch(other -> other.startsWith(f + ".") || other.startsWith(f + "[")));
    if (byField.isEmpty()) {
      byField.put("body", unit == null || unit.getError() == null ? "does not match the schema" : unit.getError());
    }
    List<FieldProblem> problems = new ArrayList<>();
    byField.forEach((field, message) -> problems.add(new FieldProblem(field, message)));
    return problems;
  }

  private static final java.util.Set<String> STRUCTURAL =
      java.util.Set.of("properties", "items", "allOf", "anyOf", "oneOf", "$ref", "additionalProperties");

  /** The library's message in the words the hand-written checks always used, where they differ. */
  private static String message(String keyword, String error) {
    switch (keyword) {
      case "required":
        return "is required";
      case "enum": {
        int open = error.indexOf('[');
        return open < 0 ? error : "must be one of " + error.substring(open + 1, error.lastIndexOf(']'))
            .replace("\"", "").replace(",", ", ");
      }
      case "type": {
        int expected = error.lastIndexOf("Expected ");
        return expected < 0 ? error : "must be of type " + error.substring(expected + 9);
      }
      default:
        return error;
    }
  }

  /** JSON pointer {@code /weekly/1/end} → {@code weekly[1].end}; the root is {@code body}. */
  static String field(String pointer) {
    if (pointer == null || pointer.isEmpty() || pointer.equals("#") || pointer.equals("/") || pointer.equals("#/")) {
      return "body";
    }
    StringBuilder out = new StringBuilder();
    for (String part : pointer.replaceFirst("^#?/", "").split("/")) {
      String token = part.replace("~1", "/").replace("~0", "~");
      if (token.chars().allMatch(Character::isDigit) && !token.isEmpty()) {
        out.append('[').append(token).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(token);
      }
    }
    return out.toString();
  }

  private static List<FieldProblem> concat(List<FieldProblem> a, List<FieldProblem> b) {
    List<FieldProblem> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
