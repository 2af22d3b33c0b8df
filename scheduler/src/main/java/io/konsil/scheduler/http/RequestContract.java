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
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
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
 * that is not JSON, 400 {@code idempotency-key-missing} for the booking header. Rules the schema cannot express (dates
 * in the past, end before start, overlapping hours, unknown codes) stay in the handlers (422).
 */
public final class RequestContract {
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

  private static final ParameterTransformer FORM = new FormTransformer();
  private static final ParameterTransformer SIMPLE = new SimpleTransformer();

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
    Future<ValidatableRequest> extracted;
    try {
      extracted = RequestUtils.extract(ctx.request(), op, () -> Future.succeededFuture(body));
    } catch (RuntimeException e) {
      extracted = Future.failedFuture(e); // e.g. a path parameter that is not valid percent-encoding
    }
    extracted
        .map(request -> check(l, op, request, ctx, body))
        .onSuccess(v -> ctx.next())
        .onFailure(e -> Problems.send(ctx, e instanceof KonsilException ? e
            : SchedulerError.INVALID_QUERY.error("Invalid request: " + e.getMessage())));
  }

  private static boolean isPublic(Operation op) {
    Object security = op.getOpenAPIModel().getValue("security");
    return security instanceof JsonArray a && a.isEmpty();
  }

  /** Every parameter, then the body; every problem is reported, not just the first. */
  private static Void check(Loaded l, Operation op, ValidatableRequest request, RoutingContext ctx, Buffer body) {
    List<FieldProblem> params = new ArrayList<>();
    boolean idempotencyKey = false;
    for (Parameter p : op.getParameters()) {
      String problem = checkParameter(l.parameters.get(p), p, value(request, ctx, p));
      if (problem != null) {
        params.add(new FieldProblem(p.getName(), problem));
        idempotencyKey |= p.getIn() == Location.HEADER && "Idempotency-Key".equalsIgnoreCase(p.getName());
      }
    }
    List<FieldProblem> bodyProblems = op.getRequestBody() == null ? List.of() : checkBody(l.bodies.get(op), op, body);
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
    return null;
  }

  /** What RequestValidatorImpl.validateParameter does, with the cached validator; null when the value is fine. */
  private static String checkParameter(Validator validator, Parameter p, Object raw) {
    if (raw == null) {
      return p.isRequired() ? "is required" : null;
    }
    Object value;
    try {
      value = (p.getStyle() == Style.FORM ? FORM : SIMPLE).transform(p, String.valueOf(raw));
    } catch (ValidatorException e) {
      return e.getMessage();
    }
    OutputUnit out = validator.validate(value);
    return Boolean.TRUE.equals(out.getValid()) ? null : bodyProblems(out).get(0).message();
  }

  private static List<FieldProblem> checkBody(Validator validator, Operation op, Buffer body) {
    boolean empty = body == null || body.length() == 0 || body.toString().isBlank();
    if (empty) {
      return op.getRequestBody().isRequired() ? List.of(new FieldProblem("body", "is required")) : List.of();
    }
    Object json;
    try {
      // A body that is not a JSON object is its own, older error; the content type is not insisted on.
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

  private static Object value(ValidatableRequest request, RoutingContext ctx, Parameter p) {
    if (p.getIn() == Location.QUERY) {
      // Query values as the router decoded them: RequestUtils URL-decodes the decoded values a second time, which turns
      // %2B (+, as in +01:00) into a space. An empty value (?hospital=) has always meant "no filter".
      String value = ctx.queryParams().get(p.getName());
      return value == null || value.isEmpty() ? null : value;
    }
    Map<String, RequestParameter> in = switch (p.getIn()) {
      case PATH -> request.getPathParameters();
      case HEADER -> request.getHeaders();
      default -> request.getCookies();
    };
    RequestParameter v = in == null ? null : in.get(p.getName());
    return v == null ? null : v.get();
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
