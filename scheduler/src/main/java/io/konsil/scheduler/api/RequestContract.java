package io.konsil.scheduler.api;

import io.konsil.common.error.KonsilException;
import io.konsil.common.error.KonsilException.FieldProblem;
import io.konsil.common.error.Problems;
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
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.ArrayList;
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

  private record Loaded(OpenAPIContract contract, RequestValidatorImpl validator) {}

  /** Reads and resolves the document once; requests that arrive before it is ready wait for it. */
  public synchronized Future<Void> load(Vertx vertx, String path) {
    if (loading) {
      return loaded.future().mapEmpty();
    }
    loading = true;
    Utils.readYamlOrJson(vertx, path)
        .compose(document -> OpenAPIContract.from(vertx, forRequestValidation(document)))
        .map(c -> new Loaded(c, new RequestValidatorImpl(vertx, c)))
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
    RequestUtils.extract(ctx.request(), op, () -> Future.succeededFuture(body))
        .map(request -> check(l.validator, op, withQuery(request, ctx, op), body))
        .onSuccess(v -> ctx.next())
        .onFailure(e -> Problems.send(ctx, e instanceof KonsilException ? e
            : new KonsilException(400, "invalid-query", "Invalid request: " + e.getMessage())));
  }

  private static boolean isPublic(Operation op) {
    Object security = op.getOpenAPIModel().getValue("security");
    return security instanceof JsonArray a && a.isEmpty();
  }

  /**
   * Every parameter, then the body. vertx-openapi's {@code validate(...)} stops at the first problem; the API has
   * always named every bad field at once, so each parameter is validated on its own.
   */
  private static Void check(RequestValidatorImpl validator, Operation op, ValidatableRequest request, Buffer body) {
    List<FieldProblem> params = new ArrayList<>();
    boolean idempotencyKey = false;
    for (Parameter p : op.getParameters()) {
      try {
        validator.validateParameter(p, value(request, p));
      } catch (ValidatorException e) {
        params.add(new FieldProblem(p.getName(), reason(e)));
        idempotencyKey |= p.getIn() == Location.HEADER && "Idempotency-Key".equalsIgnoreCase(p.getName());
      }
    }
    List<FieldProblem> bodyProblems = new ArrayList<>();
    if (op.getRequestBody() != null) {
      bodyProblems.addAll(checkBody(validator, op, request, body));
    }
    if (idempotencyKey) {
      throw new KonsilException(400, "idempotency-key-missing",
          "An Idempotency-Key header (1-200 characters) is required", concat(params, bodyProblems));
    }
    if (!params.isEmpty()) {
      throw new KonsilException(400, "invalid-query", "Invalid request parameters", concat(params, bodyProblems));
    }
    if (!bodyProblems.isEmpty()) {
      throw new KonsilException(400, "invalid-request", "The request body does not match the API contract",
          bodyProblems);
    }
    return null;
  }

  private static List<FieldProblem> checkBody(RequestValidatorImpl validator, Operation op, ValidatableRequest request,
                                              Buffer body) {
    boolean empty = body == null || body.length() == 0 || body.toString().isBlank();
    if (empty && !op.getRequestBody().isRequired()) {
      return List.of();
    }
    if (!empty) {
      // A body that is not a JSON object is its own, older error; the content type is not insisted on.
      try {
        if (!(Json.decodeValue(body) instanceof JsonObject)) {
          throw new DecodeException("not an object");
        }
      } catch (DecodeException e) {
        throw KonsilException.badRequest("invalid-json", "The body must be a JSON object");
      }
    }
    ValidatableRequest asJson = new ValidatableRequestImpl(request.getCookies(), request.getHeaders(),
        request.getPathParameters(), request.getQuery(), new RequestParameterImpl(empty ? null : body),
        "application/json");
    try {
      validator.validateBody(op.getRequestBody(), asJson);
      return List.of();
    } catch (SchemaValidationException e) {
      return bodyProblems(e.getOutputUnit());
    } catch (ValidatorException e) {
      return List.of(new FieldProblem("body", reason(e)));
    }
  }

  /**
   * Query values as the router decoded them. RequestUtils URL-decodes the already decoded values a second time, which
   * turns {@code %2B} ({@code +}, as in {@code +01:00}) into a space. The document has only scalar query parameters.
   */
  private static ValidatableRequest withQuery(ValidatableRequest request, RoutingContext ctx, Operation op) {
    Map<String, RequestParameter> query = new LinkedHashMap<>();
    for (Parameter p : op.getParameters()) {
      if (p.getIn() == Location.QUERY) {
        // An empty value (?hospital=) has always meant "no filter".
        String value = ctx.queryParams().get(p.getName());
        query.put(p.getName(), new RequestParameterImpl(value == null || value.isEmpty() ? null : value));
      }
    }
    return new ValidatableRequestImpl(request.getCookies(), request.getHeaders(), request.getPathParameters(), query,
        request.getBody(), request.getContentType());
  }

  private static RequestParameter value(ValidatableRequest request, Parameter p) {
    Map<String, RequestParameter> in = switch (p.getIn()) {
      case PATH -> request.getPathParameters();
      case QUERY -> request.getQuery();
      case HEADER -> request.getHeaders();
      case COOKIE -> request.getCookies();
    };
    RequestParameter v = in == null ? null : in.get(p.getName());
    return v == null ? new RequestParameterImpl(null) : v;
  }

  /** One problem per failing leaf of the schema output, named like the handlers name fields: {@code weekly[1].end}. */
  static List<FieldProblem> bodyProblems(OutputUnit unit) {
    Map<String, String> byField = new LinkedHashMap<>();
    collect(unit, byField);
    if (byField.isEmpty()) {
      byField.put("body", unit == null || unit.getError() == null ? "does not match the schema" : unit.getError());
    }
    List<FieldProblem> problems = new ArrayList<>();
    byField.forEach((field, message) -> problems.add(new FieldProblem(field, message)));
    return problems;
  }

  private static void collect(OutputUnit unit, Map<String, String> byField) {
    if (unit == null) {
      return;
    }
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(u -> collect(u, byField));
      return;
    }
    if (unit.getError() == null) {
      return;
    }
    String field = field(unit.getInstanceLocation());
    String message = unit.getError();
    String keyword = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    if (keyword.endsWith("/required")) {
      // The instance is the object; the missing property is named in the message ("Instance does not have required
      // property \"slotId\"").
      int q = message.indexOf('"');
      int q2 = q < 0 ? -1 : message.indexOf('"', q + 1);
      if (q2 > q) {
        String name = message.substring(q + 1, q2);
        field = field.equals("body") ? name : field + "." + name;
        message = "is required";
      }
    }
    byField.putIfAbsent(field, message);
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

  private static String reason(ValidatorException e) {
    if (e instanceof SchemaValidationException s && s.getOutputUnit() != null) {
      List<FieldProblem> leaves = bodyProblems(s.getOutputUnit());
      if (!leaves.isEmpty()) {
        return leaves.get(0).message();
      }
    }
    return e.getMessage();
  }

  private static List<FieldProblem> concat(List<FieldProblem> a, List<FieldProblem> b) {
    List<FieldProblem> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
