package io.konsil.scheduler.http;

import io.konsil.common.error.KonsilException.FieldProblem;
import io.konsil.common.token.Caller;
import io.konsil.common.token.Role;
import io.konsil.scheduler.error.SchedulerError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads request values into domain types and checks the rules the OpenAPI document cannot express (a date in the
 * past, to before from, a foreign cursor, a patient booking for someone else). The shape of every request (required
 * fields, types, enums, lengths) has already been checked against the document by {@link RequestContract}; what is
 * checked again here is kept as a second line of defence. Problems are collected per field and reported together:
 * query problems as 400 {@code invalid-query}, body problems as 422 {@code invalid-body}.
 */
public final class Input {
  public static final int MAX_TEXT = 4000;
  private final List<FieldProblem> problems = new ArrayList<>();
  private final JsonObject body;
  private final RoutingContext ctx;

  private Input(RoutingContext ctx, JsonObject body) {
    this.ctx = ctx;
    this.body = body;
  }

  public static Caller caller(RoutingContext ctx) {
    return ctx.get(ApiRouter.CALLER);
  }

  public static Caller requireRole(RoutingContext ctx, Role... roles) {
    Caller caller = caller(ctx);
    if (!Arrays.asList(roles).contains(caller.role())) {
      throw SchedulerError.FORBIDDEN_ROLE.error("This needs the role " + Arrays.stream(roles)
          .map(Role::wire).reduce((a, b) -> a + " or " + b).orElse("?"));
    }
    return caller;
  }

  public static Input query(RoutingContext ctx) {
    return new Input(ctx, null);
  }

  /** The JSON object body; an absent body counts as {}. 400 {@code invalid-json} when it is not a JSON object. */
  public static Input body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new Input(ctx, new JsonObject());
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      if (parsed instanceof JsonObject o) {
        return new Input(ctx, o);
      }
    } catch (DecodeException e) {
      // reported below
    }
    throw SchedulerError.INVALID_JSON.error("The body must be a JSON object");
  }

  public JsonObject json() {
    return body;
  }

  private Object raw(String name) {
    return body != null ? body.getValue(name) : ctx.queryParams().get(name);
  }

  public void problem(String field, String message) {
    problems.add(new FieldProblem(field, message));
  }

  /**
   * A string field or query value, taken literally (a query value of {@code " "} is searched for as that). Lengths are
   * counted in code points, as JSON Schema's {@code maxLength} counts them (an emoji is one character, not two).
   */
  public String string(String name, boolean required, int maxLength) {
    Object v = raw(name);
    if (v == null) {
      if (required) {
        problem(name, "is required");
      }
      return null;
    }
    if (!(v instanceof String s) || s.isEmpty() || (body != null && s.isBlank())) {
      problem(name, "must be a non-empty string");
      return null;
    }
    if (s.codePointCount(0, s.length()) > maxLength) {
      problem(name, "must be at most " + maxLength + " characters");
      return null;
    }
    return s;
  }

  public String string(String name, boolean required) {
    return string(name, required, 200);
  }

  public <T> T choice(String name, boolean required, Function<String, T> parse, String allowed) {
    String s = string(name, required);
    if (s == null) {
      return null;
    }
    T value = parse.apply(s);
    if (value == null) {
      problem(name, "must be one of " + allowed);
    }
    return value;
  }

  public boolean bool(String name, boolean fallback) {
    Object v = raw(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    problem(name, "must be true or false");
    return fallback;
  }

  public int integer(String name, int fallback, int min, int max) {
    Object v = raw(name);
    if (v == null) {
      return fallback;
    }
    try {
      int i = v instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue() : Integer.parseInt(v.toString());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(name, "must be an integer from " + min + " to " + max);
    return fallback;
  }

  public LocalDate date(String name, boolean required) {
    String s = string(name, required);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      problem(name, "must be a date (YYYY-MM-DD)");
      return null;
    }
  }

  /** A date-time with offset, or a date meaning its start of day in {@code zone}. */
  public Instant instant(String name, ZoneId zone) {
    String s = string(name, false);
    if (s == null) {
      return null;
    }
    try {
      return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(zone).toInstant() : OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      problem(name, "must be an ISO-8601 date-time with offset or a date");
      return null;
    }
  }

  public List<String> strings(String name, int maxItems) {
    Object v = raw(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray a) || a.size() > maxItems || a.stream().anyMatch(x -> !(x instanceof String))) {
      problem(name, "must be an array of at most " + maxItems + " strings");
      return List.of();
    }
    return a.stream().map(String.class::cast).toList();
  }

  /** Throws the collected problems, if any. */
  public void check() {
    if (problems.isEmpty()) {
      return;
    }
    if (body == null) {
      throw SchedulerError.INVALID_QUERY.error("Invalid query parameters", problems);
    }
    throw SchedulerError.INVALID_BODY.error("Invalid request body", problems);
  }
}
